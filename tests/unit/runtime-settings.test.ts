import { describe, expect, it } from 'vitest';
import { readServerSettings } from '../../src/server/runtime.ts';

const SHARED = { DATABASE_URL: 'postgres://registre@db.interne/registre', SERVER_SECRET: 'x'.repeat(48) };

describe('réglages du serveur lus dans l’environnement', () => {
  it('ouvre 10 connexions à PostgreSQL par défaut, le nombre demandé avec DATABASE_POOL_SIZE', () => {
    expect(readServerSettings(SHARED).databasePoolSize).toBe(10);
    expect(readServerSettings({ ...SHARED, DATABASE_POOL_SIZE: '4' }).databasePoolSize).toBe(4);
  });

  it('refuse un nombre de connexions qui n’en est pas un, en nommant le réglage', () => {
    for (const value of ['0', '2.5', 'beaucoup', '-3']) {
      expect(() => readServerSettings({ ...SHARED, DATABASE_POOL_SIZE: value }), value).toThrow(
        `DATABASE_POOL_SIZE : entier de 1 à 1000 attendu, « ${value} » reçu`,
      );
    }
  });

  it('refuse une base partagée sans secret partagé', () => {
    expect(() => readServerSettings({ DATABASE_URL: SHARED.DATABASE_URL })).toThrow(/SERVER_SECRET/);
  });
});
