/**
 * What a contribution may contain, derived from the consultation's own questions: the server
 * validates every submission with this schema, and a bad one gets a French message per field.
 * The form and the JSON intake send the same fields, plus the technical ones below.
 */
import { z } from 'astro/zod';
import type { ConsultationData } from './consultations.ts';
import type { SiteData } from './site.ts';
import { forbiddenInAnswer, forbiddenInPseudonym, forbiddenMessage, IMITATION_MESSAGE, imitatesAuthority } from './typed-text.ts';

/**
 * Names of the form's technical fields. The honeypot looks like a field a robot would fill. The
 * page's script sets `js` just before sending: the answer may then be a redirection to a receipt
 * page that only a script can fill (see src/pages/consultations/[slug]/index.astro).
 */
export const FORM_FIELDS = { token: 'jeton', idempotency: 'cle', honeypot: 'site_web', proof: 'preuve', script: 'js' } as const;

/** One contribution per key: a form sent twice (double click, reload) is stored once. */
export const IDEMPOTENCY_KEY = /^[A-Za-z0-9_-]{16,64}$/;

export const AGE_BRACKETS = {
  'moins-de-18': 'Moins de 18 ans',
  '18-29': '18 à 29 ans',
  '30-44': '30 à 44 ans',
  '45-59': '45 à 59 ans',
  '60-74': '60 à 74 ans',
  '75-et-plus': '75 ans et plus',
} as const;

export const PSEUDONYM_MAX = 60;

type Question = ConsultationData['questions'][number];

const blankToUndefined = (value: unknown) => (typeof value === 'string' && value.trim() === '' ? undefined : value);

/**
 * Messages say what to do, in a few words, without the question: the form shows each one under
 * its question and names the field in its summary (« Question 2 : … »); the JSON intake keys
 * them by field.
 */
function answerSchema(question: Question): z.ZodType {
  const missing = 'une réponse est obligatoire';
  /** The message for a wrong value, or for no value at all (a required question left blank or absent). */
  const error = (wrong: string) => (issue: { input?: unknown }) => (issue.input === undefined ? missing : wrong);
  let schema: z.ZodType;
  switch (question.kind) {
    case 'avis':
      // Browsers send a textarea's line breaks as CRLF: one break is one character, as in the field's counter.
      schema = z
        .string({ error: error('un texte est attendu') })
        .transform((text) => text.replace(/\r\n?/g, '\n'))
        .pipe(
          z
            .string()
            .trim()
            .max(question.max_length, { error: `raccourcissez votre réponse : ${question.max_length} caractères au plus` })
            .superRefine((text, ctx) => {
              const found = forbiddenInAnswer(text);
              if (found) ctx.addIssue({ code: 'custom', message: `votre réponse ${forbiddenMessage(found)}` });
            }),
        );
      break;
    case 'choix': {
      const values = question.options.map((o) => o.value) as [string, ...string[]];
      schema = z.enum(values, { error: error('choisissez une des réponses proposées') });
      break;
    }
    case 'echelle': {
      const { min, max } = question.scale!;
      const bounds = `choisissez une note de ${min} à ${max}`;
      // A form sends "4"; anything that is not a whole number stays as it is and is refused.
      schema = z.preprocess(
        (value) => (typeof value === 'string' && /^\s*-?\d+\s*$/.test(value) ? Number(value) : value),
        z
          .number({ error: error('une note entière est attendue') })
          .int({ error: bounds })
          .min(min, { error: bounds })
          .max(max, { error: bounds }),
      );
      break;
    }
  }
  // An empty field of an HTML form arrives as "": it means "no answer".
  return z.preprocess(blankToUndefined, question.required ? schema : schema.optional());
}

/** What of the site a contribution's schema depends on. */
type SiteForContributions = Pick<SiteData, 'communes' | 'name'>;

/** Built once per consultation and site (name, communes): content is read once per process. */
const schemas = new WeakMap<ConsultationData, Map<string, ReturnType<typeof buildContributionSchema>>>();

export function contributionSchema(consultation: ConsultationData, site: SiteForContributions) {
  let bySite = schemas.get(consultation);
  if (!bySite) schemas.set(consultation, (bySite = new Map()));
  const key = JSON.stringify([site.name, site.communes]);
  let schema = bySite.get(key);
  if (!schema) bySite.set(key, (schema = buildContributionSchema(consultation, site)));
  return schema;
}

function buildContributionSchema(consultation: ConsultationData, site: SiteForContributions) {
  const answers = Object.fromEntries(consultation.questions.map((q) => [q.id, answerSchema(q)]));
  const communes = site.communes as [string, ...string[]];
  const entries = consultation.entries as [string, ...string[]];
  return z.strictObject({
    /** The register entry the opinion is about ("donner mon avis sur cet usage"); none means the whole consultation. */
    entry: z.preprocess(
      blankToUndefined,
      (entries.length ? z.enum(entries, { error: 'choisissez un des usages concernés par la consultation' }) : z.undefined()).optional(),
    ),
    answers: z.strictObject(answers).superRefine((given, ctx) => {
      // Required questions are checked field by field; without any, at least one answer is asked.
      if (!consultation.questions.some((q) => q.required) && Object.values(given).every((v) => v === undefined)) {
        ctx.addIssue({ code: 'custom', message: 'répondez au moins à une question' });
      }
    }),
    pseudonym: z.preprocess(
      blankToUndefined,
      z
        .string()
        .trim()
        .max(PSEUDONYM_MAX, { error: `le pseudonyme compte ${PSEUDONYM_MAX} caractères au plus` })
        .superRefine((pseudonym, ctx) => {
          // Invisible characters first: a pseudonym that hides one may also hide an imitation.
          const found = forbiddenInPseudonym(pseudonym);
          if (found) ctx.addIssue({ code: 'custom', message: `le pseudonyme ${forbiddenMessage(found)}` });
          else if (imitatesAuthority(pseudonym, site.name)) ctx.addIssue({ code: 'custom', message: IMITATION_MESSAGE });
        })
        .optional(),
    ),
    profile: z
      .strictObject({
        commune: z.preprocess(
          blankToUndefined,
          (consultation.profile.commune ? z.enum(communes, { error: 'choisissez une commune du territoire' }) : z.undefined()).optional(),
        ),
        age_bracket: z.preprocess(
          blankToUndefined,
          (consultation.profile.age_bracket
            ? z.enum(Object.keys(AGE_BRACKETS) as [string, ...string[]], { error: 'choisissez une tranche d’âge proposée' })
            : z.undefined()
          ).optional(),
        ),
      })
      .default({}),
  });
}
