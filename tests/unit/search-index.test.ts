import { describe, expect, it } from 'vitest';
import { searchIndexWritten } from '../../src/integrations/search-index.ts';

describe('searchIndexWritten', () => {
  it('fails the build when the index was never started, instead of publishing a site without search', async () => {
    const hook = searchIndexWritten().hooks['astro:build:done'] as () => Promise<void>;
    await expect(hook()).rejects.toThrow(/searchIndex\(\) doit précéder searchIndexWritten\(\)/);
  });
});
