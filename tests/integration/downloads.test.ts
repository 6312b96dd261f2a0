/**
 * What a journalist, a DPO or a re-user downloads, on the built test site: the register for a
 * spreadsheet next to the machine CSV, each entry alone, the site's own PDFs linked by path (so
 * that a preview or a demo served elsewhere works), and the mapping to the standards as a page.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseCsv } from '../../src/lib/open-data/csv.ts';
import { openDataSchema } from '../../src/lib/open-data/schema.ts';
import { builtFile, clientDir } from '../helpers/dist.ts';
import { fixtureSite } from '../helpers/fixture-site.ts';

const site = fixtureSite('essai');
const { content } = site;
const file = (relative: string) => builtFile(relative, site);
const main = (html: string) => html.slice(html.indexOf('<main'), html.indexOf('</main>'));

describe('registre-tableur.csv', () => {
  it('est publié à côté de registre.csv, qui ne change pas, avec une phrase qui dit lequel prendre', () => {
    const csv = file('donnees/registre-tableur.csv');
    expect(csv.startsWith('\uFEFFIdentifiant;')).toBe(true);
    const [header, ...rows] = parseCsv(csv.slice(1), ';');
    expect(rows.map((r) => r[0])).toEqual(content.register.map((e) => e.slug));
    expect(header).toContain('Statut');
    const status = header!.indexOf('Statut');
    expect(rows.every((r) => !/^[a-z-]+$/.test(r[status]!))).toBe(true);

    const machine = file('donnees/registre.csv');
    expect(machine.startsWith('id,url,title,')).toBe(true);

    const html = main(file('donnees/index.html'));
    expect(html).toContain('href="/donnees/registre-tableur.csv" download="registre-tableur.csv"');
    expect(html).toContain('href="/donnees/registre.csv" download="registre.csv"');
    expect(html).toMatch(/Pour lire le registre dans un tableur<\/strong>, prenez <a href="\/donnees\/registre-tableur.csv">/);
  });
});

describe('chaque fiche se télécharge seule', () => {
  it('en JSON valide selon le schéma de registre.json, et en CSV pour tableur, liés depuis le bas de la fiche', () => {
    for (const entry of content.register) {
      const json = JSON.parse(file(`registre/${entry.slug}.json`));
      expect(openDataSchema.safeParse(json).error?.issues).toBeUndefined();
      expect(json.entries.map((e: { id: string }) => e.id)).toEqual([entry.slug]);
      expect(json.updated).toBe(entry.revision.date);

      const [header, row, ...rest] = parseCsv(file(`registre/${entry.slug}-tableur.csv`).slice(1), ';');
      expect(rest).toEqual([]);
      expect(row![header!.indexOf('Nom de l’usage')]).toBe(entry.title);

      const footer = file(`registre/${entry.slug}/index.html`).match(/<footer class="muted"[\s\S]*?<\/footer>/)![0];
      expect(footer).toContain(`href="/registre/${entry.slug}-tableur.csv"`);
      expect(footer).toContain(`href="/registre/${entry.slug}.json"`);
    }
  });
});

describe('liens vers les fichiers du site', () => {
  it('un PDF du site est lié par son chemin, pas par l’adresse de production ; un autre site garde son adresse', () => {
    const html = main(file('registre/priorisation-demandes-fsl/index.html'));
    expect(html).toContain('href="/documents/bilan-priorisation-fsl-2025.pdf#page=3"');
    expect(html).not.toContain(`href="${content.site.url}`);
    expect(existsSync(path.join(clientDir(site), 'documents', 'bilan-priorisation-fsl-2025.pdf'))).toBe(true);
    expect(html).toContain('href="https://www.legifrance.gouv.fr/codes/texte_lc/LEGITEXT000031366350/"');
    // The open data keep the full address: they are read outside the site.
    expect(file('registre/priorisation-demandes-fsl.json')).toContain(
      `${content.site.url}/documents/bilan-priorisation-fsl-2025.pdf#page=3`,
    );
  });
});

describe('table de correspondance avec les standards', () => {
  it('est une page du site, liée là où /donnees/ la mentionne', () => {
    const html = main(file('donnees/index.html'));
    expect(html).toContain('<a href="/donnees/correspondance-standards/">la table de correspondance</a>');
    expect(html).not.toContain('<code>docs/standards.md</code>');
    const page = main(file('donnees/correspondance-standards/index.html'));
    expect(page.match(/<h1[\s>]/g)).toHaveLength(1);
    expect(page).toContain('<h1>Correspondance avec les standards de transparence algorithmique</h1>');
    expect(page).toContain('Tableau de correspondance');
    // Every table scrolls on its own: the page reads on a phone.
    expect(page.match(/<table>/g)!.length).toBeGreaterThan(3);
    expect(page.match(/<div class="table-scroll" role="region" tabindex="0" aria-label="Tableau : [^"]+"><table>/g)!.length).toBe(
      page.match(/<table>/g)!.length,
    );
  });
});
