/**
 * `npm run lock:platforms`: completes package-lock.json with the platform-specific optional
 * packages (compiler and Pagefind binaries for macOS, Windows, Android…) that a partial registry
 * mirror could not resolve. Without them `npm ci` refuses the lock file as "out of sync"; with
 * them npm skips each one on the platforms it does not match (os/cpu/libc), as it would anyway.
 * Run it after any `npm install` that changes the lock file.
 */
import { readFileSync, writeFileSync } from 'node:fs';

const file = process.argv[2] ?? 'package-lock.json';
type LockPackage = { version?: string; optional?: boolean; optionalDependencies?: Record<string, string> } & Record<string, unknown>;
const lock = JSON.parse(readFileSync(file, 'utf8')) as { packages: Record<string, LockPackage> };

function platformOf(name: string): Record<string, string[]> {
  const short = name.split('/').pop() ?? name;
  const pick = (rules: [RegExp, string][]) => rules.find(([test]) => test.test(short))?.[1];
  const os = pick([
    [/android/, 'android'],
    [/darwin/, 'darwin'],
    [/freebsd/, 'freebsd'],
    [/win(32|dows)/, 'win32'],
    [/linux/, 'linux'],
  ]);
  const cpu = pick([
    [/wasm32/, 'wasm32'],
    [/arm64|aarch64/, 'arm64'],
    [/x64/, 'x64'],
  ]);
  const libc = pick([
    [/musl/, 'musl'],
    [/linux.*gnu/, 'glibc'],
  ]);
  return { ...(os && { os: [os] }), ...(cpu && { cpu: [cpu] }), ...(libc && { libc: [libc] }) };
}

let added = 0;
for (const pkg of Object.values(lock.packages)) {
  for (const [dependency, version] of Object.entries(pkg.optionalDependencies ?? {})) {
    const key = `node_modules/${dependency}`;
    if (lock.packages[key]) continue;
    lock.packages[key] = { version, optional: true, ...platformOf(dependency) };
    added++;
  }
}
writeFileSync(file, `${JSON.stringify(lock, null, 2)}\n`);
console.log(`package-lock.json : ${added} paquet(s) optionnel(s) d’autres plateformes ajouté(s).`);
