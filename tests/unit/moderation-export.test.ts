import { describe, expect, it } from 'vitest';
import { parseCsv } from '../../src/lib/open-data/csv.ts';
import { AVIS, CONFIANCE, REPRISE, repriseConsultation } from '../helpers/reprise-consultation.ts';
import {
  EXPORT_PAGE_SIZE,
  exportDate,
  moderationCsv,
  moderationCsvStream,
  planModerationExport,
  spreadsheetSafe,
} from '../../src/server/moderation/export.ts';
import { answerRows, profileRows } from '../../src/server/moderation/present.ts';
import type { Contribution, ContributionStore, ListQuery } from '../../src/server/store/types.ts';
import { newId } from '../../src/server/store/common.ts';

const consultation = repriseConsultation({
  questions: [
    { ...AVIS, label: 'Votre avis, en quelques mots' },
    { ...REPRISE, options: [{ value: 'oui', label: 'Oui, avec des garanties' }, REPRISE.options[1]] },
    CONFIANCE,
  ],
});
const rules = [
  { id: 'hors-sujet', label: 'Contribution sans rapport avec la consultation', description: 'Sans rapport avec les questions posées.' },
];

function contribution(overrides: Partial<Contribution>): Contribution {
  return {
    id: 'id-de-test',
    consultation: 'reprise-fsl',
    entry: null,
    answers: {},
    pseudonym: null,
    profile: null,
    createdAt: '2026-11-23T10:02:00.000Z',
    updatedAt: '2026-11-23T10:02:00.000Z',
    status: 'pending',
    moderationReason: null,
    moderator: null,
    moderatedAt: null,
    erasedAt: null,
    receiptHash: 'empreinte-du-recu',
    idempotencyKey: 'cle-idempotence',
    ...overrides,
  };
}

describe('présentation d’une contribution', () => {
  it('les réponses sous le libellé de leur question, un choix par son libellé, une note sur son maximum', () => {
    const rows = answerRows(consultation, { avis: 'Oui.', reprise: 'oui', confiance: 4, ancienne: 'toujours là' });
    expect(rows.map((r) => [r.label, r.text])).toEqual([
      ['Votre avis, en quelques mots', 'Oui.'],
      ['Faut-il reprendre ?', 'Oui, avec des garanties'],
      ['Votre confiance', '4 sur 5'],
      ['Question « ancienne » (retirée depuis)', 'toujours là'],
    ]);
    expect(answerRows(consultation, null).every((r) => r.text === '')).toBe(true);
    expect(profileRows({ commune: 'Valmorin', age_bracket: '30-44' }).map((r) => r.text)).toEqual(['Valmorin', '30 à 44 ans']);
  });
});

describe('export CSV de la modération', () => {
  it('neutralise les cellules qu’un tableur prendrait pour une formule', () => {
    for (const formula of ['=1+1', '+33 6 00', '-2', '@SOMME(A1)', '\t=1', '\r=1']) expect(spreadsheetSafe(formula)).toBe(`'${formula}`);
    for (const text of ['Bonjour', ' =1', 'a=b', '']) expect(spreadsheetSafe(text)).toBe(text);
  });

  it('une ligne par contribution, relue à l’identique, sans empreinte du reçu ni clé d’idempotence', () => {
    const tricky = 'Oui, mais "avec" des garanties ;\r\nsur deux lignes';
    const csv = moderationCsv(consultation, rules, [
      contribution({
        id: 'a',
        answers: { avis: tricky, reprise: 'non', confiance: 2 },
        pseudonym: '=HYPERLINK("http://x")',
        profile: { commune: 'Valmorin' },
      }),
      contribution({
        id: 'b',
        status: 'rejected',
        moderationReason: 'hors-sujet',
        moderator: 'alice',
        moderatedAt: '2026-11-24T08:00:00.000Z',
        answers: null,
        erasedAt: '2027-02-01T00:00:00.000Z',
      }),
    ]);
    expect(csv.startsWith('\uFEFF')).toBe(true);
    expect(csv).not.toContain('empreinte-du-recu');
    expect(csv).not.toContain('cle-idempotence');
    expect(csv).not.toContain('alice');
    const [header, first, second, ...rest] = parseCsv(csv.slice(1), ';');
    expect(rest).toEqual([]);
    expect(header).toEqual([
      'Identifiant',
      'Statut',
      'Motif du refus',
      'Reçue le (heure de Paris)',
      'Modérée le (heure de Paris)',
      'Usage concerné',
      'Pseudonyme',
      'Commune',
      'Tranche d’âge',
      'Votre avis, en quelques mots',
      'Faut-il reprendre ?',
      'Votre confiance',
    ]);
    expect(first).toEqual([
      'a',
      'En attente',
      '',
      '2026-11-23 11:02',
      '',
      '',
      '\'=HYPERLINK("http://x")',
      'Valmorin',
      '',
      tricky,
      'Non',
      '2',
    ]);
    expect(second).toEqual([
      'b',
      'Rejetée (contenu effacé)',
      'Contribution sans rapport avec la consultation',
      '2026-11-23 11:02',
      '2026-11-24 09:00',
      '',
      '',
      '',
      '',
      '',
      '',
      '',
    ]);
  });

  it('s’ouvre d’un double-clic dans un tableur français : marque d’ordre d’octets, points-virgules, CRLF', () => {
    const csv = moderationCsv(consultation, rules, [contribution({ id: 'a', answers: { avis: 'Oui; vraiment, 2,5 fois' } })]);
    expect(csv.startsWith('\uFEFFIdentifiant;Statut;Motif du refus;')).toBe(true);
    expect(csv.split('\r\n')[1]).toBe('a;En attente;;2026-11-23 11:02;;;;;;"Oui; vraiment, 2,5 fois";;');
    expect(csv.endsWith('\r\n')).toBe(true);
  });

  it('les dates à l’heure de Paris, été comme hiver', () => {
    expect(exportDate('2026-07-01T10:00:00.000Z')).toBe('2026-07-01 12:00');
    expect(exportDate('2026-12-31T23:30:00.000Z')).toBe('2027-01-01 00:30');
    expect(exportDate(null)).toBe('');
  });
});

/** A store holding `rows` (kept in the store's order), that counts the pages it is asked for. */
function pagedStore(rows: Contribution[]) {
  const calls: ListQuery[] = [];
  const store = {
    async list(query: ListQuery) {
      calls.push(query);
      const start = query.cursor ? Number(query.cursor) : 0;
      const end = start + (query.limit ?? 50);
      const items = rows.filter((c) => c.consultation === query.consultation).slice(start, end);
      return { items, nextCursor: end < rows.length ? String(end) : null };
    },
  } as Pick<ContributionStore, 'list'> as ContributionStore;
  return { store, calls };
}

/** 1,234 contributions, one a second, some withdrawn; the last one answers a question since removed. */
function manyContributions(): Contribution[] {
  const start = Date.parse('2026-11-23T10:00:00.000Z');
  return Array.from({ length: 1234 }, (_, i) =>
    contribution({
      id: `c${String(i).padStart(5, '0')}`,
      createdAt: new Date(start + i * 1000).toISOString(),
      status: i % 97 === 5 ? 'withdrawn' : i % 3 === 0 ? 'approved' : 'pending',
      answers:
        i % 97 === 5
          ? null
          : { avis: `Avis n° ${i}, « entre guillemets »`, confiance: (i % 5) + 1, ...(i === 1233 && { ancienne: 'fin' }) },
      pseudonym: i % 7 === 0 ? `=Habitant ${i}` : null,
    }),
  );
}

/** UTF-8 bytes as text, the byte order mark kept (a TextDecoder would drop it). */
const utf8 = (bytes: Uint8Array) => Buffer.from(bytes).toString('utf8');

async function chunksOf(stream: ReadableStream<Uint8Array>): Promise<Uint8Array[]> {
  const chunks: Uint8Array[] = [];
  for await (const chunk of stream) chunks.push(chunk);
  return chunks;
}

describe('export CSV en flux', () => {
  it('arrive en plusieurs morceaux, un par page lue, et vaut octet pour octet l’export en mémoire', async () => {
    const rows = manyContributions();
    const { store } = pagedStore(rows);
    const plan = await planModerationExport(store, consultation);
    const chunks = await chunksOf(moderationCsvStream(store, consultation, rules, plan));
    expect(chunks.length).toBe(1 + Math.ceil(rows.length / EXPORT_PAGE_SIZE));
    const csv = utf8(Buffer.concat(chunks));
    const exported = rows.filter((c) => c.status !== 'withdrawn');
    expect(csv).toBe(moderationCsv(consultation, rules, exported));
    // The column of the removed question, met on the very last page, is in the header.
    expect(parseCsv(csv.slice(1), ';')[0]!.at(-1)).toBe('Question « ancienne » (retirée depuis)');
  });

  it('ne lit la base qu’au rythme du lecteur, et plus du tout s’il s’en va', async () => {
    const { store, calls } = pagedStore(manyContributions());
    const plan = await planModerationExport(store, consultation);
    calls.length = 0;
    const reader = moderationCsvStream(store, consultation, rules, plan).getReader();
    const header = await reader.read();
    expect(utf8(header.value!).startsWith('\uFEFFIdentifiant;')).toBe(true);
    const first = await reader.read();
    expect(utf8(first.value!).split('\r\n').length - 1).toBeGreaterThan(400);
    expect(calls.length).toBe(1);
    await reader.cancel();
    await new Promise((resolve) => setImmediate(resolve));
    expect(calls.length).toBe(1);
  });

  it('une contribution reçue après le début de l’export attend le suivant', async () => {
    const rows = manyContributions().slice(0, 600);
    const { store } = pagedStore(rows);
    const plan = await planModerationExport(store, consultation);
    const expected = moderationCsv(
      consultation,
      rules,
      rows.filter((c) => c.status !== 'withdrawn'),
    );
    rows.push(contribution({ id: 'tardive', createdAt: '2030-01-01T00:00:00.000Z', answers: { ajoutee: 'après' } }));
    const csv = utf8(Buffer.concat(await chunksOf(moderationCsvStream(store, consultation, rules, plan))));
    expect(csv).toBe(expected);
  });

  it('sans contribution : l’en-tête seul, sans lire la base une seconde fois', async () => {
    const { store, calls } = pagedStore([]);
    const plan = await planModerationExport(store, consultation);
    const csv = utf8(Buffer.concat(await chunksOf(moderationCsvStream(store, consultation, rules, plan))));
    expect(csv).toBe(moderationCsv(consultation, rules, []));
    expect(calls.length).toBe(1);
  });
});

describe('identifiants des contributions dans un tableur', () => {
  it('ne commencent jamais par « - », qu’un tableur lirait comme une formule et que l’export devrait modifier', () => {
    const ids = Array.from({ length: 5000 }, newId);
    expect(ids.filter((id) => id.startsWith('-'))).toEqual([]);
    expect(ids.every((id) => /^[A-Za-z0-9_-]{22}$/.test(id))).toBe(true);
  });
});
