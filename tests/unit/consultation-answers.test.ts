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

describe('schéma d’une contribution construit à partir des questions', () => {
  it('accepte une contribution complète, retire les espaces autour des textes et lit une échelle venue d’un champ de formulaire', () => {
    const parsed = schema.parse({
      answers: { avis: '  Oui, avec un contrôle humain.  ', reprise: 'oui', confiance: '4' },
      pseudonym: 'Camille',
      profile: { commune: 'Valmorin', age_bracket: '30-44' },
    });
    expect(parsed.answers).toEqual({ avis: 'Oui, avec un contrôle humain.', reprise: 'oui', confiance: 4 });
  });

  it('compte un retour à la ligne envoyé par un navigateur (CRLF) comme un caractère, comme le champ', () => {
    const lines = `${'a'.repeat(49)}\r\n${'b'.repeat(49)}`;
    expect(schema.parse({ answers: { avis: lines } }).answers.avis).toBe(`${'a'.repeat(49)}\n${'b'.repeat(49)}`);
    expect(errors({ answers: { avis: `${lines}\r\nc` } })).toEqual({ 'answers.avis': '« Votre avis » : 100 caractères au plus' });
  });

  it('traite les champs vides comme une absence de réponse, et exige la question obligatoire', () => {
    expect(errors({ answers: { avis: '   ', reprise: '', confiance: '' }, pseudonym: '', profile: { commune: '' } })).toEqual({
      'answers.avis': '« Votre avis » : une réponse est obligatoire',
    });
  });

  it('exige la question obligatoire même quand le champ manque tout à fait', () => {
    expect(errors({ answers: { reprise: 'non' } })).toEqual({ 'answers.avis': '« Votre avis » : une réponse est obligatoire' });
  });

  it('nomme la question et la raison pour chaque mauvaise réponse', () => {
    expect(errors({ answers: { avis: 'x'.repeat(101), reprise: 'peut-etre', confiance: 9 } })).toEqual({
      'answers.avis': '« Votre avis » : 100 caractères au plus',
      'answers.reprise': '« Faut-il reprendre ? » : choisissez une des réponses proposées',
      'answers.confiance': '« Votre confiance » : note de 1 à 5',
    });
  });

  it('refuse les questions inconnues, les communes hors du territoire et les champs inconnus', () => {
    const found = errors({ answers: { avis: 'Bien', piege: 'x' }, profile: { commune: 'Paris' }, extra: 1 });
    expect(Object.keys(found).sort()).toEqual(['', 'answers', 'profile.commune']);
    expect(found['profile.commune']).toBe('choisissez une commune du territoire');
  });

  it('demande au moins une réponse quand aucune question n’est obligatoire', () => {
    const open = contributionSchema(
      { ...consultation, questions: consultation.questions.map((q) => ({ ...q, required: false })) },
      { communes: ['Valmorin'] },
    );
    expect(open.safeParse({ answers: { avis: '' } }).error?.issues.map((i) => i.message)).toEqual(['répondez au moins à une question']);
  });

  it('n’accepte pas une question de profil que la consultation ne pose pas', () => {
    const noProfile = contributionSchema({ ...consultation, profile: { commune: false, age_bracket: false } }, { communes: ['Valmorin'] });
    expect(noProfile.safeParse({ answers: { avis: 'Bien' }, profile: { commune: 'Valmorin' } }).success).toBe(false);
    expect(noProfile.safeParse({ answers: { avis: 'Bien' } }).success).toBe(true);
  });
});

describe('état d’une consultation', () => {
  it('est ouverte du jour d’ouverture au jour de clôture inclus, heure française', () => {
    expect(consultationStatus(consultation, '2026-11-01')).toBe('upcoming');
    expect(consultationStatus(consultation, '2026-11-02')).toBe('open');
    expect(consultationStatus(consultation, '2027-01-31')).toBe('open');
    expect(consultationStatus(consultation, '2027-02-01')).toBe('closed');
    // 23:30 UTC on 31 January is already 1 February in Paris.
    expect(frenchToday(new Date('2027-01-31T23:30:00Z'))).toBe('2027-02-01');
  });
});

describe('règles du contenu d’une consultation', () => {
  it('refuse une question à choix sans réponses, une échelle sans bornes, et une clôture avant l’ouverture', () => {
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
