import { describe, expect, it } from 'vitest';
import { safeReturnPath } from '../../src/server/moderation/guard.ts';
import { retryMessage } from '../../src/server/moderation/login.ts';
import { hashPassword, MIN_PASSWORD_LENGTH, passwordProblem, verifyPassword } from '../../src/server/moderation/password.ts';
import {
  clearedSessionCookie,
  csrfToken,
  csrfValid,
  newSessionToken,
  overHttps,
  sessionTokensOf,
  sessionCookie,
  sessionTokenHash,
  sessionTokenOf,
} from '../../src/server/moderation/session.ts';

const secret = Buffer.from('un secret de test assez long pour les essais', 'utf8');
/** The cheapest cost the verification accepts: these tests check the format, not the cost. */
const cheap = { ln: 10, r: 8, p: 1 };

describe('mots de passe', () => {
  it('un hachage décrit son algorithme, son coût et son sel, et ne vérifie que le bon mot de passe', async () => {
    const hash = await hashPassword('cheval correct agrafe', cheap);
    expect(hash).toMatch(/^\$scrypt\$ln=10,r=8,p=1\$[A-Za-z0-9_-]{22}\$[A-Za-z0-9_-]{43}$/);
    expect(hash).not.toContain('cheval');
    expect(await verifyPassword('cheval correct agrafe', hash)).toBe(true);
    expect(await verifyPassword('cheval correct agrafé', hash)).toBe(false);
    expect(await verifyPassword('', hash)).toBe(false);
    // Same password, another salt: another hash.
    expect(await hashPassword('cheval correct agrafe', cheap)).not.toBe(hash);
  });

  it('le coût par défaut est lu dans le hachage, et un mot de passe accentué se vérifie quelle que soit sa composition', async () => {
    const hash = await hashPassword('Été à la fenêtre 2026');
    expect(hash.startsWith('$scrypt$ln=15,r=8,p=1$')).toBe(true);
    expect(await verifyPassword('E\u0301te\u0301 a\u0300 la fene\u0302tre 2026', hash)).toBe(true);
  });

  it('un hachage abîmé ou au coût démesuré ne vérifie rien, sans erreur', async () => {
    const hash = await hashPassword('cheval correct agrafe', cheap);
    for (const bad of ['', 'texte', hash.replace('scrypt', 'md5'), hash.replace('ln=10', 'ln=30'), hash.slice(0, -5), `${hash}$`]) {
      expect(await verifyPassword('cheval correct agrafe', bad), bad).toBe(false);
    }
  });

  it('refuse un mot de passe trop court, démesuré ou entouré d’espaces, en français', () => {
    expect(passwordProblem('a'.repeat(MIN_PASSWORD_LENGTH - 1))).toBe(
      `Le mot de passe doit compter au moins ${MIN_PASSWORD_LENGTH} caractères.`,
    );
    expect(passwordProblem('a'.repeat(MIN_PASSWORD_LENGTH))).toBeNull();
    expect(passwordProblem('é'.repeat(MIN_PASSWORD_LENGTH))).toBeNull();
    expect(passwordProblem('a'.repeat(600))).toMatch(/au plus/);
    expect(passwordProblem(' un mot de passe long')).toMatch(/espace/);
  });
});

describe('sessions et jeton CSRF', () => {
  it('le jeton de session est aléatoire ; seule son empreinte est conservée', () => {
    const token = newSessionToken();
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(newSessionToken()).not.toBe(token);
    expect(sessionTokenHash(token)).toBe(sessionTokenHash(token));
    expect(sessionTokenHash(token)).not.toContain(token);
  });

  it('le jeton CSRF tient à la session et au secret du serveur', () => {
    const hash = sessionTokenHash(newSessionToken());
    const csrf = csrfToken(secret, hash);
    expect(csrfValid(secret, hash, csrf)).toBe(true);
    expect(csrfValid(secret, sessionTokenHash(newSessionToken()), csrf)).toBe(false);
    expect(csrfValid(Buffer.from('un autre secret tout aussi long que le premier'), hash, csrf)).toBe(false);
    for (const bad of [undefined, null, '', csrf.slice(1), `${csrf}x`, 42]) expect(csrfValid(secret, hash, bad)).toBe(false);
  });

  it('lit le cookie de session parmi les autres, et ignore une valeur mal formée', () => {
    const token = newSessionToken();
    const request = (cookie: string) => new Request('http://exemple.test/moderation/', { headers: { cookie } });
    expect(sessionTokenOf(request(`autre=1; moderation_session=${token}; encore=2`))).toBe(token);
    expect(sessionTokenOf(request('moderation_session=trop-court'))).toBeUndefined();
    expect(sessionTokenOf(request(`moderation_session=${token};x`))).toBe(token);
    expect(sessionTokenOf(new Request('http://exemple.test/'))).toBeUndefined();
  });

  it('le cookie est HttpOnly, SameSite=Strict, limité à /moderation/, et Secure en HTTPS seulement', () => {
    const token = newSessionToken();
    expect(sessionCookie(token, false)).toBe(`moderation_session=${token}; Path=/moderation/; Max-Age=28800; HttpOnly; SameSite=Strict`);
    expect(sessionCookie(token, true)).toMatch(/; Secure$/);
    expect(clearedSessionCookie(true)).toBe('moderation_session=; Path=/moderation/; Max-Age=0; HttpOnly; SameSite=Strict; Secure');
  });

  it('HTTPS : l’adresse de la requête, que notre serveur a déjà réglée d’après nos mandataires', () => {
    expect(overHttps(new Request('https://exemple.test/'))).toBe(true);
    expect(overHttps(new Request('http://exemple.test/', { headers: { 'x-forwarded-proto': 'https' } }))).toBe(false);
  });

  it('essaie chaque cookie de session reçu : un cookie planté depuis un sous-domaine ne déconnecte pas', () => {
    const planted = newSessionToken();
    const mine = newSessionToken();
    const request = new Request('http://exemple.test/', {
      headers: { cookie: `moderation_session=${planted}; moderation_session=${mine}` },
    });
    expect(sessionTokensOf(request)).toEqual([planted, mine]);
  });

  it('après la connexion, ne renvoie que vers une page de la modération', () => {
    expect(safeReturnPath('/moderation/journal/')).toBe('/moderation/journal/');
    expect(safeReturnPath('/moderation/reprise-fsl/export.csv')).toBe('/moderation/reprise-fsl/export.csv');
    expect(safeReturnPath('/moderation/reprise-fsl/export.csv/')).toBe('/moderation/reprise-fsl/export.csv');
    for (const bad of [
      '//ailleurs.example/',
      'https://ailleurs.example/moderation/',
      '/moderation//ailleurs.example',
      '/registre/',
      '/moderation/connexion/',
      '/moderation/deconnexion/',
      '/moderation/\\ailleurs',
      null,
      42,
    ]) {
      expect(safeReturnPath(bad), String(bad)).toBe('/moderation/');
    }
  });

  it('dit à quelle heure de Paris réessayer', () => {
    expect(retryMessage(new Date('2026-11-23T09:47:00Z'))).toContain('réessayez à partir de 10\u00a0h\u00a047.');
  });
});
