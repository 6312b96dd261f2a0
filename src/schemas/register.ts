/**
 * One AI use of the register. The field set is a superset of the Dutch Algoritmeregister
 * publication standard, the UK ATRS (tiers 1 and 2), the Eurocities transparency standard,
 * AI Act Annex VIII section C and the French CRPA (L311-3-1, L312-1-3): docs/standards.md
 * maps each field to theirs.
 */
import { z } from 'astro/zod';
import { choice, field, httpUrl, isoDate, slug, text, withCms } from './fields.ts';
import {
  AFFECTED,
  THEMES,
  AI_KINDS,
  ANNEX_III_AREAS,
  CRITERIA,
  HOSTING,
  LEGAL_BASES,
  LICENCES,
  POLICY_AREAS,
  RISK_CLASSES,
  RISK_KINDS,
  STATUSES,
  USE_TYPES,
} from './options.ts';

/** Version of our own publication standard that a record follows. */
export const STANDARD_VERSION = '1.0';

const lifecycleEvent = z.strictObject({
  date: isoDate('Date'),
  status: choice(STATUSES, 'Nouveau statut'),
  note: field(text(1, 600), 'Ce qui a été décidé', 'Une ou deux phrases.'),
  decision: withCms(
    field(slug.optional(), 'Décision de comité', 'Identifiant de la décision, dans un compte rendu, qui a décidé ce changement.'),
    { ref: 'decisions' },
  ),
  act: field(text(1, 300).optional(), 'Autre acte', 'Délibération, arrêté, marché… qui a formalisé ce changement.'),
});

const purpose = z.strictObject({
  problem: field(text(10, 2000), 'Le problème à résoudre'),
  benefit: field(text(10, 2000), 'Le bénéfice attendu'),
  proportionality: field(
    text(10, 2000),
    'Pourquoi l’IA plutôt qu’un moyen plus simple',
    'Proportionnalité : les autres moyens envisagés et la raison de ce choix.',
  ),
  alternatives: field(text(1, 2000).optional(), 'Solutions écartées'),
  volume: field(text(1, 300).optional(), 'Volume d’usage', 'Par exemple « environ 12 000 courriers par an ».'),
});

const system = z.strictObject({
  kind: choice(AI_KINDS, 'Type d’IA'),
  use_type: choice(USE_TYPES, 'Nature du résultat', 'Décrire, diagnostiquer, prédire ou recommander.').optional(),
  description: field(text(10, 5000), 'Fonctionnement', 'Ce que fait le système, expliqué sans jargon.'),
  model: field(text(1, 200).optional(), 'Modèle', 'Nom du modèle ou du logiciel.'),
  model_version: field(text(1, 100).optional(), 'Version du modèle'),
  provider: field(text(1, 200).optional(), 'Fournisseur'),
  provider_country: field(text(2, 80).optional(), 'Pays du fournisseur'),
  provider_role: field(
    text(1, 500).optional(),
    'Rôle du fournisseur',
    'Ce que le fournisseur a fait : développement, hébergement, maintenance…',
  ),
  licence: choice(LICENCES, 'Licence'),
  licence_name: field(text(1, 100).optional(), 'Nom de la licence', 'Par exemple « Apache 2.0 » ou « contrat de licence ».'),
  hosting: choice(HOSTING, 'Hébergement'),
  host: field(text(1, 200).optional(), 'Hébergeur'),
  source_code: field(httpUrl.optional(), 'Code source', 'Adresse du code source publié, s’il l’est.'),
});

/** An impact assessment (GDPR art. 35, AI Act art. 27): done or not, when, what it found. */
function assessment(title: string, summaryTitle: string, description?: string) {
  return field(
    z
      .strictObject({
        done: field(z.boolean(), 'Analyse réalisée'),
        date: isoDate('Date de l’analyse').optional(),
        summary: field(text(1, 2000).optional(), summaryTitle),
      })
      .optional(),
    title,
    description,
  );
}

const data = z.strictObject({
  categories: field(z.array(text(1, 200)).min(1, 'indiquez au moins une catégorie de données'), 'Catégories de données'),
  sources: field(z.array(text(1, 300)).min(1, 'indiquez au moins une source'), 'Sources des données'),
  personal_data: field(z.boolean(), 'Données personnelles'),
  sensitive_data: field(z.boolean(), 'Données sensibles', 'Santé, opinions, origine… (article 9 du RGPD).'),
  // The descriptions of the fields below say when the rules at the end of this file require them:
  // the CMS shows them as help, so that an officer knows before saving.
  legal_basis: choice(
    LEGAL_BASES,
    'Base légale (RGPD)',
    'Obligatoire dès que des données personnelles sont traitées, et pour un usage à haut risque ou qui fonde des décisions individuelles.',
  ).optional(),
  legal_reference: field(text(1, 500).optional(), 'Texte de référence', 'Le texte qui fonde la mission ou l’obligation.'),
  dpia: assessment('Analyse d’impact relative à la protection des données (AIPD)', 'Résumé de l’analyse'),
  retention: field(text(1, 500), 'Durée de conservation'),
  leaves_authority: field(z.boolean(), 'Les données quittent la collectivité'),
  trains_provider_models: field(z.boolean(), 'Les données entraînent les modèles du fournisseur'),
  training_data: field(text(1, 2000).optional(), 'Données d’entraînement'),
  bias_checks: field(text(1, 2000).optional(), 'Contrôle des biais des données'),
});

const oversight = z.strictObject({
  ai_role: field(text(10, 2000), 'Ce que fait l’IA'),
  human_role: field(text(10, 2000), 'Ce que décide une personne'),
  decider: field(text(1, 200), 'Qui décide', 'La fonction de la personne qui décide, pas son nom.'),
  individual_decisions: field(
    z.boolean(),
    'Décisions individuelles',
    'Oui si des décisions administratives individuelles reposent en partie sur ce traitement (CRPA art. L311-3-1).',
  ),
  explicit_mention: field(
    text(1, 1000).optional(),
    'Mention portée sur la décision',
    'Obligatoire quand l’usage fonde des décisions individuelles : la mention explicite que le code des relations entre le public et l’administration impose sur une décision individuelle prise à l’aide d’un traitement algorithmique (art. L311-3-1).',
  ),
  training: field(text(1, 1000).optional(), 'Formation des agents'),
  monitoring: field(text(1, 2000).optional(), 'Suivi des performances', 'Ce qui est mesuré, à quelle fréquence, par qui.'),
});

const aiAct = z.strictObject({
  risk_class: choice(RISK_CLASSES, 'Classe de risque (règlement européen sur l’IA)'),
  annex_iii_area: choice(ANNEX_III_AREAS, 'Domaine de l’annexe III', 'Obligatoire pour un usage à haut risque.').optional(),
  eu_database: field(
    z
      .strictObject({
        registered: field(z.boolean(), 'Enregistré dans la base de l’UE'),
        reference: field(text(1, 200).optional(), 'Référence de l’enregistrement'),
        url: field(httpUrl.optional(), 'Fiche du fournisseur dans la base de l’UE'),
        submitted_by: field(
          text(1, 300).optional(),
          'Enregistré par',
          'La personne ou l’organisme qui enregistre l’usage pour la collectivité, si ce n’est pas elle.',
        ),
      })
      .optional(),
    'Base de données de l’UE (art. 49 et 71)',
    'À renseigner pour un usage à haut risque en service (hors infrastructures critiques).',
  ),
  fria: assessment(
    'Analyse d’impact sur les droits fondamentaux (art. 27)',
    'Résumé des conclusions',
    'À renseigner pour un usage à haut risque en service (hors infrastructures critiques).',
  ),
  transparency_notice: field(
    text(1, 1000).optional(),
    'Information des personnes (art. 50)',
    'Comment les personnes sont informées qu’elles interagissent avec une IA ou lisent un contenu généré.',
  ),
});

const criterion = z.strictObject({
  score: field(z.int().min(1, 'note de 1 à 5').max(5, 'note de 1 à 5'), 'Note sur 5'),
  comment: field(text(1, 1000), 'Commentaire'),
});

const evaluation = z.strictObject({
  date: isoDate('Date de l’évaluation'),
  evaluator: field(text(1, 200), 'Évaluateur', 'Le comité ou le service qui a évalué.'),
  ...(Object.fromEntries(Object.entries(CRITERIA).map(([key, label]) => [key, field(criterion, label)])) as Record<
    keyof typeof CRITERIA,
    typeof criterion
  >),
});

const risk = z.strictObject({
  kind: choice(RISK_KINDS, 'Nature du risque'),
  description: field(text(1, 1000), 'Risque'),
  mitigation: field(text(1, 1000), 'Mesure prise'),
});

const environment = z.strictObject({
  estimate: field(z.number().nonnegative('une estimation positive ou nulle'), 'Estimation'),
  unit: field(text(1, 80), 'Unité', 'Par exemple « kg CO2e par an » ou « kWh par an ».'),
  method: field(text(1, 1000), 'Méthode de calcul'),
  proportionality: field(text(1, 1000), 'Pourquoi cet impact est proportionné'),
});

const recourse = z.strictObject({
  how: field(text(10, 2000), 'Comment contester'),
  contact: field(text(1, 300), 'À qui écrire', 'Adresse électronique, postale ou formulaire.'),
  human_review: field(text(10, 2000), 'Obtenir un examen par une personne'),
});

const link = z.strictObject({
  label: field(text(1, 200), 'Intitulé'),
  url: field(httpUrl, 'Adresse'),
});

/** Fields an authority may withhold, with the reason published instead. */
export const WITHHOLDABLE = {
  'system.model': 'Modèle',
  'system.model_version': 'Version du modèle',
  'system.provider': 'Fournisseur',
  'system.host': 'Hébergeur',
  'system.source_code': 'Code source',
  'data.sources': 'Sources des données',
  'data.training_data': 'Données d’entraînement',
  risks: 'Risques',
} as const;

const withheld = z.strictObject({
  field: choice(WITHHOLDABLE, 'Information non publiée'),
  reason: field(text(10, 1000), 'Raison', 'Par exemple la sécurité du système ou une enquête en cours.'),
});

/** The fields of a record, without the rules that tie fields together (extended by the open-data schema). */
export const registerEntryObject = z.strictObject({
  standard_version: field(
    z.literal(STANDARD_VERSION, { error: `version du standard attendue : « ${STANDARD_VERSION} »` }),
    'Version du standard',
  ),
  title: field(text(3, 100), 'Nom de l’usage'),
  summary: field(text(20, 400), 'En bref', 'Résumé en langage clair, facile à lire et à comprendre : 400 caractères au plus.'),
  service: withCms(field(slug, 'Service responsable'), { ref: 'services' }),
  policy_area: choice(POLICY_AREAS, 'Domaine d’action'),
  themes: field(
    z.array(choice(THEMES, 'Thème')).default([]),
    'Thèmes',
    'Ce que cherchent les habitants que l’usage concerne : plusieurs thèmes possibles (une aide au logement est « Logement » et « Aides sociales »).',
  ),
  affected: choice(AFFECTED, 'Personnes concernées'),
  affected_detail: field(
    text(10, 300),
    'Qui précisément',
    'Les personnes que l’usage concerne vraiment, en une phrase : par exemple « les foyers qui demandent une aide du Fonds de solidarité pour le logement ».',
  ).optional(),
  keywords: field(z.array(text(1, 60)).default([]), 'Mots-clés'),
  start_date: isoDate('Date de début'),
  end_date: isoDate('Date de fin').optional(),
  status: choice(STATUSES, 'Statut'),
  lifecycle: field(z.array(lifecycleEvent).min(1, 'indiquez au moins l’événement qui a créé l’usage'), 'Étapes'),
  purpose: field(purpose, 'Finalité'),
  system: field(system, 'Le système'),
  data: field(data, 'Les données'),
  oversight: field(oversight, 'Contrôle humain'),
  ai_act: field(aiAct, 'Règlement européen sur l’IA'),
  evaluation: field(evaluation.optional(), 'Grille d’évaluation'),
  risks: field(
    z.array(risk).default([]),
    'Risques et mesures',
    'Obligatoires pour un usage à haut risque ou qui fonde des décisions individuelles (sauf s’ils ne sont pas publiés).',
  ),
  environment: field(environment.optional(), 'Empreinte environnementale'),
  recourse: field(recourse, 'Contester, demander un examen humain'),
  charter_articles: withCms(
    field(z.array(slug).default([]), 'Articles de la charte appliqués', 'Identifiants stables des articles de la charte en vigueur.'),
    { ref: 'charter-articles' },
  ),
  links: field(z.array(link).default([]), 'Pour en savoir plus'),
  withheld: field(z.array(withheld).default([]), 'Informations non publiées'),
  tools: withCms(field(z.array(slug).default([]), 'Outils du catalogue', 'Les outils du catalogue sur lesquels l’usage s’appuie.'), {
    ref: 'tools',
  }),
  tools_exception: field(
    text(10, 1000).optional(),
    'Pourquoi un outil non autorisé',
    'Obligatoire quand l’usage s’appuie sur un outil que le catalogue n’autorise pas (en évaluation, en expérimentation…) : par exemple l’expérimentation encadrée qui le justifie.',
  ),
  published: isoDate('Date de publication'),
  revision: field(
    z.strictObject({
      date: isoDate('Date de révision'),
      note: field(text(1, 500), 'Ce qui a changé'),
      next_review: isoDate('Prochaine revue', 'Date à laquelle la fiche sera relue au plus tard.').optional(),
    }),
    'Dernière révision',
  ),
});

export const registerEntrySchema = registerEntryObject.superRefine((entry, ctx) => {
  const withheldFields = new Set(entry.withheld.map((w) => w.field));
  const highStakes = entry.ai_act.risk_class === 'haut' || entry.oversight.individual_decisions;
  if ((highStakes || entry.data.personal_data) && !entry.data.legal_basis) {
    ctx.addIssue({
      code: 'custom',
      path: ['data', 'legal_basis'],
      message: highStakes
        ? 'la base légale est obligatoire pour un usage à haut risque ou qui fonde des décisions individuelles'
        : 'la base légale est obligatoire quand des données personnelles sont traitées',
    });
  }
  if (highStakes && entry.risks.length === 0 && !withheldFields.has('risks')) {
    ctx.addIssue({
      code: 'custom',
      path: ['risks'],
      message: 'les risques et leurs mesures sont obligatoires pour un usage à haut risque ou qui fonde des décisions individuelles',
    });
  }
  if (entry.ai_act.risk_class === 'haut' && !entry.ai_act.annex_iii_area) {
    ctx.addIssue({
      code: 'custom',
      path: ['ai_act', 'annex_iii_area'],
      message: 'le domaine de l’annexe III est obligatoire pour un usage à haut risque',
    });
  }
  if (entry.oversight.individual_decisions && !entry.oversight.explicit_mention) {
    ctx.addIssue({
      code: 'custom',
      path: ['oversight', 'explicit_mention'],
      message:
        'la mention explicite portée sur la décision est obligatoire quand l’usage fonde des décisions individuelles (CRPA art. L311-3-1)',
    });
  }
  const inUse = entry.status !== 'idee' && entry.status !== 'arrete';
  if (entry.ai_act.risk_class === 'haut' && entry.ai_act.annex_iii_area !== 'infrastructures-critiques' && inUse) {
    // AI Act art. 26(8), 27 and 49(3): a public deployer registers the use and assesses fundamental rights first.
    if (!entry.ai_act.eu_database) {
      ctx.addIssue({
        code: 'custom',
        path: ['ai_act', 'eu_database'],
        message: 'l’enregistrement dans la base de l’UE est à renseigner pour un usage à haut risque (art. 49-3)',
      });
    }
    if (!entry.ai_act.fria) {
      ctx.addIssue({
        code: 'custom',
        path: ['ai_act', 'fria'],
        message: 'l’analyse d’impact sur les droits fondamentaux est à renseigner pour un usage à haut risque (art. 27)',
      });
    }
  }
  if (entry.revision.next_review && entry.revision.next_review < entry.revision.date) {
    ctx.addIssue({
      code: 'custom',
      path: ['revision', 'next_review'],
      message: 'la prochaine revue ne peut pas précéder la dernière révision',
    });
  }
  const last = entry.lifecycle.at(-1);
  if (last && last.status !== entry.status) {
    ctx.addIssue({
      code: 'custom',
      path: ['status'],
      message: `le statut « ${entry.status} » ne correspond pas à la dernière étape (« ${last.status} », le ${last.date})`,
    });
  }
  entry.lifecycle.forEach((event, i) => {
    const previous = entry.lifecycle[i - 1];
    if (previous && event.date < previous.date) {
      ctx.addIssue({
        code: 'custom',
        path: ['lifecycle', i, 'date'],
        message: 'les étapes doivent être rangées de la plus ancienne à la plus récente',
      });
    }
  });
  if (entry.revision.date < entry.published) {
    ctx.addIssue({
      code: 'custom',
      path: ['revision', 'date'],
      message: 'la date de révision ne peut pas précéder la date de publication',
    });
  }
});

export type RegisterEntryInput = z.input<typeof registerEntrySchema>;
export type RegisterEntryData = z.output<typeof registerEntrySchema>;

/**
 * A draft (`draft: true`): an entry saved before it is complete. It stays in git and in the CMS
 * list, but the build leaves it out of every page, export, feed and count, and checks only what
 * names it there: its title and its summary.
 */
export const registerDraftSchema = z.looseObject({
  draft: z.literal(true),
  title: registerEntryObject.shape.title,
  summary: registerEntryObject.shape.summary,
});

/** The CMS form of an entry: the draft switch first, then the entry's own fields. */
export const registerFormObject = z.strictObject({
  draft: field(
    z.boolean().default(false),
    'Brouillon',
    'Oui : la fiche est enregistrée sans être publiée, avec seulement son nom et son résumé s’il le faut. Mettez Non pour la publier : tous les champs obligatoires sont alors vérifiés.',
  ),
  ...registerEntryObject.shape,
});
