/**
 * Astro drops the line break between text and an element or expression on the next line: words
 * then run together ("dansregistre.json"), on screen and in screen readers. This scans every built
 * page for words glued across inline tags.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { clientDir, DEMO, requireBuild } from '../helpers/dist.ts';
import { fixtureSite } from '../helpers/fixture-site.ts';

const INLINE = new Set(['a', 'strong', 'em', 'span', 'time', 'code', 'small', 'abbr']);

function pages(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((item) => {
    const full = path.join(dir, item.name);
    if (item.isDirectory()) return item.name === '_astro' ? [] : pages(full);
    return item.name.endsWith('.html') ? [full] : [];
  });
}

/** Text touching text across inline tags only, e.g. `dans<a href="…">registre`. */
export function gluedWords(html: string): string[] {
  const body = html.slice(html.indexOf('<body'));
  const found: string[] = [];
  for (const match of body.matchAll(/([\p{L}\p{N}.,;:»)’])((?:<\/?([a-z]+)\b[^>]*>)+)([\p{L}\p{N}«(])/gu)) {
    const tags = [...match[2]!.matchAll(/<\/?([a-z]+)/g)].map((t) => t[1]!);
    if (tags.every((tag) => INLINE.has(tag))) {
      const start = match.index ?? 0;
      found.push(body.slice(Math.max(0, start - 30), start + match[0].length + 20).replace(/<[^>]*>/g, '|'));
    }
  }
  return found;
}

it('trouve les mots collés dans un échantillon', () => {
  expect(gluedWords('<body><p>dans<a href="/x">registre.json</a></p>')).toHaveLength(1);
  expect(gluedWords('<body><p>dans <a href="/x">registre.json</a>.</p><li>Un</li><li>Deux</li>')).toEqual([]);
});

for (const [name, site] of [
  ['la démonstration', DEMO],
  ['le site de test', fixtureSite('essai')],
] as const) {
  describe(`typographie des pages construites : ${name}`, () => {
    requireBuild(site);
    const client = clientDir(site);
    const files = pages(client);

    it('n’a aucun mot collé au suivant à travers les balises en ligne, sur aucune page', () => {
      expect(files.length).toBeGreaterThan(10);
      const problems = files.flatMap((file) => gluedWords(readFileSync(file, 'utf8')).map((g) => `${path.relative(client, file)} : ${g}`));
      expect(problems).toEqual([]);
    });
  });
}
