import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { clientKey } from '../../src/server/abuse/client-key.ts';
import { checkFormToken, issueFormToken } from '../../src/server/abuse/form-token.ts';
import { newReceiptCode, normaliseReceiptCode, receiptHash } from '../../src/server/abuse/receipt.ts';
import { serverSecret } from '../../src/server/abuse/secret.ts';

const secret = Buffer.from('un secret de test assez long pour les essais', 'utf8');

describe('jeton du formulaire', () => {
  const issued = new Date('2026-11-23T10:00:00Z');
  const at = (seconds: number) => new Date(issued.getTime() + seconds * 1000);
  const token = issueFormToken(secret, 'reprise-fsl', issued);

  it('accepte un formulaire envoyé après le délai minimal, pour sa propre consultation', () => {
    expect(checkFormToken(secret, token, 'reprise-fsl', { minSeconds: 5, now: at(30) })).toEqual({ ok: true });
  });

  it('refuse un formulaire envoyé trop vite, trop tard, pour une autre consultation, falsifié ou absent', () => {
    expect(checkFormToken(secret, token, 'reprise-fsl', { minSeconds: 5, now: at(2) })).toEqual({ ok: false, problem: 'trop-rapide' });
    expect(checkFormToken(secret, token, 'reprise-fsl', { minSeconds: 5, now: at(7 * 3600) })).toEqual({ ok: false, problem: 'expire' });
    expect(checkFormToken(secret, token, 'autre', { minSeconds: 5, now: at(30) })).toEqual({ ok: false, problem: 'invalide' });
    const earlier = token.replace(/\.(\d+)\./, (_, s) => `.${Number(s) - 3600}.`);
    expect(checkFormToken(secret, earlier, 'reprise-fsl', { minSeconds: 5, now: at(30) })).toEqual({ ok: false, problem: 'invalide' });
    expect(
      checkFormToken(Buffer.from('un autre secret tout aussi long que le premier'), token, 'reprise-fsl', { minSeconds: 5, now: at(30) }),
    ).toEqual({ ok: false, problem: 'invalide' });
    for (const bad of [undefined, '', 'sans-point', 42, 'x'.repeat(400)]) {
      expect(checkFormToken(secret, bad, 'reprise-fsl', { minSeconds: 5, now: at(30) })).toEqual({ ok: false, problem: 'invalide' });
    }
  });
});

describe('clé de la connexion', () => {
  it('est stable dans la journée, différente le lendemain, et ne contient jamais l’adresse', () => {
    const morning = clientKey(secret, '203.0.113.7', new Date('2026-11-23T08:00:00Z'));
    expect(clientKey(secret, '203.0.113.7', new Date('2026-11-23T22:00:00Z'))).toBe(morning);
    expect(clientKey(secret, '203.0.113.7', new Date('2026-11-24T08:00:00Z'))).not.toBe(morning);
    expect(clientKey(secret, '203.0.113.8', new Date('2026-11-23T08:00:00Z'))).not.toBe(morning);
    expect(morning).not.toContain('203');
    expect(morning).toMatch(/^[\w-]{43}$/);
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
});
