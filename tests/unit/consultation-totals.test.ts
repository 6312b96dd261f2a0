import { describe, expect, it } from 'vitest';
import { answerTotals } from '../../src/lib/consultations/totals.ts';
import { formatPercent } from '../../src/lib/format.ts';
import { consultationSchema } from '../../src/schemas/consultations.ts';

const consultation = consultationSchema.parse({
  title: 'Reprendre le classement des demandes ?',
  summary: 'Donnez votre avis sur la reprise du classement des demandes d’aide au logement.',
  context: 'Le conseil décidera en février, après cette consultation.',
  opens: '2026-11-02',
  closes: '2027-01-31',
  questions: [
    { id: 'avis', kind: 'avis', label: 'Votre avis', max_length: 100 },
    {
      id: 'reprise',
      kind: 'choix',
      label: 'Faut-il reprendre ?',
      options: [
        { value: 'oui', label: 'Oui' },
        { value: 'non', label: 'Non' },
      ],
    },
    { id: 'confiance', kind: 'echelle', label: 'Votre confiance', scale: { min: 1, max: 3, min_label: 'Aucune', max_label: 'Totale' } },
  ],
});

describe('les totaux des questions à choix et à note', () => {
  it('compte chaque réponse et sa part des contributions publiées, dans l’ordre du formulaire, avec les sans-réponse', () => {
    const totals = answerTotals(consultation, [
      { answers: { avis: 'Oui', reprise: 'oui', confiance: 3 } },
      { answers: { reprise: 'oui', confiance: 1 } },
      { answers: { reprise: 'non' } },
      { answers: { avis: 'Sans avis sur le reste' } },
    ]);
    expect(totals.map((t) => t.questionId)).toEqual(['reprise', 'confiance']);
    expect(totals[0]).toMatchObject({
      question: 'Faut-il reprendre ?',
      kind: 'choix',
      total: 4,
      rows: [
        { value: 'oui', label: 'Oui', count: 2, share: 0.5 },
        { value: 'non', label: 'Non', count: 1, share: 0.25 },
        { value: null, label: 'Sans réponse', count: 1, share: 0.25 },
      ],
    });
    expect(totals[1]!.rows).toEqual([
      { value: '1', label: '1 (Aucune)', count: 1, share: 0.25 },
      { value: '2', label: '2', count: 0, share: 0 },
      { value: '3', label: '3 (Totale)', count: 1, share: 0.25 },
      { value: null, label: 'Sans réponse', count: 2, share: 0.5 },
    ]);
  });

  it('garde une réponse qui n’est plus proposée, sous sa valeur, et ne divise pas par zéro', () => {
    const [reprise] = answerTotals(consultation, [{ answers: { reprise: 'peut-etre' } }]);
    expect(reprise!.rows.at(-1)).toEqual({ value: 'peut-etre', label: 'peut-etre', count: 1, share: 1 });
    expect(answerTotals(consultation, [])[0]!.rows.every((row) => row.share === 0)).toBe(true);
  });

  it('écrit une part en pourcentage à la française', () => {
    expect(formatPercent(0.5)).toBe('50\u202f%');
    expect(formatPercent(1 / 3)).toBe('33\u202f%');
  });
});
