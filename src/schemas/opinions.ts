/**
 * Referrals to a council (« saisines »), its opinions (« avis ») and what became of each
 * recommendation: the authority's answer and the council's own assessment of that answer, kept
 * in two separate fields so that a page can show them side by side and never merge them.
 */
import { z } from 'astro/zod';
import { choice, field, httpUrl, isoDate, slug, text, withCms } from './fields.ts';

/** The authority's answer, in the words of the deliberations. */
export const ANSWER_STATUSES = {
  retenue: 'Retenue',
  'retenue-en-partie': 'Retenue en partie',
  'non-retenue': 'Non retenue',
  'a-l-etude': 'À l’étude',
} as const;
export type AnswerStatus = keyof typeof ANSWER_STATUSES;

/** The statuses that commit the authority to a due date. */
export const COMMITTING_STATUSES: ReadonlySet<AnswerStatus> = new Set(['retenue', 'retenue-en-partie']);

/** The council's verdict on the answer it received. */
export const VERDICTS = {
  satisfaisante: 'Réponse satisfaisante',
  'en-partie-satisfaisante': 'Réponse en partie satisfaisante',
  insuffisante: 'Réponse insuffisante',
  'en-attente': 'Le conseil attend des actes',
} as const;
export type Verdict = keyof typeof VERDICTS;

/** What a recommendation is about, in words a resident uses. */
export const RECOMMENDATION_THEMES = {
  'controle-humain': 'Contrôle humain des décisions',
  transparence: 'Transparence et information',
  'droits-recours': 'Droits et recours des habitants',
  donnees: 'Données personnelles et hébergement',
  evaluation: 'Évaluation et suivi',
  formation: 'Formation des agents',
  participation: 'Participation des habitants',
  environnement: 'Sobriété et environnement',
  achats: 'Achats et fournisseurs',
} as const;

export const referralSchema = z.strictObject({
  committee: withCms(field(slug, 'Instance saisie'), { ref: 'committees' }),
  title: field(text(5, 200), 'Objet de la saisine'),
  question: field(text(10, 3000), 'Question posée'),
  date: isoDate('Date de la saisine'),
  referred_by: field(
    text(3, 200),
    'Auteur de la saisine',
    'Par exemple « le président de la métropole » ou « le comité de la donnée et de l’IA ».',
  ),
  deadline: isoDate('Date attendue de l’avis').optional(),
  entries: withCms(field(z.array(slug).default([]), 'Usages concernés'), { ref: 'register' }),
  articles: withCms(field(z.array(slug).default([]), 'Articles de la charte concernés'), { ref: 'charter-articles' }),
});

/** Something done, with what proves it: at least one piece of evidence. */
const milestone = z
  .strictObject({
    date: isoDate('Date'),
    title: field(text(3, 200), 'Ce qui a été fait'),
    description: field(text(3, 2000).optional(), 'Précisions'),
    decision: withCms(field(slug.optional(), 'Décision d’un compte rendu'), { ref: 'decisions' }),
    deliberation: field(
      text(5, 300).optional(),
      'Délibération',
      'Référence de la délibération, par exemple « n° 2026-041 du 26 mars 2026 ».',
    ),
    entry: withCms(field(slug.optional(), 'Fiche du registre'), { ref: 'register' }),
    charter: withCms(field(slug.optional(), 'Version de la charte', 'Nom du fichier de la version, par exemple « charte-v2 ».'), {
      ref: 'charters',
    }),
    consultation: withCms(field(slug.optional(), 'Consultation'), { ref: 'consultations' }),
    link: field(httpUrl.optional(), 'Autre preuve (adresse web)'),
  })
  .refine((m) => m.decision || m.deliberation || m.entry || m.charter || m.consultation || m.link, {
    message:
      'une étape indique sa preuve : une décision, une délibération, une fiche du registre, une version de la charte, une consultation ou une adresse web',
    path: ['decision'],
  });

export const answerSchema = z
  .strictObject({
    status: choice(ANSWER_STATUSES, 'Réponse de la collectivité'),
    reasons: field(text(10, 3000), 'Motifs'),
    date: isoDate('Date de la réponse'),
    decision: withCms(field(slug.optional(), 'Décision qui porte la réponse', 'Identifiant de la décision dans un compte rendu.'), {
      ref: 'decisions',
    }),
    deliberation: field(text(5, 300).optional(), 'Délibération qui porte la réponse'),
    responsible: withCms(field(slug, 'Service responsable'), { ref: 'services' }),
    due: isoDate('Échéance', 'Obligatoire quand la recommandation est retenue, même en partie.').optional(),
    completed: isoDate('Mise en œuvre achevée le', 'À remplir quand tout ce qui a été promis est fait.').optional(),
    milestones: field(z.array(milestone).default([]), 'Étapes réalisées'),
  })
  .superRefine((answer, ctx) => {
    if (COMMITTING_STATUSES.has(answer.status) && !answer.due) {
      ctx.addIssue({ code: 'custom', path: ['due'], message: 'une recommandation retenue, même en partie, a une échéance' });
    }
    if (answer.status !== 'a-l-etude' && !answer.decision && !answer.deliberation) {
      ctx.addIssue({ code: 'custom', path: ['decision'], message: 'indiquez la décision ou la délibération qui porte la réponse' });
    }
    if (answer.due && answer.due < answer.date) {
      ctx.addIssue({ code: 'custom', path: ['due'], message: `l’échéance précède la date de la réponse (${answer.date})` });
    }
    answer.milestones.forEach((m, i) => {
      if (m.date < answer.date) {
        ctx.addIssue({
          code: 'custom',
          path: ['milestones', i, 'date'],
          message: `une étape ne peut précéder la réponse (${answer.date})`,
        });
      }
    });
  });

export const assessmentSchema = z.strictObject({
  verdict: choice(VERDICTS, 'Appréciation du conseil'),
  grade: field(z.int().min(0, 'note de 0 à 10').max(10, 'note de 0 à 10').optional(), 'Note sur 10'),
  comment: field(text(3, 2000).optional(), 'Commentaire du conseil'),
  date: isoDate('Date de l’appréciation'),
  session: withCms(field(slug, 'Séance qui l’a adoptée', 'Identifiant de la décision du compte rendu de cette séance.'), {
    ref: 'decisions',
  }),
});

export const recommendationObject = z.strictObject({
  id: field(slug, 'Identifiant stable', 'Ne change jamais : la réponse, les exports et les liens le citent (par exemple « r1 »).'),
  number: field(z.int().min(1, 'numéro à partir de 1'), 'Numéro'),
  title: field(text(3, 200), 'Titre'),
  text: field(text(10, 4000), 'Texte de la recommandation'),
  theme: choice(RECOMMENDATION_THEMES, 'Thème'),
  entries: withCms(field(z.array(slug).default([]), 'Usages concernés'), { ref: 'register' }),
  articles: withCms(field(z.array(slug).default([]), 'Articles de la charte concernés'), { ref: 'charter-articles' }),
  consultations: withCms(field(z.array(slug).default([]), 'Consultations concernées'), { ref: 'consultations' }),
  answer: field(answerSchema.optional(), 'Réponse de la collectivité'),
  assessment: field(assessmentSchema.optional(), 'Appréciation du conseil sur la réponse'),
});

const recommendation = recommendationObject.superRefine((r, ctx) => {
  if (r.assessment && !r.answer) {
    ctx.addIssue({
      code: 'custom',
      path: ['assessment'],
      message: 'le conseil apprécie une réponse : la recommandation n’en a pas encore',
    });
  }
  if (r.assessment && r.answer && r.assessment.date < r.answer.date) {
    ctx.addIssue({ code: 'custom', path: ['assessment', 'date'], message: `l’appréciation précède la réponse (${r.answer.date})` });
  }
});

const opinionObject = z.strictObject({
  committee: withCms(field(slug, 'Instance qui a adopté l’avis'), { ref: 'committees' }),
  title: field(text(5, 200), 'Titre'),
  date: isoDate('Date d’adoption'),
  referral: withCms(field(slug.optional(), 'Saisine', 'Vide quand l’instance s’est saisie elle-même.'), { ref: 'referrals' }),
  decision: withCms(field(slug.optional(), 'Décision qui adopte l’avis'), { ref: 'decisions' }),
  summary: field(text(10, 3000), 'Résumé'),
  document: withCms(
    field(
      z
        .string()
        .regex(/^\/documents\/[\w./-]+\.pdf$/, 'chemin d’un PDF sous public/documents/, commençant par /documents/')
        .optional(),
      'Avis complet (PDF)',
    ),
    { widget: 'file' },
  ),
  recommendations: field(z.array(recommendation).min(1, 'un avis compte au moins une recommandation'), 'Recommandations'),
});

export const opinionSchema = opinionObject.superRefine((opinion, ctx) => {
  const ids = new Set<string>();
  const numbers = new Set<number>();
  opinion.recommendations.forEach((r, i) => {
    if (ids.has(r.id))
      ctx.addIssue({
        code: 'custom',
        path: ['recommendations', i, 'id'],
        message: `l’identifiant « ${r.id} » est déjà celui d’une autre recommandation de l’avis`,
      });
    if (numbers.has(r.number))
      ctx.addIssue({
        code: 'custom',
        path: ['recommendations', i, 'number'],
        message: `le numéro ${r.number} est déjà celui d’une autre recommandation de l’avis`,
      });
    ids.add(r.id);
    numbers.add(r.number);
    if (r.answer && r.answer.date < opinion.date) {
      ctx.addIssue({
        code: 'custom',
        path: ['recommendations', i, 'answer', 'date'],
        message: `la réponse précède l’avis (${opinion.date})`,
      });
    }
  });
});

export { opinionObject };
export type ReferralData = z.output<typeof referralSchema>;
export type OpinionData = z.output<typeof opinionSchema>;
export type RecommendationData = OpinionData['recommendations'][number];
export type AnswerData = z.output<typeof answerSchema>;
export type AssessmentData = z.output<typeof assessmentSchema>;
/** One milestone alone: the spreadsheet import checks each row with it. */
export { milestone as milestoneSchema };
