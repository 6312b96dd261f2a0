/**
 * `npm run moderators -- <command>`: the command line of moderator accounts. The terminal and the
 * store are passed in, so the tests run it without either.
 */
import { formatDateTime } from '../../lib/format.ts';
import type { ContributionStore } from '../store/types.ts';
import {
  addModerator,
  checkNewLogin,
  enableModerator,
  existingAccount,
  ModeratorError,
  removeModerator,
  setModeratorPassword,
} from './accounts.ts';
import { loginThrottleKey } from './login.ts';
import { passwordProblem } from './password.ts';

export interface CliIo {
  env: NodeJS.ProcessEnv;
  /** Whether a person can type a password (stdin is a terminal). */
  interactive: boolean;
  /** Reads a line without echoing it. */
  askHidden: (prompt: string) => Promise<string>;
  out: (line: string) => void;
  err: (line: string) => void;
}

export const USAGE = `Comptes des modérateurs

  npm run moderators -- add <identifiant>       crée un compte
  npm run moderators -- list                    liste les comptes
  npm run moderators -- password <identifiant>  change le mot de passe (ferme les sessions ouvertes)
  npm run moderators -- remove <identifiant>    désactive le compte et ferme ses sessions
  npm run moderators -- enable <identifiant>    réactive un compte désactivé
  npm run moderators -- unlock <identifiant>    lève la suspension des connexions après trop d’échecs

Le mot de passe est lu dans MODERATOR_PASSWORD, ou demandé deux fois sans être affiché
quand la commande est lancée dans un terminal. La base est celle du serveur : DATA_DIR
(./data par défaut) ou DATABASE_URL.`;

/** Exit codes: 0 done, 1 refused (the message says why), 2 the command itself is wrong. */
export const EXIT = { ok: 0, refused: 1, usage: 2 } as const;

async function readNewPassword(io: CliIo): Promise<string> {
  const given = io.env.MODERATOR_PASSWORD;
  if (given) return given;
  if (!io.interactive) {
    throw new ModeratorError(
      'Aucun mot de passe fourni : définissez la variable MODERATOR_PASSWORD, ou lancez la commande dans un terminal pour le saisir.',
    );
  }
  const first = await io.askHidden('Mot de passe : ');
  // Said at once, rather than after typing it a second time.
  const problem = passwordProblem(first);
  if (problem) throw new ModeratorError(problem);
  const second = await io.askHidden('Le même mot de passe, une seconde fois : ');
  if (first !== second) throw new ModeratorError('Les deux saisies diffèrent : rien n’a été changé.');
  return first;
}

const sessionsEnded = (n: number) => (n === 0 ? 'aucune session ouverte' : n === 1 ? 'une session fermée' : `${n} sessions fermées`);

export async function runModeratorsCommand(
  args: readonly string[],
  io: CliIo,
  openStore: () => Promise<ContributionStore>,
  /** The server's secret, which keys the count of failed logins. */
  readSecret: () => Buffer,
): Promise<number> {
  const [command, login, ...extra] = args;
  const needsLogin = ['add', 'password', 'remove', 'enable', 'unlock'];
  if (command === undefined || ['help', 'aide', '--help', '-h'].includes(command)) {
    io.out(USAGE);
    return command === undefined ? EXIT.usage : EXIT.ok;
  }
  const wellFormed = command === 'list' ? login === undefined : needsLogin.includes(command) && login !== undefined && extra.length === 0;
  if (!wellFormed) {
    io.err(
      needsLogin.includes(command)
        ? `Indiquez un seul identifiant : npm run moderators -- ${command} <identifiant>`
        : `Commande inconnue ou mal formée : « ${args.join(' ')} ».`,
    );
    io.err('');
    io.err(USAGE);
    return EXIT.usage;
  }

  let store: ContributionStore | undefined;
  try {
    store = await openStore();
    switch (command) {
      case 'list': {
        const accounts = await store.listStaff();
        if (accounts.length === 0) {
          io.out('Aucun compte de modérateur. Créez-en un avec : npm run moderators -- add <identifiant>');
          break;
        }
        const width = Math.max(11, ...accounts.map((a) => a.login.length));
        io.out(`${'Identifiant'.padEnd(width)}  ${'Créé le'.padEnd(28)}  État`);
        for (const account of accounts) {
          const state = account.disabledAt ? `désactivé le ${formatDateTime(account.disabledAt)}` : 'actif';
          io.out(`${account.login.padEnd(width)}  ${formatDateTime(account.createdAt).padEnd(28)}  ${state}`);
        }
        break;
      }
      case 'add': {
        // The login is checked before the password is typed.
        await checkNewLogin(store, login!);
        await addModerator(store, login!, await readNewPassword(io));
        io.out(`Compte « ${login} » créé : il peut se connecter sur /moderation/.`);
        break;
      }
      case 'password': {
        await existingAccount(store, login!);
        const ended = await setModeratorPassword(store, login!, await readNewPassword(io));
        io.out(`Mot de passe de « ${login} » changé ; ${sessionsEnded(ended)}.`);
        break;
      }
      case 'remove': {
        const ended = await removeModerator(store, login!);
        io.out(`Compte « ${login} » désactivé ; ${sessionsEnded(ended)}. Ses décisions restent au journal.`);
        break;
      }
      case 'enable': {
        await enableModerator(store, login!);
        io.out(`Compte « ${login} » réactivé.`);
        break;
      }
      case 'unlock': {
        await existingAccount(store, login!);
        const key = loginThrottleKey(readSecret(), login!);
        const throttle = await store.getLoginThrottle(key);
        await store.clearLoginFailures(key);
        io.out(
          throttle
            ? `Connexions de « ${login} » débloquées (${throttle.failures} échec(s) effacé(s)). Si ces échecs ne viennent pas de ce modérateur, changez son mot de passe.`
            : `Les connexions de « ${login} » n’étaient pas suspendues.`,
        );
        break;
      }
    }
    return EXIT.ok;
  } catch (error) {
    if (error instanceof ModeratorError) io.err(error.message);
    else io.err(`Erreur : ${(error as Error).message}`);
    return EXIT.refused;
  } finally {
    await store?.close();
  }
}
