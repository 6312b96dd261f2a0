/**
 * A consultation of residents, defined in content: its questions drive the form and the zod
 * schema that validates each contribution. Once closed, the synthesis and the authority's
 * answer are content too.
 */
import { z } from 'astro/zod';
import { choice, field, isoDate, slug, text, withCms } from './fields.ts';

const QUESTION_KINDS = {
  avis: 'Avis libre',
  choix: 'Choix unique',
  echelle: 'Échelle',
} as const;

const option = z.strictObject({
  value: field(slug, 'Valeur', 'Identifiant de la réponse, enregistré avec la contribution.'),
  label: field(text(1, 200), 'Libellé'),
});

const question = z
  .strictObject({
    id: field(slug, 'Identifiant', 'Stable : les contributions enregistrées s’y rattachent.'),
    kind: choice(QUESTION_KINDS, 'Type de question'),
    label: field(text(5, 300), 'Question'),
    help: field(text(5, 500).optional(), 'Aide'),
    required: field(z.boolean().default(false), 'Réponse obligatoire'),
    max_length: field(z.int().min(50).max(5000).default(2000), 'Longueur maximale (avis libre)'),
    options: field(z.array(option).default([]), 'Réponses possibles (choix unique)'),
    scale: field(
      z
        .strictObject({
          min: field(z.int().min(0).max(1), 'Valeur minimale'),
          max: field(z.int().min(2).max(10), 'Valeur maximale'),
          min_label: field(text(1, 80), 'Libellé du minimum'),
          max_label: field(text(1, 80), 'Libellé du maximum'),
        })
        .optional(),
      'Échelle',
    ),
  })
  .superRefine((q, ctx) => {
    if (q.kind === 'choix' && q.options.length < 2) {
      ctx.addIssue({ code: 'custom', path: ['options'], message: 'une question à choix unique propose au moins deux réponses' });
    }
    if (q.kind === 'echelle' && !q.scale) {
      ctx.addIssue({ code: 'custom', path: ['scale'], message: 'une question en échelle indique son minimum et son maximum' });
    }
    const values = q.options.map((o) => o.value);
    if (new Set(values).size !== values.length)
      ctx.addIssue({ code: 'custom', path: ['options'], message: 'deux réponses ont la même valeur' });
  });

const dated = (title: string) =>
  field(
    z.strictObject({
      date: isoDate('Date de publication'),
      body: withCms(field(text(20, 20000), 'Texte', 'Texte en Markdown : titres (###), listes, liens.'), { widget: 'markdown' }),
    }),
    title,
  );

export const consultationSchema = z
  .strictObject({
    title: field(text(5, 150), 'Titre'),
    summary: field(text(20, 400), 'En bref', 'Ce sur quoi l’avis des habitants est demandé, en langage clair.'),
    context: withCms(field(text(20, 20000), 'Contexte', 'Texte en Markdown.'), { widget: 'markdown' }),
    opens: isoDate('Ouverture'),
    closes: isoDate('Clôture', 'Dernier jour où l’on peut contribuer.'),
    entries: withCms(field(z.array(slug).default([]), 'Usages concernés', 'Identifiants des fiches du registre.'), { ref: 'register' }),
    questions: field(z.array(question).min(1, 'une consultation pose au moins une question'), 'Questions'),
    profile: field(
      z
        .strictObject({
          commune: field(z.boolean().default(false), 'Demander la commune (facultatif pour le contributeur)'),
          age_bracket: field(z.boolean().default(false), 'Demander la tranche d’âge (facultatif pour le contributeur)'),
        })
        .default({ commune: false, age_bracket: false }),
      'Questions de profil',
    ),
    synthesis: dated('Synthèse des contributions').optional(),
    answer: dated('Ce que nous avons fait de vos avis').optional(),
  })
  .superRefine((c, ctx) => {
    if (c.closes < c.opens) ctx.addIssue({ code: 'custom', path: ['closes'], message: 'la clôture ne peut pas précéder l’ouverture' });
    const ids = c.questions.map((q) => q.id);
    ids.forEach((id, i) => {
      if (ids.indexOf(id) !== i)
        ctx.addIssue({
          code: 'custom',
          path: ['questions', i, 'id'],
          message: `l’identifiant « ${id} » est déjà utilisé par une autre question`,
        });
    });
    for (const key of ['synthesis', 'answer'] as const) {
      const part = c[key];
      if (part && part.date < c.closes) {
        ctx.addIssue({ code: 'custom', path: [key, 'date'], message: 'publiée avant la clôture de la consultation' });
      }
    }
  });

/** The rules of moderation, published, each tied to the charter article it applies. */
export const moderationRulesSchema = z.strictObject({
  rules: field(
    z
      .array(
        z.strictObject({
          id: field(slug, 'Identifiant'),
          label: field(text(3, 120), 'Motif de refus'),
          description: field(text(10, 1000), 'Explication publiée'),
          charter_article: withCms(field(slug.optional(), 'Article de la charte'), { ref: 'charter-articles' }),
        }),
      )
      .min(1, 'indiquez au moins une règle'),
    'Règles de modération',
  ),
});

export type ConsultationData = z.output<typeof consultationSchema>;
export type ModerationRulesData = z.output<typeof moderationRulesSchema>;
