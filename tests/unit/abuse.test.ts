import { createHmac, randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { AddressKeys } from '../../src/server/abuse/client-key.ts';
import { checkFormToken, issueFormToken } from '../../src/server/abuse/form-token.ts';
import { newReceiptCode, normaliseReceiptCode, receiptHash } from '../../src/server/abuse/receipt.ts';
import { serverSecret } from '../../src/server/abuse/secret.ts';
import { hmacKey } from '../../src/server/abuse/hmac-key.ts';

const secret = Buffer.from('un secret de test assez long pour les essais', 'utf8');

describe('jeton du formulaire', () => {
  const issued = new Date('2026-11-23T10:00:00Z');
  const at = (seconds: number) => new Date(issued.getTime() + seconds * 1000);
  const key = 'cle-du-formulaire-0001';
  const token = issueFormToken(secret, 'reprise-fsl', key, issued);

  it('accepte un formulaire envoyé après le délai minimal, pour sa propre consultation', () => {
    expect(checkFormToken(secret, token, 'reprise-fsl', key, { minSeconds: 5, now: at(30) })).toEqual({ ok: true });
  });

  it('refuse un formulaire envoyé trop vite, trop tard, pour une autre consultation, falsifié ou absent', () => {
    expect(checkFormToken(secret, token, 'reprise-fsl', key, { minSeconds: 5, now: at(2) })).toEqual({ ok: false, problem: 'trop-rapide' });
    expect(checkFormToken(secret, token, 'reprise-fsl', key, { minSeconds: 5, now: at(7 * 3600) })).toEqual({
      ok: false,
      problem: 'expire',
    });
    expect(checkFormToken(secret, token, 'autre', key, { minSeconds: 5, now: at(30) })).toEqual({ ok: false, problem: 'invalide' });
    const earlier = token.replace(/\.(\d+)\./, (_, s) => `.${Number(s) - 3600}.`);
    expect(checkFormToken(secret, earlier, 'reprise-fsl', key, { minSeconds: 5, now: at(30) })).toEqual({ ok: false, problem: 'invalide' });
    expect(
      checkFormToken(Buffer.from('un autre secret tout aussi long que le premier'), token, 'reprise-fsl', key, {
        minSeconds: 5,
        now: at(30),
      }),
    ).toEqual({ ok: false, problem: 'invalide' });
    for (const bad of [undefined, '', 'sans-point', 42, 'x'.repeat(400)]) {
      expect(checkFormToken(secret, bad, 'reprise-fsl', key, { minSeconds: 5, now: at(30) })).toEqual({ ok: false, problem: 'invalide' });
    }
  });
});

describe('jeton lié au formulaire', () => {
  it('ne sert qu’au formulaire dont il porte la clé', () => {
    const token = issueFormToken(secret, 'reprise-fsl', 'cle-du-formulaire-0001', new Date('2026-11-23T10:00:00Z'));
    const options = { minSeconds: 5, now: new Date('2026-11-23T10:01:00Z') };
    expect(checkFormToken(secret, token, 'reprise-fsl', 'cle-du-formulaire-0001', options)).toEqual({ ok: true });
    expect(checkFormToken(secret, token, 'reprise-fsl', 'cle-du-formulaire-0002', options)).toEqual({ ok: false, problem: 'invalide' });
    expect(checkFormToken(secret, token, 'reprise-fsl', undefined, options)).toEqual({ ok: false, problem: 'invalide' });
  });
});

describe('clé de la connexion', () => {
  const day = new Date('2026-11-23T08:00:00Z');
  it('est stable dans la journée, différente le lendemain, et ne contient jamais l’adresse', () => {
    const keys = new AddressKeys();
    const morning = keys.keyOf('203.0.113.7', day);
    expect(keys.keyOf('203.0.113.7', new Date('2026-11-23T22:00:00Z'))).toBe(morning);
    expect(keys.keyOf('203.0.113.7', new Date('2026-11-24T08:00:00Z'))).not.toBe(morning);
    expect(keys.keyOf('203.0.113.8', day)).not.toBe(morning);
    expect(morning).not.toContain('203');
    expect(morning).toMatch(/^[\w-]{43}$/);
  });

  it('tire une clé au hasard, gardée en mémoire : le secret du dossier de données ne permet pas de la refaire', () => {
    // Two servers without a shared secret, or one restarted: different keys for one address.
    expect(new AddressKeys().keyOf('203.0.113.7', day)).not.toBe(new AddressKeys().keyOf('203.0.113.7', day));
    // With SERVER_SECRET, every server of one database counts alike.
    const shared = Buffer.from('x'.repeat(40));
    expect(new AddressKeys({ shared }).keyOf('203.0.113.7', day)).toBe(new AddressKeys({ shared }).keyOf('203.0.113.7', day));
  });

  it('compte une ligne IPv6 sur son /64 (ou /56), et chaque écriture d’une adresse comme une seule', () => {
    const keys = new AddressKeys();
    const of = (address: string) => keys.keyOf(address, day);
    expect(of('2001:db8:1:2::1')).toBe(of('2001:db8:1:2:aaaa:bbbb:cccc:dddd'));
    expect(of('2001:db8:1:2::1')).toBe(of('[2001:DB8:1:2:0:0:0:1]:443'));
    expect(of('2001:db8:1:2::1')).toBe(of('2001:0db8:0001:0002::9'));
    expect(of('fe80::1%eth0')).toBe(of('fe80::2'));
    expect(of('2001:db8:1:2::1')).not.toBe(of('2001:db8:1:3::1'));
    expect(of('198.51.100.7')).toBe(of('::ffff:198.51.100.7'));
    expect(of('198.51.100.7')).toBe(of('::FFFF:c633:6407'));
    expect(of('198.51.100.7')).toBe(of('198.51.100.7:8080'));
    expect(of('198.51.100.7')).not.toBe(of('198.51.100.8'));
    const wide = new AddressKeys({ ipv6Prefix: 56 });
    expect(wide.keyOf('2001:db8:1:200::1', day)).toBe(wide.keyOf('2001:db8:1:2ff::1', day));
    expect(wide.keyOf('2001:db8:1:200::1', day)).not.toBe(wide.keyOf('2001:db8:1:300::1', day));
  });
});

describe('code de reçu', () => {
  it('compte 16 caractères de base32 de Crockford en quatre groupes, différents à chaque fois', () => {
    const codes = new Set(Array.from({ length: 1000 }, () => newReceiptCode()));
    expect(codes.size).toBe(1000);
    for (const code of codes) expect(code).toMatch(/^[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){3}$/);
  });

  it('relit ce qu’une personne tape, et en calcule la même empreinte', () => {
    const code = newReceiptCode();
    const typed = ` ${code.toLowerCase().replace(/-/g, ' ')} `;
    expect(normaliseReceiptCode(typed)).toBe(code.replace(/-/g, ''));
    expect(receiptHash(typed)).toBe(receiptHash(code));
    expect(normaliseReceiptCode('OOOO-IIII-LLLL-0000')).toBe('0000111111110000');
    expect(receiptHash('trop-court')).toBeUndefined();
    expect(receiptHash(code)).not.toContain(code.replace(/-/g, ''));
  });
});

describe('secret du serveur', () => {
  it('est créé une fois, lisible par son seul propriétaire, et relu à l’identique', () => {
    const dir = path.join(mkdtempSync(path.join(tmpdir(), 'registre-ia-secret-')), 'data');
    try {
      const first = serverSecret(dir, undefined);
      expect(serverSecret(dir, undefined).equals(first)).toBe(true);
      expect(statSync(path.join(dir, 'secret.key')).mode & 0o777).toBe(0o600);
      expect(first.length).toBeGreaterThanOrEqual(32);
    } finally {
      rmSync(path.dirname(dir), { recursive: true, force: true });
    }
  });

  it('prend SERVER_SECRET quand il est donné, et refuse un secret trop court', () => {
    expect(serverSecret('/nonexistent', 'x'.repeat(40)).toString()).toBe('x'.repeat(40));
    expect(() => serverSecret('/nonexistent', 'court')).toThrow(/32 caractères/);
  });

  it('refuse un fichier de secret vide ou tronqué (un premier démarrage interrompu) au lieu de signer avec', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'registre-ia-secret-'));
    try {
      for (const content of ['', '\n', 'abc']) {
        writeFileSync(path.join(dir, 'secret.key'), content, { mode: 0o600 });
        expect(() => serverSecret(dir, undefined)).toThrow(/vide ou tronqué.*supprimez ce fichier/);
      }
      rmSync(path.join(dir, 'secret.key'));
      expect(serverSecret(dir, undefined).length).toBeGreaterThanOrEqual(32);
      // Written whole under a temporary name, then linked: no temporary file stays behind.
      expect(readdirSync(dir)).toEqual(['secret.key']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('clé des HMAC', () => {
  it('donne le même objet clé pour un même secret, et les mêmes signatures que le secret lui-même', () => {
    const secret = randomBytes(32);
    expect(hmacKey(secret)).toBe(hmacKey(secret));
    const withBuffer = createHmac('sha256', secret).update('formulaire:x').digest('base64url');
    expect(createHmac('sha256', hmacKey(secret)).update('formulaire:x').digest('base64url')).toBe(withBuffer);
    expect(
      createHmac('sha256', hmacKey(randomBytes(32)))
        .update('formulaire:x')
        .digest('base64url'),
    ).not.toBe(withBuffer);
  });

  it('accepte un jeton signé avec une autre copie du même secret', () => {
    const secret = randomBytes(32);
    const token = issueFormToken(secret, 'essai', 'cle-1', new Date(Date.now() - 60_000));
    expect(checkFormToken(Buffer.from(secret), token, 'essai', 'cle-1', { minSeconds: 5 })).toEqual({ ok: true });
  });
});
