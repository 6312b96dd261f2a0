import { describe, expect, it } from 'vitest';
import type { Consultation } from '../../src/lib/content/load.ts';
import { parseCsv } from '../../src/lib/open-data/csv.ts';
import { consultationSchema } from '../../src/schemas/consultations.ts';
import { exportDate, moderationCsv, spreadsheetSafe } from '../../src/server/moderation/export.ts';
import { answerRows, profileRows } from '../../src/server/moderation/present.ts';
import type { Contribution } from '../../src/server/store/types.ts';
import { newId } from '../../src/server/store/common.ts';

const consultation: Consultation = {
  slug: 'reprise-fsl',
  ...consultationSchema.parse({
    title: 'Reprendre le classement des demandes ?',
    summary: 'Donnez votre avis sur la reprise du classement des demandes d’aide au logement.',
    context: 'Le conseil décidera en mars, après cette consultation.',
    opens: '2026-11-02',
    closes: '2027-01-31',
    questions: [
      { id: 'avis', kind: 'avis', label: 'Votre avis, en quelques mots', required: true },
      {
        id: 'reprise',
        kind: 'choix',
        label: 'Faut-il reprendre ?',
        options: [
          { value: 'oui', label: 'Oui, avec des garanties' },
          { value: 'non', label: 'Non' },
        ],
      },
      { id: 'confiance', kind: 'echelle', label: 'Votre confiance', scale: { min: 1, max: 5, min_label: 'Aucune', max_label: 'Entière' } },
    ],
    profile: { commune: true, age_bracket: true },
  }),
};
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
    const [header, first, second, ...rest] = parseCsv(csv.slice(1));
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

  it('les dates à l’heure de Paris, été comme hiver', () => {
    expect(exportDate('2026-07-01T10:00:00.000Z')).toBe('2026-07-01 12:00');
    expect(exportDate('2026-12-31T23:30:00.000Z')).toBe('2027-01-01 00:30');
    expect(exportDate(null)).toBe('');
  });
});

describe('identifiants des contributions dans un tableur', () => {
  it('ne commencent jamais par « - », qu’un tableur lirait comme une formule et que l’export devrait modifier', () => {
    const ids = Array.from({ length: 5000 }, newId);
    expect(ids.filter((id) => id.startsWith('-'))).toEqual([]);
    expect(ids.every((id) => /^[A-Za-z0-9_-]{22}$/.test(id))).toBe(true);
  });
});
