import { describe, expect, it } from 'vitest';
import { consultationStatus } from '../../src/lib/consultations/calendar.ts';
import { contributionSchema } from '../../src/schemas/contributions.ts';
import { frenchToday } from '../../src/lib/format.ts';
import { consultationSchema } from '../../src/schemas/consultations.ts';

const consultation = consultationSchema.parse({
  title: 'Reprendre le classement des demandes ?',
  summary: 'Donnez votre avis sur la reprise du classement des demandes d’aide au logement.',
  context: 'Le conseil décidera en février, après cette consultation.',
  opens: '2026-11-02',
  closes: '2027-01-31',
  questions: [
    { id: 'avis', kind: 'avis', label: 'Votre avis', required: true, max_length: 100 },
    {
      id: 'reprise',
      kind: 'choix',
      label: 'Faut-il reprendre ?',
      options: [
        { value: 'oui', label: 'Oui' },
        { value: 'non', label: 'Non' },
      ],
    },
    { id: 'confiance', kind: 'echelle', label: 'Votre confiance', scale: { min: 1, max: 5, min_label: 'Aucune', max_label: 'Totale' } },
  ],
  profile: { commune: true, age_bracket: true },
});
const schema = contributionSchema(consultation, { communes: ['Valmorin', 'Saint-Aubin-sur-Séverne'] });

function errors(input: unknown): Record<string, string> {
  const result = schema.safeParse(input);
  return result.success ? {} : Object.fromEntries(result.error.issues.map((i) => [i.path.join('.'), i.message]));
}

describe('contribution schema built from the questions', () => {
  it('accepts a complete contribution, trims text and reads a scale from a form field', () => {
    const parsed = schema.parse({
      answers: { avis: '  Oui, avec un contrôle humain.  ', reprise: 'oui', confiance: '4' },
      pseudonym: 'Camille',
      profile: { commune: 'Valmorin', age_bracket: '30-44' },
    });
    expect(parsed.answers).toEqual({ avis: 'Oui, avec un contrôle humain.', reprise: 'oui', confiance: 4 });
  });

  it('counts a line break sent by a browser (CRLF) as one character, as the field does', () => {
    const lines = `${'a'.repeat(49)}\r\n${'b'.repeat(49)}`;
    expect(schema.parse({ answers: { avis: lines } }).answers.avis).toBe(`${'a'.repeat(49)}\n${'b'.repeat(49)}`);
    expect(errors({ answers: { avis: `${lines}\r\nc` } })).toEqual({ 'answers.avis': '« Votre avis » : 100 caractères au plus' });
  });

  it('treats empty form fields as no answer, and requires the required question', () => {
    expect(errors({ answers: { avis: '   ', reprise: '', confiance: '' }, pseudonym: '', profile: { commune: '' } })).toEqual({
      'answers.avis': '« Votre avis » : une réponse est obligatoire',
    });
  });

  it('requires the required question even when the field is missing altogether', () => {
    expect(errors({ answers: { reprise: 'non' } })).toEqual({ 'answers.avis': '« Votre avis » : une réponse est obligatoire' });
  });

  it('names the question and the reason for each bad answer', () => {
    expect(errors({ answers: { avis: 'x'.repeat(101), reprise: 'peut-etre', confiance: 9 } })).toEqual({
      'answers.avis': '« Votre avis » : 100 caractères au plus',
      'answers.reprise': '« Faut-il reprendre ? » : choisissez une des réponses proposées',
      'answers.confiance': '« Votre confiance » : note de 1 à 5',
    });
  });

  it('refuses unknown questions, communes outside the territory and unknown fields', () => {
    const found = errors({ answers: { avis: 'Bien', piege: 'x' }, profile: { commune: 'Paris' }, extra: 1 });
    expect(Object.keys(found).sort()).toEqual(['', 'answers', 'profile.commune']);
    expect(found['profile.commune']).toBe('choisissez une commune du territoire');
  });

  it('asks for at least one answer when no question is required', () => {
    const open = contributionSchema(
      { ...consultation, questions: consultation.questions.map((q) => ({ ...q, required: false })) },
      { communes: ['Valmorin'] },
    );
    expect(open.safeParse({ answers: { avis: '' } }).error?.issues.map((i) => i.message)).toEqual(['répondez au moins à une question']);
  });

  it('does not accept a profile question the consultation does not ask', () => {
    const noProfile = contributionSchema({ ...consultation, profile: { commune: false, age_bracket: false } }, { communes: ['Valmorin'] });
    expect(noProfile.safeParse({ answers: { avis: 'Bien' }, profile: { commune: 'Valmorin' } }).success).toBe(false);
    expect(noProfile.safeParse({ answers: { avis: 'Bien' } }).success).toBe(true);
  });
});

describe('consultation status', () => {
  it('is open from the opening day to the closing day included, French time', () => {
    expect(consultationStatus(consultation, '2026-11-01')).toBe('upcoming');
    expect(consultationStatus(consultation, '2026-11-02')).toBe('open');
    expect(consultationStatus(consultation, '2027-01-31')).toBe('open');
    expect(consultationStatus(consultation, '2027-02-01')).toBe('closed');
    // 23:30 UTC on 31 January is already 1 February in Paris.
    expect(frenchToday(new Date('2027-01-31T23:30:00Z'))).toBe('2027-02-01');
  });
});

describe('consultation content rules', () => {
  it('refuses a choice question without options, a scale without bounds, and closing before opening', () => {
    const result = consultationSchema.safeParse({
      title: 'Une consultation',
      summary: 'Une consultation mal définie pour le test.',
      context: 'Un contexte suffisamment long.',
      opens: '2026-05-01',
      closes: '2026-04-01',
      questions: [
        { id: 'q', kind: 'choix', label: 'Quel choix ?' },
        { id: 'q', kind: 'echelle', label: 'Quelle note ?' },
      ],
    });
    const paths = result.error!.issues.map((i) => i.path.join('.'));
    expect(paths).toEqual(expect.arrayContaining(['questions.0.options', 'questions.1.scale', 'closes', 'questions.1.id']));
  });
});
