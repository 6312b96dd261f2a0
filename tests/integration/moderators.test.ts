/**
 * Moderator accounts from the command line, and logging in, against a real SQLite store: the
 * command runs with a fake terminal, the clock is the test's.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACCOUNT_ACTIONS, CLI_ACTOR } from '../../src/server/moderation/accounts.ts';
import { EXIT, runModeratorsCommand, type CliIo } from '../../src/server/moderation/cli.ts';
import { LOGIN_LIMITS, LOGIN_WINDOW_MS, logIn, logOut, STAFF_ACTIONS } from '../../src/server/moderation/login.ts';
import { MAX_CONCURRENT_HASHES } from '../../src/server/moderation/password.ts';
import { DEVICE_TTL_MS, newDeviceCookie, sessionTokenHash } from '../../src/server/moderation/session.ts';
import { AddressKeys } from '../../src/server/abuse/client-key.ts';
import { openStore } from '../../src/server/store/index.ts';
import type { ContributionStore } from '../../src/server/store/types.ts';
import { PROJECT } from '../helpers/project.ts';

const secret = Buffer.from('un secret de test assez long pour les essais', 'utf8');
const addressKeys = new AddressKeys();
const PASSWORD = 'une phrase de passe assez longue';
let dir: string;
let store: ContributionStore;
let now = new Date('2026-11-23T09:00:00Z');

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'registre-ia-moderateurs-'));
  store = await openStore({ dataDir: path.join(dir, 'data'), clock: () => now });
});
afterAll(async () => {
  await store?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Runs the command as a terminal would; `typed` are the lines typed at the hidden prompts. */
async function run(args: string[], options: { env?: NodeJS.ProcessEnv; interactive?: boolean; typed?: string[] } = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const prompts: string[] = [];
  const typed = [...(options.typed ?? [])];
  const io: CliIo = {
    env: options.env ?? {},
    interactive: options.interactive ?? false,
    askHidden: async (prompt) => {
      prompts.push(prompt);
      return typed.shift() ?? '';
    },
    out: (line) => out.push(line),
    err: (line) => err.push(line),
  };
  // The command closes the store it opens: hand it a view whose close does nothing.
  const code = await runModeratorsCommand(
    args,
    io,
    async () => ({ ...store, close: async () => undefined }) as ContributionStore,
    () => secret,
  );
  return { code, out: out.join('\n'), err: err.join('\n'), prompts };
}

describe('la commande des comptes de modérateurs', () => {
  it('crée un compte avec MODERATOR_PASSWORD, haché, et l’écrit au journal', async () => {
    const result = await run(['add', 'alice'], { env: { MODERATOR_PASSWORD: PASSWORD } });
    expect(result).toMatchObject({ code: EXIT.ok, err: '' });
    expect(result.out).toContain('Compte « alice » créé');
    const account = await store.getStaff('alice');
    expect(account?.passwordHash).toMatch(/^\$scrypt\$/);
    expect(account?.passwordHash).not.toContain(PASSWORD);
    expect((await store.listAudit({ target: 'alice' }))[0]).toMatchObject({ actor: CLI_ACTOR, action: ACCOUNT_ACTIONS.create });
  });

  it('dans un terminal, demande le mot de passe deux fois sans l’afficher', async () => {
    const result = await run(['add', 'bruno'], { interactive: true, typed: [PASSWORD, PASSWORD] });
    expect(result.code).toBe(EXIT.ok);
    expect(result.prompts).toHaveLength(2);
    expect(result.out).not.toContain(PASSWORD);
    expect((await logIn({ store, secret, addressKeys, login: 'bruno', password: PASSWORD, address: '192.0.2.1', now })).kind).toBe('ok');
  });

  it('refuse en français, avec un code non nul : saisies différentes, mot de passe court, pas de terminal, compte existant, identifiant invalide', async () => {
    const mismatch = await run(['add', 'carla'], { interactive: true, typed: [PASSWORD, `${PASSWORD}!`] });
    expect(mismatch).toMatchObject({ code: EXIT.refused, err: 'Les deux saisies diffèrent : rien n’a été changé.' });
    const short = await run(['add', 'carla'], { interactive: true, typed: ['court'] });
    expect(short.code).toBe(EXIT.refused);
    expect(short.err).toBe('Le mot de passe doit compter au moins 12 caractères.');
    expect(short.prompts).toHaveLength(1);
    const noTerminal = await run(['add', 'carla']);
    expect(noTerminal.code).toBe(EXIT.refused);
    expect(noTerminal.err).toContain('MODERATOR_PASSWORD');
    expect(await store.getStaff('carla')).toBeNull();
    const twice = await run(['add', 'alice'], { env: { MODERATOR_PASSWORD: PASSWORD } });
    expect(twice).toMatchObject({ code: EXIT.refused, err: 'Le compte « alice » existe déjà.' });
    const invalid = await run(['add', 'Élodie'], { env: { MODERATOR_PASSWORD: PASSWORD } });
    expect(invalid.code).toBe(EXIT.refused);
    expect(invalid.err).toContain('Identifiant « Élodie » invalide');
  });

  it('signale une commande mal formée par le code 2 et rappelle l’usage', async () => {
    for (const args of [[], ['supprimer', 'alice'], ['add'], ['add', 'a', 'b'], ['list', 'alice']]) {
      const result = await run(args);
      expect(result.code, args.join(' ')).toBe(EXIT.usage);
      expect(`${result.out}${result.err}`).toContain('npm run moderators -- add <identifiant>');
    }
    expect((await run(['aide'])).code).toBe(EXIT.ok);
  });

  it('liste les comptes avec leur date de création et leur état', async () => {
    const result = await run(['list']);
    expect(result.code).toBe(EXIT.ok);
    expect(result.out).toMatch(/^Identifiant\s+Créé le\s+État$/m);
    expect(result.out).toMatch(/^alice\s+23 novembre 2026 à 10\sh\s00\s+actif$/m);
  });

  it('un nouveau mot de passe ferme les sessions ouvertes', async () => {
    const login = await logIn({ store, secret, addressKeys, login: 'alice', password: PASSWORD, address: '192.0.2.1', now });
    expect(login.kind).toBe('ok');
    const result = await run(['password', 'alice'], { env: { MODERATOR_PASSWORD: `${PASSWORD} neuve` } });
    expect(result).toMatchObject({ code: EXIT.ok, out: 'Mot de passe de « alice » changé ; une session fermée.' });
    if (login.kind === 'ok') expect(await store.getSession(login.session.tokenHash)).toBeNull();
    expect((await logIn({ store, secret, addressKeys, login: 'alice', password: PASSWORD, address: '192.0.2.1', now })).kind).toBe(
      'refused',
    );
    expect(
      (await logIn({ store, secret, addressKeys, login: 'alice', password: `${PASSWORD} neuve`, address: '192.0.2.1', now })).kind,
    ).toBe('ok');
    expect((await run(['password', 'personne'], { env: { MODERATOR_PASSWORD: PASSWORD } })).err).toBe('Aucun compte « personne ».');
  });

  it('« remove » désactive le compte et ferme ses sessions ; « enable » le rouvre', async () => {
    const login = await logIn({ store, secret, addressKeys, login: 'bruno', password: PASSWORD, address: '192.0.2.1', now });
    const result = await run(['remove', 'bruno']);
    expect(result.code).toBe(EXIT.ok);
    expect(result.out).toContain('désactivé');
    expect((await store.getStaff('bruno'))?.disabledAt).not.toBeNull();
    if (login.kind === 'ok') expect(await store.getSession(login.session.tokenHash)).toBeNull();
    expect((await logIn({ store, secret, addressKeys, login: 'bruno', password: PASSWORD, address: '192.0.2.1', now })).kind).toBe(
      'refused',
    );
    expect((await run(['list'])).out).toMatch(/^bruno\s+.*désactivé le 23 novembre 2026/m);
    expect((await run(['remove', 'bruno'])).code).toBe(EXIT.refused);
    expect((await run(['add', 'bruno'], { env: { MODERATOR_PASSWORD: PASSWORD } })).err).toContain('désactivé');
    expect((await run(['enable', 'bruno'])).code).toBe(EXIT.ok);
    expect((await logIn({ store, secret, addressKeys, login: 'bruno', password: PASSWORD, address: '192.0.2.1', now })).kind).toBe('ok');
    const actions = (await store.listAudit({ target: 'bruno' })).map((row) => row.action);
    expect(actions).toEqual([ACCOUNT_ACTIONS.enable, ACCOUNT_ACTIONS.disable, ACCOUNT_ACTIONS.create]);
  });

  it('le script lui-même lit DATA_DIR et sort avec un code non nul en cas de refus', () => {
    const dataDir = path.join(dir, 'autre');
    const script = path.join(PROJECT, 'scripts', 'moderators.ts');
    const env = { ...process.env, DATA_DIR: dataDir, DATABASE_URL: '' };
    const added = spawnSync(process.execPath, [script, 'add', 'dora'], { env: { ...env, MODERATOR_PASSWORD: PASSWORD }, encoding: 'utf8' });
    expect(added.status).toBe(0);
    const listed = spawnSync(process.execPath, [script, 'list'], { env, encoding: 'utf8' });
    expect(listed.stdout).toMatch(/^dora\s/m);
    const refused = spawnSync(process.execPath, [script, 'add', 'emma'], { env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    expect(refused.status).toBe(1);
    expect(refused.stderr).toContain('MODERATOR_PASSWORD');
  });
});

describe('la connexion', () => {
  it('même réponse pour un identifiant inconnu, un compte désactivé ou un mauvais mot de passe', async () => {
    await run(['add', 'fanny'], { env: { MODERATOR_PASSWORD: PASSWORD } });
    await run(['add', 'hugo'], { env: { MODERATOR_PASSWORD: PASSWORD } });
    await run(['remove', 'hugo']);
    for (const [login, password] of [
      ['inconnu', PASSWORD],
      ['hugo', PASSWORD],
      ['fanny', 'mauvais mot de passe'],
      ['', ''],
    ] as const) {
      expect(await logIn({ store, secret, addressKeys, login, password, address: '192.0.2.2', now })).toEqual({ kind: 'refused' });
    }
  });

  it('ouvre une session dont seule l’empreinte du jeton est conservée, pour huit heures, et la ferme à la déconnexion', async () => {
    const result = await logIn({ store, secret, addressKeys, login: ' Fanny ', password: PASSWORD, address: '192.0.2.2', now });
    if (result.kind !== 'ok') throw new Error(result.kind);
    expect(result.session.tokenHash).toBe(sessionTokenHash(result.token));
    expect(Date.parse(result.session.expiresAt) - now.getTime()).toBe(8 * 3600 * 1000);
    expect(await store.getSession(result.session.tokenHash)).toMatchObject({ login: 'fanny' });
    await logOut(store, result.session);
    expect(await store.getSession(result.session.tokenHash)).toBeNull();
    const actions = (await store.listAudit({ limit: 2 })).map((row) => [row.actor, row.action]);
    expect(actions).toEqual([
      ['fanny', STAFF_ACTIONS.logout],
      ['fanny', STAFF_ACTIONS.login],
    ]);
  });

  it(`suspend un identifiant après ${LOGIN_LIMITS.perLogin} échecs, même avec le bon mot de passe, jusqu’à la fin de la fenêtre`, async () => {
    await run(['add', 'gael'], { env: { MODERATOR_PASSWORD: PASSWORD } });
    const start = now;
    for (let i = 0; i < LOGIN_LIMITS.perLogin; i++) {
      // From different addresses: the login's own count is what stops it.
      expect(
        (await logIn({ store, secret, addressKeys, login: 'gael', password: 'essai au hasard', address: `198.51.100.${i}`, now })).kind,
      ).toBe('refused');
    }
    const throttled = await logIn({ store, secret, addressKeys, login: 'gael', password: PASSWORD, address: '198.51.100.200', now });
    expect(throttled).toEqual({ kind: 'throttled', retryAt: new Date(start.getTime() + LOGIN_WINDOW_MS) });
    // Another account from the same addresses is not affected.
    expect((await logIn({ store, secret, addressKeys, login: 'fanny', password: PASSWORD, address: '198.51.100.1', now })).kind).toBe('ok');
    now = new Date(start.getTime() + LOGIN_WINDOW_MS + 1000);
    expect((await logIn({ store, secret, addressKeys, login: 'gael', password: PASSWORD, address: '198.51.100.200', now })).kind).toBe(
      'ok',
    );
  });

  it(`suspend une adresse après ${LOGIN_LIMITS.perAddress} échecs, quels que soient les identifiants essayés`, async () => {
    // As many at once as hashes may run: computed in parallel threads, the counts add up all the same.
    const kinds = new Set<string>();
    for (let batch = 0; batch < LOGIN_LIMITS.perAddress; batch += MAX_CONCURRENT_HASHES) {
      const size = Math.min(MAX_CONCURRENT_HASHES, LOGIN_LIMITS.perAddress - batch);
      const attempts = Array.from({ length: size }, (_, i) =>
        logIn({ store, secret, addressKeys, login: `inconnu-${batch + i}`, password: 'essai', address: '203.0.113.9', now }),
      );
      for (const result of await Promise.all(attempts)) kinds.add(result.kind);
    }
    expect(kinds).toEqual(new Set(['refused']));
    expect((await logIn({ store, secret, addressKeys, login: 'fanny', password: PASSWORD, address: '203.0.113.9', now })).kind).toBe(
      'throttled',
    );
    expect((await logIn({ store, secret, addressKeys, login: 'fanny', password: PASSWORD, address: '203.0.113.10', now })).kind).toBe('ok');
  });
  it('laisse entrer depuis un appareil déjà connu un modérateur dont l’identifiant est attaqué', async () => {
    await run(['add', 'ines'], { env: { MODERATOR_PASSWORD: PASSWORD } });
    const first = await logIn({ store, secret, addressKeys, login: 'ines', password: PASSWORD, address: '192.0.2.30', now });
    expect(first.kind).toBe('ok');
    const device = first.kind === 'ok' ? first.device : '';
    // Someone else, from many addresses, exhausts the login's count.
    for (let i = 0; i <= LOGIN_LIMITS.perLogin; i++) {
      await logIn({ store, secret, addressKeys, login: 'ines', password: 'au hasard', address: `203.0.113.${100 + i}`, now });
    }
    expect((await logIn({ store, secret, addressKeys, login: 'ines', password: PASSWORD, address: '192.0.2.31', now })).kind).toBe(
      'throttled',
    );
    // Her usual browser still gets in, and its cookie is renewed.
    const known = await logIn({
      store,
      secret,
      addressKeys,
      login: 'ines',
      password: PASSWORD,
      address: '192.0.2.30',
      devices: [device],
      now,
    });
    expect(known.kind).toBe('ok');
    // A cookie forged, issued to another login or too old does not count as known.
    const forged = `${device.slice(0, -3)}AAA`;
    const other = newDeviceCookie(secret, 'fanny', now);
    const old = newDeviceCookie(secret, 'ines', new Date(now.getTime() - DEVICE_TTL_MS - 60_000));
    for (const devices of [[forged], [other], [old], ['n’importe quoi']]) {
      expect(
        (await logIn({ store, secret, addressKeys, login: 'ines', password: PASSWORD, address: '192.0.2.30', devices, now })).kind,
      ).toBe('throttled');
    }
    // The known device has its own count: guessing from it is stopped too.
    for (let i = 0; i < LOGIN_LIMITS.perLogin; i++) {
      await logIn({ store, secret, addressKeys, login: 'ines', password: 'au hasard', address: '192.0.2.30', devices: [device], now });
    }
    expect(
      (await logIn({ store, secret, addressKeys, login: 'ines', password: PASSWORD, address: '192.0.2.30', devices: [device], now })).kind,
    ).toBe('throttled');
  });

  it('npm run moderators -- unlock lève la suspension d’un identifiant', async () => {
    await run(['add', 'jules'], { env: { MODERATOR_PASSWORD: PASSWORD } });
    for (let i = 0; i <= LOGIN_LIMITS.perLogin; i++) {
      await logIn({ store, secret, addressKeys, login: 'jules', password: 'au hasard', address: `203.0.113.${150 + i}`, now });
    }
    expect((await logIn({ store, secret, addressKeys, login: 'jules', password: PASSWORD, address: '192.0.2.40', now })).kind).toBe(
      'throttled',
    );
    const unlocked = await run(['unlock', 'jules']);
    expect(unlocked.code).toBe(EXIT.ok);
    expect(unlocked.out).toContain('débloquées');
    expect((await logIn({ store, secret, addressKeys, login: 'jules', password: PASSWORD, address: '192.0.2.40', now })).kind).toBe('ok');
    expect((await run(['unlock', 'jules'])).out).toContain('n’étaient pas suspendues');
    expect((await run(['unlock', 'personne'])).code).toBe(EXIT.refused);
  });

  it(`ne calcule pas plus de ${MAX_CONCURRENT_HASHES} empreintes de mot de passe à la fois : les suivantes sont priées de réessayer`, async () => {
    const burst = Array.from({ length: 3 * MAX_CONCURRENT_HASHES }, (_, i) =>
      logIn({ store, secret, addressKeys, login: `rafale-${i}`, password: 'essai', address: '198.51.100.90', now }),
    );
    const kinds = (await Promise.all(burst)).map((result) => result.kind);
    expect(kinds.filter((kind) => kind === 'refused')).toHaveLength(MAX_CONCURRENT_HASHES);
    expect(kinds.filter((kind) => kind === 'busy')).toHaveLength(2 * MAX_CONCURRENT_HASHES);
    // Once they are done, logins are checked again.
    expect((await logIn({ store, secret, addressKeys, login: 'fanny', password: PASSWORD, address: '198.51.100.91', now })).kind).toBe(
      'ok',
    );
  });
});
