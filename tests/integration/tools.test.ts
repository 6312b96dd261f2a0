/**
 * The catalogue of tools, built: its exports match the content and their JSON Schema, its pages
 * link tools and uses both ways, filter without JavaScript and flag overdue reviews with the
 * build's day. On the fixture site, whose dates follow the run's clock.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { parseCsv } from '../../src/lib/open-data/csv.ts';
import { toolCsvColumns, toolsOpenDataSchema, type ToolsOpenData } from '../../src/lib/tools/open-data.ts';
import { TOOL_STATUSES } from '../../src/schemas/tools.ts';
import { builtFile } from '../helpers/dist.ts';
import { fixtureSite } from '../helpers/fixture-site.ts';
import { formatDate } from '../../src/lib/format.ts';

const site = fixtureSite('essai');
const { content, today } = site;
const file = (relative: string) => builtFile(relative, site);
const text = (html: string) => html.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');
const json = JSON.parse(file('donnees/outils.json')) as ToolsOpenData;

describe('outils.json', () => {
  it('contient chaque outil du contenu, chaque champ, et ce que le site en déduit', () => {
    expect(json.tools.map((t) => t.id)).toEqual(content.tools.map((t) => t.slug));
    for (const tool of content.tools) {
      const { slug, ...fields } = tool;
      const published = json.tools.find((t) => t.id === slug)!;
      expect(published).toMatchObject(JSON.parse(JSON.stringify(fields)));
      expect(published.url).toBe(new URL(`/outils/${slug}/`, content.site.url).href);
      expect(published.uses).toEqual(content.register.filter((e) => e.tools.includes(slug)).map((e) => e.slug));
    }
    expect(json.computed_on).toBe(today);
    expect(json.tools.filter((t) => t.review_overdue).map((t) => t.id)).toEqual(['transcription-en-ligne']);
    expect(toolsOpenDataSchema.safeParse(json).error?.issues).toBeUndefined();
  });

  it('est valide selon outils.schema.json, qui refuse un statut inconnu', () => {
    const ajv = new Ajv2020({ strict: false, allErrors: true });
    addFormats.default(ajv);
    const check = ajv.compile(JSON.parse(file('donnees/outils.schema.json')));
    expect(check(json), JSON.stringify(check.errors)).toBe(true);
    const broken = structuredClone(json);
    broken.tools[0]!.decision.status = 'tolere' as never;
    expect(check(broken)).toBe(false);
  });
});

describe('outils.csv et outils-tableur.csv', () => {
  it('ont une ligne par outil, les colonnes du schéma et les valeurs du contenu', () => {
    const rows = parseCsv(file('donnees/outils.csv'));
    const columns = toolCsvColumns().map((c) => c.name);
    expect(rows[0]).toEqual(columns);
    expect(rows.slice(1).map((r) => r[0])).toEqual(content.tools.map((t) => t.slug));
    const status = columns.indexOf('decision.status');
    expect(rows.slice(1).map((r) => r[status])).toEqual(content.tools.map((t) => t.decision.status));
  });

  it('écrit pour un tableur les libellés, les dates en français et le point-virgule', () => {
    const raw = file('donnees/outils-tableur.csv');
    expect(raw.startsWith('\uFEFF')).toBe(true);
    const rows = parseCsv(raw.slice(1), ';');
    expect(rows).toHaveLength(content.tools.length + 1);
    const status = rows[0]!.indexOf('Décision — Statut');
    expect(rows.slice(1).map((r) => r[status])).toEqual(content.tools.map((t) => TOOL_STATUSES[t.decision.status]));
  });
});

describe('outils.atom', () => {
  it('a une entrée par outil, la plus récemment révisée en tête', () => {
    const feed = file('donnees/outils.atom');
    const updated = [...feed.matchAll(/<entry>[\s\S]*?<updated>([^<]+)<\/updated>/g)].map((m) => m[1]!);
    expect(updated).toHaveLength(content.tools.length);
    expect([...updated].sort().reverse()).toEqual(updated);
  });
});

describe('les pages du catalogue', () => {
  it('montre les outils refusés avec leurs motifs, et la revue en retard avec le jour du constat', () => {
    const page = text(file('outils/index.html'));
    const refused = content.tools.find((t) => t.decision.status === 'refuse')!;
    expect(page).toContain(refused.decision.reasons!.slice(0, 60));
    expect(page).toContain(
      `Revue en retard : prévue le ${formatDate(content.tools.find((t) => t.slug === 'transcription-en-ligne')!.decision.review_by!)}`,
    );
    expect(page).toContain(`constaté le ${formatDate(today)}`);
    expect(page).toContain('Une revue est en retard.');
  });

  it('filtre sans JavaScript : une page par valeur, qui ne montre que ses outils', () => {
    const page = file('outils/filtre/donnees/personnelles/index.html');
    const names = [...page.matchAll(/<h2><a href="\/outils\/([^/]+)\/">/g)].map((m) => m[1]);
    expect(names).toEqual(content.tools.filter((t) => t.decision.data_classes.includes('personnelles')).map((t) => t.slug));
  });

  it('relie l’outil aux usages qui s’appuient sur lui et à la décision du comité', () => {
    const page = file('outils/assistant-interne/index.html');
    expect(page).toContain('href="/registre/detection-fuites-reseau-eau/"');
    expect(page).toMatch(/href="\/comptes-rendus\/[^"]+#cdia-2026-02"/);
    expect(text(page)).toContain('Grille d’évaluation en cinq critères');
  });

  it('montre sur la fiche d’un usage ses outils et leur statut, et le registre se filtre par outil', () => {
    const entry = text(file('registre/traduction-orale-accueil/index.html'));
    expect(entry).toContain('Les outils du catalogue');
    expect(entry).toMatch(/Transcripteur en ligne\s+En expérimentation/);
    expect(entry).toContain('Pourquoi un outil non autorisé');
    const filter = file('registre/filtre/outil/assistant-interne/index.html');
    expect([...filter.matchAll(/<h2><a href="\/registre\/([^/]+)\/">/g)].map((m) => m[1])).toEqual(['detection-fuites-reseau-eau']);
  });

  it('donne les chiffres du catalogue sur la page des statistiques', () => {
    const page = text(readFileSync(path.join(site.dist, 'client', 'registre', 'statistiques', 'index.html'), 'utf8'));
    expect(page).toContain('Outils du catalogue par statut');
    expect(page).toMatch(/Au moins un outil tourne sur les serveurs de la collectivité 1 50/);
  });
});
