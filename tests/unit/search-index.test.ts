import { describe, expect, it } from 'vitest';
import { searchIndexWritten } from '../../src/integrations/search-index.ts';

describe('searchIndexWritten', () => {
  it('fait échouer la construction quand l’index n’a jamais été commencé, plutôt que de publier un site sans recherche', async () => {
    const hook = searchIndexWritten().hooks['astro:build:done'] as () => Promise<void>;
    await expect(hook()).rejects.toThrow(/searchIndex\(\) doit précéder searchIndexWritten\(\)/);
  });
});
