/**
 * The catalogue of AI tools (Strasbourg's « catalogue d'outils autorisés »): one file per tool
 * under content/outils/. What the tool is and where it runs, the committee's decision (status,
 * data classes, uses, conditions, review date, reasons) and the evaluation on the five criteria.
 * Register entries name the tools they rely on (`tools` in register.ts).
 */
import { z } from 'astro/zod';
import { choice, field, httpUrl, isoDate, slug, text, withCms } from './fields.ts';
import { CRITERIA, HOSTING } from './options.ts';

export const TOOL_STATUSES = {
  autorise: 'Autorisé',
  'autorise-sous-conditions': 'Autorisé sous conditions',
  experimentation: 'En expérimentation',
  evaluation: 'En évaluation',
  refuse: 'Refusé',
  retire: 'Retiré',
} as const;

export type ToolStatus = keyof typeof TOOL_STATUSES;

/** Statuses under which agents may use the tool in production. */
export const AUTHORISED_STATUSES: ReadonlySet<ToolStatus> = new Set(['autorise', 'autorise-sous-conditions']);
/** Statuses that close the door: no data class, and the reasons published. */
export const CLOSED_STATUSES: ReadonlySet<ToolStatus> = new Set(['refuse', 'retire']);

export const TOOL_CATEGORIES = {
  'assistant-conversationnel': 'Assistant conversationnel',
  transcription: 'Transcription',
  traduction: 'Traduction',
  vision: 'Vision',
  'aide-au-code': 'Aide au code',
  'recherche-documentaire': 'Recherche documentaire',
  'generation-images': 'Génération d’images',
  autre: 'Autre',
} as const;

/** compar:IA's distribution of a model, from the least to the most open. */
export const MODEL_DISTRIBUTIONS = {
  'api-seulement': 'API seulement',
  'poids-ouverts': 'Poids ouverts',
  'entierement-ouvert': 'Entièrement ouvert',
} as const;

export const DEPLOYMENTS = {
  'serveurs-collectivite': 'Serveurs de la collectivité',
  'plateforme-etat': 'Plateforme de l’État',
  saas: 'Logiciel en ligne (SaaS)',
} as const;

export const DATA_CLASSES = {
  publiques: 'Données publiques',
  internes: 'Données internes',
  personnelles: 'Données personnelles',
  sensibles: 'Données sensibles',
} as const;

export const CERTIFICATIONS = {
  secnumcloud: 'SecNumCloud',
  hds: 'HDS (hébergement de données de santé)',
  'iso-27001': 'ISO 27001',
  'iso-27701': 'ISO 27701',
  'soc-2': 'SOC 2',
  c5: 'C5',
} as const;

export const TRAINING_ON_INPUTS = {
  non: 'Non',
  'sauf-refus': 'Oui, sauf si l’on s’y oppose',
  oui: 'Oui',
} as const;

const model = z.strictObject({
  name: field(text(1, 120), 'Modèle', 'Par exemple « Mistral Small 3.1 » ou « Whisper large-v3 ».'),
  licence: field(text(1, 120), 'Licence', 'Par exemple « Apache 2.0 » ou « propriétaire ».'),
  distribution: choice(MODEL_DISTRIBUTIONS, 'Ouverture du modèle', 'API seulement, poids ouverts ou entièrement ouvert (données et code).'),
});

const deployment = z.strictObject({
  mode: choice(DEPLOYMENTS, 'Déploiement'),
  hosting: choice(HOSTING, 'Hébergement'),
  hosting_country: field(text(2, 80), 'Pays d’hébergement'),
  host: field(text(1, 200).optional(), 'Hébergeur'),
  non_eu_law: field(
    z.boolean(),
    'Exposé à un droit non européen',
    'Oui si le fournisseur ou l’hébergeur relève d’un droit qui peut exiger l’accès aux données hors de l’Union (par exemple le Cloud Act américain).',
  ),
  non_eu_law_detail: field(
    text(1, 600).optional(),
    'Précisions sur l’exposition',
    'Obligatoire quand l’outil est exposé à un droit non européen.',
  ),
});

const safeguards = z.strictObject({
  certifications: field(z.array(choice(CERTIFICATIONS, 'Certification')).default([]), 'Certifications'),
  trains_on_inputs: choice(TRAINING_ON_INPUTS, 'Les saisies entraînent les modèles du fournisseur'),
  retention: field(text(1, 300), 'Conservation des saisies', 'Par exemple « 30 jours, puis suppression ».'),
  audit_logs: field(z.boolean(), 'Journaux d’audit'),
  sso: field(z.boolean(), 'Authentification unique (SSO)'),
  dpa: field(z.boolean(), 'Contrat de sous-traitance (art. 28 RGPD)'),
  dpia: field(
    z
      .strictObject({
        done: field(z.boolean(), 'Analyse réalisée'),
        date: isoDate('Date de l’analyse').optional(),
        summary: field(text(1, 2000).optional(), 'Résumé de l’analyse'),
      })
      .optional(),
    'Analyse d’impact relative à la protection des données (AIPD)',
  ),
});

const decision = z.strictObject({
  status: choice(TOOL_STATUSES, 'Statut'),
  data_classes: field(
    z.array(choice(DATA_CLASSES, 'Classe de données')).default([]),
    'Données permises',
    'Les classes de données que les agents peuvent confier à l’outil ; aucune pour un outil refusé ou retiré.',
  ),
  allowed_uses: field(z.array(text(1, 300)).default([]), 'Usages permis'),
  forbidden_uses: field(z.array(text(1, 300)).default([]), 'Usages interdits'),
  conditions: field(
    z.array(text(1, 400)).default([]),
    'Conditions',
    'Relecture humaine, mention « généré par IA »… Au moins une pour un outil autorisé sous conditions.',
  ),
  committee_decision: withCms(
    field(
      slug.optional(),
      'Décision de comité',
      'Identifiant de la décision, dans un compte rendu, qui a pris ce statut. Obligatoire sauf pour un outil en évaluation.',
    ),
    { ref: 'decisions' },
  ),
  date: isoDate('Date de la décision'),
  review_by: isoDate(
    'Prochaine revue',
    'Date à laquelle la décision sera réexaminée au plus tard. Obligatoire pour un outil autorisé ou en expérimentation.',
  ).optional(),
  reasons: field(
    text(10, 3000).optional(),
    'Motifs',
    'Pourquoi ce statut. Obligatoire pour un outil refusé ou retiré : les motifs sont publiés.',
  ),
});

const criterion = z.strictObject({
  score: field(z.int().min(1, 'note de 1 à 5').max(5, 'note de 1 à 5'), 'Note sur 5'),
  justification: field(text(1, 1000), 'Justification'),
});

const evaluation = z.strictObject({
  date: isoDate('Date de l’évaluation'),
  evaluator: field(text(1, 200), 'Évaluateur', 'Le service ou le comité qui a évalué, pas le nom d’un agent.'),
  ...(Object.fromEntries(Object.entries(CRITERIA).map(([key, label]) => [key, field(criterion, label)])) as Record<
    keyof typeof CRITERIA,
    typeof criterion
  >),
});

const environment = z.strictObject({
  estimate: field(z.number().nonnegative('une estimation positive ou nulle'), 'Estimation par utilisation'),
  unit: field(text(1, 80), 'Unité', 'Par exemple « g CO2e par requête » ou « Wh par heure transcrite ».'),
  method: field(text(1, 1000), 'Méthode de calcul'),
});

/** The fields of a tool, without the rules that tie fields together (the CMS form is built from it). */
export const toolObject = z.strictObject({
  name: field(text(2, 100), 'Nom de l’outil'),
  summary: field(text(20, 400), 'En bref', 'Ce que fait l’outil, en langage clair : 400 caractères au plus.'),
  vendor: field(text(1, 150), 'Éditeur'),
  vendor_country: field(text(2, 80), 'Pays de l’éditeur'),
  url: field(httpUrl.optional(), 'Site de l’éditeur'),
  category: choice(TOOL_CATEGORIES, 'Catégorie'),
  models: field(z.array(model).default([]), 'Modèles utilisés'),
  deployment: field(deployment, 'Déploiement et hébergement'),
  safeguards: field(safeguards, 'Garanties'),
  decision: field(decision, 'Décision'),
  evaluation: field(evaluation.optional(), 'Grille d’évaluation'),
  environment: field(environment.optional(), 'Empreinte environnementale'),
  published: isoDate('Date de publication'),
  revision: field(z.strictObject({ date: isoDate('Date de révision'), note: field(text(1, 500), 'Ce qui a changé') }), 'Dernière révision'),
});

export const toolSchema = toolObject.superRefine((tool, ctx) => {
  const { decision: d } = tool;
  const issue = (path: (string | number)[], message: string) => ctx.addIssue({ code: 'custom', path, message });
  const status = TOOL_STATUSES[d.status].toLocaleLowerCase('fr');
  if (CLOSED_STATUSES.has(d.status)) {
    if (!d.reasons) issue(['decision', 'reasons'], `les motifs sont obligatoires pour un outil ${status} : ils sont publiés`);
    if (d.data_classes.length > 0)
      issue(['decision', 'data_classes'], `un outil ${status} n’est permis sur aucune donnée : videz cette liste`);
  } else if (d.status !== 'evaluation' && !d.review_by) {
    issue(['decision', 'review_by'], `la date de la prochaine revue est obligatoire pour un outil ${status}`);
  }
  if (d.status !== 'evaluation' && !d.committee_decision) {
    issue(['decision', 'committee_decision'], `la décision de comité est obligatoire pour un outil ${status}`);
  }
  if (d.status === 'autorise-sous-conditions' && d.conditions.length === 0) {
    issue(['decision', 'conditions'], 'indiquez au moins une condition pour un outil autorisé sous conditions');
  }
  if (d.review_by && d.review_by < d.date) issue(['decision', 'review_by'], 'la prochaine revue ne peut pas précéder la décision');
  if (tool.deployment.non_eu_law && !tool.deployment.non_eu_law_detail) {
    issue(['deployment', 'non_eu_law_detail'], 'précisez à quel droit non européen l’outil est exposé, et pourquoi');
  }
  if (tool.revision.date < tool.published) issue(['revision', 'date'], 'la date de révision ne peut pas précéder la date de publication');
});

export type ToolData = z.output<typeof toolSchema>;
export type ToolInput = z.input<typeof toolSchema>;
