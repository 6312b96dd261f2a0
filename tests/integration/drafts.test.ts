/**
 * A draft saved in the CMS (`draft: true`, with only a title and a summary) is kept in the
 * content folder and read by the build, which publishes it nowhere: no page, export, feed,
 * sitemap, search index or count names it. The test site holds one such draft.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { loadContent } from '../../src/lib/content/load.ts';
import { clientDir } from '../helpers/dist.ts';
import { fixtureSite, materializeContent } from '../helpers/fixture-site.ts';

const site = fixtureSite('essai');
const DRAFT = 'reponses-permis-de-construire';
const DRAFT_TITLE = 'Réponses automatiques aux questions sur les permis de construire';

/** Every built file as text, the search index's compressed files unpacked. */
function builtTexts(dir: string): Map<string, string> {
  const texts = new Map<string, string>();
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile()) continue;
    const file = path.join(entry.parentPath, entry.name);
    const bytes = readFileSync(file);
    const gzipped = bytes[0] === 0x1f && bytes[1] === 0x8b;
    texts.set(path.relative(dir, file), (gzipped ? gunzipSync(bytes) : bytes).toString('utf8'));
  }
  return texts;
}

describe('un brouillon du registre', () => {
  it('est lu par la construction, qui le compte à part et ne le publie pas', () => {
    expect(site.content.drafts).toEqual([DRAFT]);
    expect(site.content.register.map((e) => e.slug)).not.toContain(DRAFT);
    expect(site.content.register.length).toBeGreaterThan(0);
  });

  it('n’apparaît dans aucun fichier construit : pages (plan du site compris), JSON, CSV, flux Atom, index de recherche', () => {
    const texts = builtTexts(clientDir(site));
    const naming = [...texts].filter(([, text]) => text.includes(DRAFT) || text.includes(DRAFT_TITLE)).map(([file]) => file);
    expect(naming).toEqual([]);
    // Witness: the same reading finds a published entry in each kind of file.
    const published = site.content.register[0]!;
    const kinds = new Set(
      [...texts]
        .filter(([, text]) => text.includes(published.slug))
        .map(([file]) => (file.startsWith('pagefind/') ? 'pagefind' : path.extname(file))),
    );
    for (const kind of ['.html', '.json', '.csv', '.atom', 'pagefind']) expect(kinds, kind).toContain(kind);
    // The register's figures count published entries only.
    const json = JSON.parse(texts.get(path.join('donnees', 'registre.json'))!) as unknown;
    const records = Array.isArray(json) ? json : ((json as { entries?: unknown[] }).entries ?? []);
    expect(records).toHaveLength(site.content.register.length);
  });

  it('doit garder un nom et un résumé valides : sinon la construction le dit, fichier et champ', () => {
    const root = mkdtempSync(path.join(tmpdir(), 'registre-brouillon-'));
    try {
      materializeContent('essai', root);
      writeFileSync(path.join(root, 'registre', `${DRAFT}.yaml`), `draft: true\ntitle: ${DRAFT_TITLE}\n`);
      expect(() => loadContent(root)).toThrow(/registre\/reponses-permis-de-construire\.yaml[\s\S]*summary/);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
