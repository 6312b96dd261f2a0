/** `npm run moderators -- <command>`: moderator accounts (see src/server/moderation/cli.ts). */
import { serverSecret } from '../src/server/abuse/secret.ts';
import { readServerSettings } from '../src/server/runtime.ts';
import { openStore } from '../src/server/store/index.ts';
import { EXIT, runModeratorsCommand } from '../src/server/moderation/cli.ts';
import { askHidden } from '../src/server/moderation/prompt.ts';

let code: number;
try {
  const settings = readServerSettings();
  code = await runModeratorsCommand(
    process.argv.slice(2),
    {
      env: process.env,
      interactive: Boolean(process.stdin.isTTY),
      askHidden: (prompt) => askHidden(prompt),
      out: (line) => console.log(line),
      err: (line) => console.error(line),
    },
    () => openStore({ dataDir: settings.dataDir, databaseUrl: settings.databaseUrl }),
    () => serverSecret(settings.dataDir, settings.sharedSecret),
  );
} catch (error) {
  // Settings that cannot be read (a malformed variable): said in French, never a stack trace.
  console.error((error as Error).message);
  code = EXIT.refused;
}
process.exitCode = code;
