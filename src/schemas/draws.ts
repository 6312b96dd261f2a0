/**
 * A draw by lot of a council's members (content/tirages/<draw>.yaml). The definition is written in
 * the CMS before anything else; `commitment` is written by `npm run tirage -- preparer` before the
 * public randomness exists, `result` by `tirer` after it, `replacements` by `remplacer`. The pool of
 * volunteers is personal data: it never enters this file, only its hash and counts.
 */
import { z } from 'astro/zod';
import { choice, field, isoDate, slug, text, withCms } from './fields.ts';

export const DRAW_ALGORITHMS = {
  maximin: 'Maximin : la plus petite chance d’être tiré est rendue aussi grande que possible',
} as const;

export const RANDOMNESS_RULES = {
  'sha256-v1': 'Nombres publics → SHA-256 → nombre de 0 à M−1 sans biais (règle v1)',
} as const;

export const REPLACEMENT_REASONS = {
  desistement: 'Désistement avant la première séance',
  demission: 'Démission en cours de mandat',
  injoignable: 'Personne injoignable',
  inegibilite: 'Ne remplit plus les conditions',
} as const;

const featureValue = z.strictObject({
  value: field(text(1, 100), 'Valeur', 'Telle qu’elle est écrite dans la liste des volontaires (par exemple « Valmorin » ou « 16-17 »).'),
  min: field(z.int().min(0, 'au moins 0'), 'Minimum de sièges'),
  max: field(z.int().min(0, 'au moins 0'), 'Maximum de sièges'),
});

const feature = z.strictObject({
  key: field(
    z.string().regex(/^[a-z][a-z0-9_]*$/, 'nom de colonne attendu en minuscules, chiffres et « _ » (par exemple « tranche_age »)'),
    'Colonne',
    'Le nom de la colonne dans la liste des volontaires.',
  ),
  label: field(text(2, 100), 'Critère'),
  values: field(z.array(featureValue).min(1, 'indiquez au moins une valeur'), 'Quotas par valeur'),
});

const countRow = z.strictObject({
  feature: field(z.string(), 'Critère'),
  value: field(z.string(), 'Valeur', 'Les valeurs de moins de 5 volontaires sont regroupées sous « autres valeurs ».'),
  count: field(z.int().min(0), 'Volontaires'),
});

export const commitmentSchema = z.strictObject({
  date: isoDate('Date de l’engagement'),
  pool_sha256: field(
    z.string().regex(/^[0-9a-f]{64}$/),
    'Empreinte SHA-256 de la liste des volontaires',
    'Calculée sur la forme canonique de la liste : identifiants, critères et foyer, triés par identifiant.',
  ),
  pool_size: field(z.int().min(1), 'Nombre de volontaires'),
  quotas_sha256: field(z.string().regex(/^[0-9a-f]{64}$/), 'Empreinte SHA-256 des règles du tirage'),
  software: field(z.string(), 'Logiciel et version'),
  lottery_sha256: field(z.string().regex(/^[0-9a-f]{64}$/), 'Empreinte SHA-256 des M panels de la loterie'),
  pool_counts: field(z.array(countRow), 'Volontaires par critère'),
  probability: field(
    z.strictObject({ min: z.number().min(0).max(1), median: z.number().min(0).max(1), max: z.number().min(0).max(1) }),
    'Chances d’être tiré (minimum, médiane, maximum)',
  ),
  greedy_min_probability: field(
    z.number().min(0).max(1),
    'Plus petite chance avec la méthode gloutonne classique',
    'Estimée par simulation, pour comparaison.',
  ).optional(),
  rounding_gap: field(
    z.number().min(0),
    'Écart d’arrondi, en billets',
    'Le plus grand écart, sur les volontaires, entre leur nombre de billets dans la loterie et M × leur chance équitable.',
  ).optional(),
  lottery: field(
    z.array(z.strictObject({ count: z.int().min(1), rows: z.string().regex(/^\d+( \d+)*$/) })),
    'Panels de la loterie',
    'Chaque panel distinct, avec le nombre de numéros (sur M) qui le désignent et les numéros de ligne de ses membres dans la liste canonique.',
  ),
});

const seat = z.strictObject({
  code: field(z.string().regex(/^[A-Z0-9]{4}-[A-Z0-9]{4}$/), 'Code'),
  row: field(z.int().min(0), 'Ligne dans la liste canonique'),
});

export const resultSchema = z.strictObject({
  date: isoDate('Date du tirage'),
  numbers: field(z.array(z.int().min(0)).min(1), 'Nombres publics'),
  index: field(z.int().min(0), 'Numéro du panel tiré'),
  seats: field(z.array(seat).min(1), 'Membres tirés (codes)'),
  reserves: field(z.array(seat), 'Liste de réserve, dans l’ordre'),
  counts: field(z.array(countRow), 'Membres tirés par critère'),
});

const replacement = z.strictObject({
  date: isoDate('Date du remplacement'),
  reason: choice(REPLACEMENT_REASONS, 'Motif'),
  leaving: field(seat.shape.code, 'Code du membre qui part'),
  joining: field(seat.shape.code, 'Code du membre qui entre'),
  rank: field(
    z.int().min(1),
    'Rang dans l’ordre de réserve',
    'Au-delà de la liste publiée, l’ordre se prolonge avec les mêmes nombres publics.',
  ),
});

export const drawObject = z.strictObject({
  title: field(text(3, 200), 'Titre'),
  council: withCms(field(slug, 'Instance'), { ref: 'committees' }),
  seats: field(z.int().min(1, 'au moins un siège').max(500, 'au plus 500 sièges'), 'Nombre de sièges'),
  features: field(z.array(feature).min(1, 'indiquez au moins un critère'), 'Critères et quotas'),
  algorithm: choice(DRAW_ALGORITHMS, 'Algorithme'),
  lottery_size: field(
    z.int().min(2).max(100000).default(1000),
    'Taille M de la loterie',
    'Le nombre de panels également probables ; le hasard public choisit l’un d’eux.',
  ),
  reserve_size: field(z.int().min(0).max(500).default(10), 'Taille de la liste de réserve'),
  randomness: field(
    z.strictObject({
      source: field(
        text(10, 500),
        'Source publique du hasard',
        'Annoncée avant l’engagement : par exemple « les cinq numéros du tirage du Loto du samedi… ».',
      ),
      date: isoDate('Date où le hasard sera connu'),
      rule: choice(RANDOMNESS_RULES, 'Règle de conversion'),
    }),
    'Hasard public',
  ),
  commitment: field(commitmentSchema.optional(), 'Engagement publié avant le tirage', 'Écrit par la commande « preparer ».'),
  result: field(resultSchema.optional(), 'Résultat', 'Écrit par la commande « tirer ».'),
  replacements: field(z.array(replacement).default([]), 'Remplacements', 'Écrits par la commande « remplacer ».'),
});

/** The cross-field rules the CMS form cannot express. */
export const drawSchema = drawObject.superRefine((draw, ctx) => {
  draw.features.forEach((f, i) => {
    const seen = new Set<string>();
    let mins = 0;
    let maxes = 0;
    f.values.forEach((v, j) => {
      if (v.min > v.max)
        ctx.addIssue({
          code: 'custom',
          path: ['features', i, 'values', j, 'max'],
          message: `le maximum (${v.max}) est plus petit que le minimum (${v.min})`,
        });
      if (seen.has(v.value))
        ctx.addIssue({ code: 'custom', path: ['features', i, 'values', j, 'value'], message: `la valeur « ${v.value} » est déjà listée` });
      seen.add(v.value);
      mins += v.min;
      maxes += v.max;
    });
    if (mins > draw.seats)
      ctx.addIssue({
        code: 'custom',
        path: ['features', i, 'values'],
        message: `les minimums du critère « ${f.label} » font ${mins} sièges, plus que les ${draw.seats} sièges`,
      });
    if (maxes < draw.seats)
      ctx.addIssue({
        code: 'custom',
        path: ['features', i, 'values'],
        message: `les maximums du critère « ${f.label} » font ${maxes} sièges, moins que les ${draw.seats} sièges`,
      });
  });
  const keys = draw.features.map((f) => f.key);
  keys.forEach((k, i) => {
    if (keys.indexOf(k) !== i)
      ctx.addIssue({ code: 'custom', path: ['features', i, 'key'], message: `la colonne « ${k} » est déjà un critère` });
  });
  if (draw.result && !draw.commitment)
    ctx.addIssue({
      code: 'custom',
      path: ['result'],
      message: 'un résultat sans engagement publié avant : relancez « preparer » puis « tirer »',
    });
});

export type DrawData = z.output<typeof drawObject>;
export type Commitment = z.output<typeof commitmentSchema>;
export type DrawResult = z.output<typeof resultSchema>;
