import { describe, expect, it } from 'vitest';
import { consultationStatus } from '../../src/lib/consultations/calendar.ts';
import { contributionSchema } from '../../src/schemas/contributions.ts';
import { frenchToday } from '../../src/lib/format.ts';
import { consultationSchema } from '../../src/schemas/consultations.ts';
import { AVIS, CONFIANCE, REPRISE, repriseConsultation } from '../helpers/reprise-consultation.ts';

const consultation = repriseConsultation({ questions: [{ ...AVIS, max_length: 100 }, REPRISE, CONFIANCE] });
const site = { name: 'Commune de Valmorin', communes: ['Valmorin', 'Saint-Aubin-sur-Séverne'] };
const schema = contributionSchema(consultation, site);

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
    expect(errors({ answers: { avis: `${lines}\r\nc` } })).toEqual({
      'answers.avis': 'raccourcissez votre réponse : 100 caractères au plus',
    });
  });

  it('traite les champs vides comme une absence de réponse, et exige la question obligatoire', () => {
    expect(errors({ answers: { avis: '   ', reprise: '', confiance: '' }, pseudonym: '', profile: { commune: '' } })).toEqual({
      'answers.avis': 'une réponse est obligatoire',
    });
  });

  it('exige la question obligatoire même quand le champ manque tout à fait', () => {
    expect(errors({ answers: { reprise: 'non' } })).toEqual({ 'answers.avis': 'une réponse est obligatoire' });
  });

  it('dit brièvement quoi faire pour chaque mauvaise réponse, sans répéter la question', () => {
    expect(errors({ answers: { avis: 'x'.repeat(101), reprise: 'peut-etre', confiance: 9 } })).toEqual({
      'answers.avis': 'raccourcissez votre réponse : 100 caractères au plus',
      'answers.reprise': 'choisissez une des réponses proposées',
      'answers.confiance': 'choisissez une note de 1 à 5',
    });
  });

  it('refuse les questions inconnues, les communes hors du territoire et les champs inconnus', () => {
    const found = errors({ answers: { avis: 'Bien', piege: 'x' }, profile: { commune: 'Paris' }, extra: 1 });
    expect(Object.keys(found).sort()).toEqual(['', 'answers', 'profile.commune']);
    expect(found['profile.commune']).toBe('choisissez une commune du territoire');
  });

  it('demande au moins une réponse quand aucune question n’est obligatoire', () => {
    const open = contributionSchema({ ...consultation, questions: consultation.questions.map((q) => ({ ...q, required: false })) }, site);
    expect(open.safeParse({ answers: { avis: '' } }).error?.issues.map((i) => i.message)).toEqual(['répondez au moins à une question']);
  });

  it('n’accepte pas une question de profil que la consultation ne pose pas', () => {
    const noProfile = contributionSchema({ ...consultation, profile: { commune: false, age_bracket: false } }, site);
    expect(noProfile.safeParse({ answers: { avis: 'Bien' }, profile: { commune: 'Valmorin' } }).success).toBe(false);
    expect(noProfile.safeParse({ answers: { avis: 'Bien' } }).success).toBe(true);
  });
});

describe('ce que le schéma d’une contribution refuse dans un texte saisi', () => {
  it('refuse un pseudonyme qui inverse le sens de lecture, en nommant le champ et le caractère', () => {
    expect(errors({ answers: { avis: 'Bien' }, pseudonym: '\u202Etrevès ed eiriaM' })).toEqual({
      pseudonym:
        'le pseudonyme contient un caractère qui inverse le sens de lecture (U+202E) : retirez-le, il ferait lire le texte autrement qu’il est écrit',
    });
  });

  it('refuse un pseudonyme qui contient un caractère invisible', () => {
    expect(errors({ answers: { avis: 'Bien' }, pseudonym: 'Cam\u200Bille' })).toEqual({
      pseudonym: 'le pseudonyme contient un caractère invisible (U+200B) : retirez-le',
    });
  });

  it('refuse un pseudonyme qui imite la collectivité ou son personnel, même écrit avec des lettres d’un autre alphabet', () => {
    const message = 'ce pseudonyme ressemble au nom de la collectivité ou de son personnel : choisissez-en un autre';
    for (const pseudonym of ['M\u0430irie de Valmorin', 'M4irie', 'Commune de Valmorin', 'Le modérateur']) {
      expect(errors({ answers: { avis: 'Bien' }, pseudonym }), pseudonym).toEqual({ pseudonym: message });
    }
  });

  it('accepte un pseudonyme ordinaire, accentué ou dans un autre alphabet', () => {
    for (const pseudonym of ['Élodie R.', 'سارة', 'Анна', 'Valmorin']) {
      expect(schema.safeParse({ answers: { avis: 'Bien' }, pseudonym }).success, pseudonym).toBe(true);
    }
  });

  it('refuse dans une réponse les caractères qui réordonnent le texte, mais garde les marques de sens et l’arabe', () => {
    expect(errors({ answers: { avis: 'Bien \u2067caché\u2069' } })).toEqual({
      'answers.avis':
        'votre réponse contient un caractère qui inverse le sens de lecture (U+2067) : retirez-le, il ferait lire le texte autrement qu’il est écrit',
    });
    expect(schema.parse({ answers: { avis: 'Le mot \u200Fمرحبا\u200F veut dire bonjour.' } }).answers.avis).toBe(
      'Le mot \u200Fمرحبا\u200F veut dire bonjour.',
    );
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
