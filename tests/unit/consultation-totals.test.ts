import { describe, expect, it } from 'vitest';
import { answerTotals } from '../../src/lib/consultations/totals.ts';
import { formatPercent } from '../../src/lib/format.ts';
import { AVIS, CONFIANCE, REPRISE, repriseConsultation } from '../helpers/reprise-consultation.ts';

const consultation = repriseConsultation({
  questions: [{ ...AVIS, required: false }, REPRISE, { ...CONFIANCE, scale: { ...CONFIANCE.scale, max: 3 } }],
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
