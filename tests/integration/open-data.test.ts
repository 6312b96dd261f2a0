import path from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadContent, type Content } from '../../src/lib/content/load.ts';
import { csvColumns, parseCsv } from '../../src/lib/open-data/csv.ts';
import { openDataSchema, type OpenData } from '../../src/lib/open-data/schema.ts';
import { builtFile } from '../helpers/dist.ts';
import { PROJECT } from '../helpers/project.ts';

let content: Content;
let json: OpenData;

beforeAll(() => {
  content = loadContent(path.join(PROJECT, 'content'));
  json = JSON.parse(builtFile('donnees/registre.json'));
});

describe('registre.json', () => {
  it('contient chaque fiche du contenu, chaque champ, avec des adresses absolues', () => {
    expect(json.entries.map((e) => e.id)).toEqual(content.register.map((e) => e.slug));
    for (const entry of content.register) {
      const published = json.entries.find((e) => e.id === entry.slug)!;
      const { slug, ...fields } = entry;
      expect(published).toMatchObject(JSON.parse(JSON.stringify(fields)));
      expect(published.url).toBe(new URL(`/registre/${slug}/`, content.site.url).href);
      expect(published.service_name).toBe(content.services.get(entry.service)!.name);
    }
    expect(json.authority.name).toBe(content.site.name);
  });

  it('est valide selon le schéma zod dont il dérive', () => {
    expect(openDataSchema.safeParse(json).error?.issues).toBeUndefined();
  });
});

describe('registre.schema.json', () => {
  const validate = () => {
    const schema = JSON.parse(builtFile('donnees/registre.schema.json'));
    const ajv = new Ajv2020({ strict: false, allErrors: true });
    addFormats.default(ajv);
    return ajv.compile(schema);
  };

  it('valide registre.json', () => {
    const check = validate();
    expect(check(json), JSON.stringify(check.errors)).toBe(true);
  });

  it('rejette un registre.json avec une valeur fausse, un champ manquant ou un champ inconnu', () => {
    const check = validate();
    const broken = structuredClone(json) as any;
    broken.entries[0].status = 'abandonne';
    delete broken.entries[1].summary;
    broken.entries[2].inconnu = true;
    broken.entries[3].revision.date = '30/01/2025';
    expect(check(broken)).toBe(false);
    const paths = check.errors!.map((e) => e.instancePath);
    expect(paths).toEqual(expect.arrayContaining(['/entries/0/status', '/entries/1', '/entries/2', '/entries/3/revision/date']));
  });
});

describe('registre.csv', () => {
  it('a pour en-tête les colonnes documentées, et une ligne par fiche en accord avec registre.json', () => {
    const rows = parseCsv(builtFile('donnees/registre.csv'));
    const [header, ...body] = rows;
    expect(header).toEqual(csvColumns().map((c) => c.name));
    expect(body).toHaveLength(json.entries.length);
    body.forEach((row, i) => {
      const record = Object.fromEntries(header!.map((name, j) => [name, row[j]]));
      const entry = json.entries[i]!;
      expect(record.id).toBe(entry.id);
      expect(record.title).toBe(entry.title);
      expect(record.summary).toBe(entry.summary);
      expect(record['system.hosting']).toBe(entry.system.hosting);
      expect(record['data.personal_data']).toBe(entry.data.personal_data ? 'oui' : 'non');
      expect(JSON.parse(record.lifecycle!)).toEqual(entry.lifecycle);
      expect(record['revision.date']).toBe(entry.revision.date);
    });
  });

  it('documente chaque colonne sur /donnees/', () => {
    const page = builtFile('donnees/index.html');
    for (const column of csvColumns()) expect(page).toContain(`<code>${column.name}</code>`);
  });
});

describe('registre.atom', () => {
  it('liste chaque fiche par dernière modification, la plus récente d’abord, avec des liens absolus', () => {
    const feed = builtFile('donnees/registre.atom');
    const entries = [...feed.matchAll(/<entry>[\s\S]*?<id>([^<]+)<\/id>[\s\S]*?<updated>([^<]+)<\/updated>[\s\S]*?<\/entry>/g)];
    expect(entries).toHaveLength(content.register.length);
    const updated = entries.map((m) => m[2]!);
    expect(updated).toEqual([...updated].sort().reverse());
    const ids = entries.map((m) => m[1]!);
    expect(new Set(ids)).toEqual(new Set(json.entries.map((e) => e.url)));
    const newest = [...content.register].sort((a, b) => b.revision.date.localeCompare(a.revision.date))[0]!;
    expect(feed).toContain(`<updated>${newest.revision.date}T00:00:00Z</updated>`);
  });
});
