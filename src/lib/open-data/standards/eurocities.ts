/**
 * Export to the Eurocities algorithmic transparency standard, version 0.3.1 (beta): a JSON array
 * of records whose keys are the attributes of `_data/schema-v0_3_1.yaml` in the GitHub repository
 * Algoritmeregister/standard (HEAD ef716a8), in that order. Conversions: docs/standards.md, § 3.3
 * and annexes A and B.
 */
import type { Content } from '../../content/load.ts';
import {
  AFFECTED,
  AI_KINDS,
  labelOf,
  LEGAL_BASES,
  type POLICY_AREAS,
  type RISK_CLASSES,
  type STATUSES,
  type USE_TYPES,
} from '../../../schemas/options.ts';
import {
  bullets,
  exportedEntries,
  fitText,
  idFromUrl,
  joinParts,
  present,
  readBullets,
  readRisks,
  risksText,
  reverse,
  splitParts,
  uuidV5,
  valueOfLabel,
  type Recovered,
  type StandardExport,
  NOT_PROVIDED,
  unknownText,
  COMMONLY_NOT_CARRIED,
} from './shared.ts';
import { EUROCITIES_DEFINITION } from './eurocities.schema.ts';
import { standardPath } from '../../urls.ts';

const EUROCITIES_VERSION = '0.3.1';

/** Attributes of schema-v0_3_1.yaml, in its order. */
const EUROCITIES_FIELDS = [
  'name',
  'description_short',
  'organization',
  'department',
  'contact_email',
  'contact_phone',
  'contact_name',
  'area',
  'domain',
  'website',
  'status',
  'remark',
  'decision_making_process',
  'goal',
  'impact',
  'risks',
  'risk_category',
  'proportionality',
  'lawful_basis',
  'documentation',
  'training_data',
  'source_data',
  'data_bias',
  'connected_data_sources',
  'DPIA_description',
  'DPIA_url',
  'algorithm_type',
  'description',
  'methods_and_models',
  'performance',
  'alternatives_considered',
  'product_information',
  'codebase_url',
  'product_page',
  'AIA_description',
  'AIA_url',
  'monitoring',
  'type',
  'human_intervention',
  'objection_procedure',
  'rollback',
  'standard_version',
  'uuid',
  'lang',
  'publication_date',
  'last_change_date',
  'revision_date',
  'revision_note',
  'keywords',
] as const;

export type EurocitiesField = (typeof EUROCITIES_FIELDS)[number];
/** A record; null where the register has nothing to give. */
export type EurocitiesRecord = Record<EurocitiesField, string | null>;

/** Annex A of docs/standards.md (the standard's own spelling, "spacial" included). */
export const EUROCITIES_DOMAIN: Readonly<Record<keyof typeof POLICY_AREAS, string>> = {
  'relation-usagers': 'government',
  'social-solidarites': 'subsidies, benefits and allowances',
  'mobilite-transports': 'traffic and transportation',
  'urbanisme-logement': 'housing, living and living environment',
  'environnement-energie': 'environment, spacial planning and water',
  'eau-dechets': 'environment, spacial planning and water',
  'espace-public': 'environment, spacial planning and water',
  'education-jeunesse': 'education and science',
  'culture-sport': 'culture, sports and leisure',
  'securite-prevention': 'public safety',
  'economie-emploi': 'economy and entrepreneurship',
  'ressources-internes': 'government',
};

/** Annex B; a suspended use is `retired`, with SUSPENDED opening the remark. */
export const EUROCITIES_STATUS: Readonly<Record<keyof typeof STATUSES, string>> = {
  idee: 'planned',
  experimentation: 'pilot',
  bilan: 'evaluation',
  'en-service': 'operational',
  suspendu: 'retired',
  arrete: 'retired',
};

export const EUROCITIES_RISK: Readonly<Record<keyof typeof RISK_CLASSES, string>> = {
  interdit: 'unacceptable',
  haut: 'high risk',
  limite: 'limited risk',
  minimal: 'minimal risk',
  'hors-champ': 'minimal risk',
};

export const EUROCITIES_TYPE: Readonly<Record<keyof typeof USE_TYPES, string>> = {
  descriptif: 'descriptive',
  diagnostic: 'diagnostic',
  predictif: 'predictive',
  prescriptif: 'prescriptive',
};

const algorithmType = (kind: unknown) => (kind === 'regles' ? 'rule-based' : 'self-learning');

const SUSPENDED = 'Usage suspendu.';
const NO_TRAINING = 'Sans objet : système à base de règles, sans apprentissage.';
const INDIVIDUAL = 'Des décisions administratives individuelles reposent en partie sur ce traitement.';
/** `description_short`: "maximum 150 chars" (eurocities.schema.ts). */
const SHORT_MAX = 150;
/** `description`: "between 500 and 10000 chars". */
const DESCRIPTION_MIN = 500;
const DESCRIPTION_MAX = 10000;

const L = {
  functioning: 'Fonctionnement',
  kind: 'Type d’IA',
  data: 'Données utilisées',
  more: 'Pour en savoir plus',
  affected: 'Personnes concernées',
  legalBasis: 'Base légale du traitement des données (RGPD)',
  decider: 'Qui décide',
  humanReview: 'Obtenir un examen par une personne',
  contact: 'À qui écrire',
} as const;

/**
 * `description`: the plain-language summary, then how the system works, its kind and the data it
 * uses. Shorter than the standard's 500 characters, it ends by saying that the register has no
 * more to tell and where the full entry is.
 */
function descriptionText(e: Content['register'][number], url: string): string {
  const parts = joinParts([
    ['', e.summary],
    [L.functioning, e.system.description],
    [L.kind, labelOf(AI_KINDS, e.system.kind)],
    [L.data, bullets(e.data.categories)],
  ])!;
  const whole =
    [...parts].length >= DESCRIPTION_MIN
      ? parts
      : `${parts}\n\n${L.more} : la fiche du registre ne détaille pas davantage le fonctionnement de ce système. Le rôle de l’IA dans la décision, le contrôle humain, les risques, les données et les recours sont décrits dans les autres champs de cet enregistrement ; la fiche complète, avec sa grille d’évaluation et son historique, est publiée à l’adresse ${url}`;
  return fitText(whole, DESCRIPTION_MAX, url);
}

/** "Personnes concernées : Les habitants et usagers.", then a sentence when decisions rest on the use. */
function impactText(affected: keyof typeof AFFECTED, individual: boolean): string {
  return `${L.affected} : ${labelOf(AFFECTED, affected)}.${individual ? `\n\n${INDIVIDUAL}` : ''}`;
}

function readImpact(text: string | null | undefined): { affected?: string; individual: boolean } {
  if (!text) return { individual: false };
  const individual = text.endsWith(`\n\n${INDIVIDUAL}`);
  const head = individual ? text.slice(0, -INDIVIDUAL.length - 2) : text;
  const prefix = `${L.affected} : `;
  return { affected: head.startsWith(prefix) ? valueOfLabel(AFFECTED, head.slice(prefix.length, -1)) : undefined, individual };
}

export function toEurocities(content: Content): EurocitiesRecord[] {
  const { site } = content;
  return exportedEntries(content).map(({ entry: e, url, serviceName, email, phone }) => {
    const last = e.lifecycle.at(-1);
    const record: EurocitiesRecord = {
      name: e.title,
      description_short: fitText(e.summary, SHORT_MAX),
      organization: site.name,
      department: serviceName,
      contact_email: email,
      contact_phone: phone ?? null,
      contact_name: null,
      area: site.communes.join(', '),
      domain: EUROCITIES_DOMAIN[e.policy_area],
      website: url,
      status: EUROCITIES_STATUS[e.status],
      remark: (e.status === 'suspendu' ? [SUSPENDED, last?.note] : [last?.note]).filter(Boolean).join(' ') || null,
      decision_making_process: e.oversight.ai_role,
      goal: joinParts([
        ['', e.purpose.problem],
        ['', e.purpose.benefit],
      ]),
      impact: impactText(e.affected, e.oversight.individual_decisions),
      risks: risksText(e.risks) ?? unknownText(e, 'risks'),
      risk_category: EUROCITIES_RISK[e.ai_act.risk_class],
      proportionality: e.purpose.proportionality,
      lawful_basis:
        joinParts([
          ['', e.data.legal_reference],
          [L.legalBasis, e.data.legal_basis && labelOf(LEGAL_BASES, e.data.legal_basis)],
        ]) ?? NOT_PROVIDED,
      documentation: e.links[0]?.url ?? null,
      training_data: e.data.training_data ?? (e.system.kind === 'regles' ? NO_TRAINING : unknownText(e, 'data.training_data')),
      source_data: bullets(e.data.categories),
      data_bias: e.data.bias_checks ?? null,
      connected_data_sources: e.data.sources.length > 0 ? bullets(e.data.sources) : unknownText(e, 'data.sources'),
      DPIA_description: e.data.dpia?.summary ?? null,
      DPIA_url: null,
      algorithm_type: algorithmType(e.system.kind),
      description: descriptionText(e, url),
      methods_and_models: e.system.model ?? null,
      performance: null,
      alternatives_considered: e.purpose.alternatives ?? null,
      product_information: e.ai_act.eu_database?.url ?? null,
      codebase_url: e.system.source_code ?? null,
      product_page: null,
      AIA_description: e.ai_act.fria?.summary ?? null,
      AIA_url: null,
      monitoring: e.oversight.monitoring ?? NOT_PROVIDED,
      type: e.system.use_type ? EUROCITIES_TYPE[e.system.use_type] : null,
      human_intervention: joinParts([
        ['', e.oversight.human_role],
        [L.decider, e.oversight.decider],
        [L.humanReview, e.recourse.human_review],
      ]),
      objection_procedure: joinParts([
        ['', e.recourse.how],
        [L.contact, e.recourse.contact],
      ]),
      rollback: null,
      standard_version: EUROCITIES_VERSION,
      uuid: uuidV5(url),
      lang: 'fr',
      publication_date: e.published,
      last_change_date: e.revision.date,
      revision_date: e.revision.next_review ?? null,
      revision_note: null,
      keywords: e.keywords.length > 0 ? e.keywords.join(', ') : null,
    };
    return record;
  });
}

const DOMAIN_BACK = reverse(EUROCITIES_DOMAIN);
// `retired` is a use stopped for good, unless the remark says it is suspended.
const STATUS_BACK = reverse(EUROCITIES_STATUS, { retired: 'arrete' });
const RISK_BACK = reverse(EUROCITIES_RISK);
const TYPE_BACK = reverse(EUROCITIES_TYPE);

/** Reads records of this standard back into our fields (those it carries). */
export function fromEurocities(records: readonly Partial<EurocitiesRecord>[]): Recovered[] {
  return records.map((r) => {
    const remark = r.remark ?? '';
    const suspended = r.status === 'retired' && remark.startsWith(SUSPENDED);
    const note = present(suspended ? remark.slice(SUSPENDED.length).trimStart() : remark);
    const [problem, ...benefit] = (r.goal ?? '').split('\n\n');
    const impact = readImpact(r.impact);
    const lawful = splitParts(r.lawful_basis, [L.legalBasis]);
    const human = splitParts(r.human_intervention, [L.decider, L.humanReview]);
    const objection = splitParts(r.objection_procedure, [L.contact]);
    const description = splitParts(r.description, [L.functioning, L.kind, L.data, L.more]);
    return {
      id: idFromUrl(r.website),
      url: present(r.website),
      title: present(r.name),
      summary: present(description['']),
      service_name: present(r.department),
      service_email: present(r.contact_email),
      policy_area: r.domain ? DOMAIN_BACK[r.domain] : undefined,
      affected: impact.affected,
      keywords: r.keywords ? r.keywords.split(', ') : [],
      status: suspended ? 'suspendu' : r.status ? STATUS_BACK[r.status] : undefined,
      lifecycle: note ? [{ note }] : [],
      'purpose.problem': present(problem),
      'purpose.benefit': present(benefit.join('\n\n')),
      'purpose.proportionality': present(r.proportionality),
      'purpose.alternatives': present(r.alternatives_considered),
      'system.kind': r.algorithm_type === 'rule-based' ? 'regles' : r.algorithm_type ? 'apprentissage-automatique' : undefined,
      'system.use_type': r.type ? TYPE_BACK[r.type] : undefined,
      'system.description': present(description[L.functioning]),
      'system.model': present(r.methods_and_models),
      'system.source_code': present(r.codebase_url),
      'data.categories': readBullets(r.source_data ?? undefined),
      'data.sources': readBullets(r.connected_data_sources ?? undefined),
      'data.legal_reference': present(lawful['']),
      'data.legal_basis': valueOfLabel(LEGAL_BASES, lawful[L.legalBasis]),
      'data.dpia.summary': present(r.DPIA_description),
      'data.training_data': r.training_data === NO_TRAINING ? undefined : present(r.training_data),
      'data.bias_checks': present(r.data_bias),
      'oversight.ai_role': present(r.decision_making_process),
      'oversight.human_role': present(human['']),
      'oversight.decider': present(human[L.decider]),
      'oversight.individual_decisions': impact.individual,
      'oversight.monitoring': present(r.monitoring),
      'ai_act.risk_class': r.risk_category ? RISK_BACK[r.risk_category] : undefined,
      'ai_act.eu_database.url': present(r.product_information),
      'ai_act.fria.summary': present(r.AIA_description),
      risks: readRisks(r.risks),
      'recourse.how': present(objection['']),
      'recourse.contact': present(objection[L.contact]),
      'recourse.human_review': present(human[L.humanReview]),
      links: r.documentation ? [{ url: r.documentation }] : [],
      published: present(r.publication_date),
      'revision.date': present(r.last_change_date),
      'revision.next_review': present(r.revision_date),
    };
  });
}

export const EUROCITIES: StandardExport = {
  key: 'eurocities',
  standard: 'Standard de transparence algorithmique d’Eurocities',
  version: EUROCITIES_VERSION,
  href: standardPath('eurocities.json'),
  format: 'JSON',
  source: 'dépôt GitHub Algoritmeregister/standard, fichier _data/schema-v0_3_1.yaml',
  fields: EUROCITIES_FIELDS,
  carried: {
    id: { to: ['website'] },
    url: { to: ['website'] },
    title: { to: ['name'] },
    summary: { to: ['description_short', 'description'] },
    service_name: { to: ['department'] },
    service_email: { to: ['contact_email'] },
    policy_area: {
      to: ['domain'],
      loss: 'plusieurs de nos domaines d’action donnent la même valeur (par exemple l’eau, l’énergie et l’espace public)',
      kept: (v) => EUROCITIES_DOMAIN[v as keyof typeof EUROCITIES_DOMAIN],
    },
    affected: { to: ['impact'] },
    keywords: { to: ['keywords'] },
    status: { to: ['status', 'remark'] },
    lifecycle: {
      to: ['remark'],
      loss: 'seule la note de la dernière étape est reprise, sans sa date ni les étapes précédentes',
      kept: (v) => (v as { note: string }[]).at(-1)?.note,
    },
    'purpose.problem': { to: ['goal'] },
    'purpose.benefit': { to: ['goal'] },
    'purpose.proportionality': { to: ['proportionality'] },
    'purpose.alternatives': { to: ['alternatives_considered'] },
    'system.kind': {
      to: ['algorithm_type'],
      loss: 'le type d’IA est réduit à « à base de règles » (rule-based) ou « apprenant » (self-learning)',
      kept: algorithmType,
    },
    'system.use_type': { to: ['type'] },
    'system.description': { to: ['description'] },
    'system.model': { to: ['methods_and_models'] },
    'system.source_code': { to: ['codebase_url'] },
    'data.categories': { to: ['source_data'] },
    'data.sources': { to: ['connected_data_sources'] },
    'data.legal_basis': { to: ['lawful_basis'] },
    'data.legal_reference': { to: ['lawful_basis'] },
    'data.dpia.summary': { to: ['DPIA_description'] },
    'data.training_data': { to: ['training_data'] },
    'data.bias_checks': { to: ['data_bias'] },
    'oversight.ai_role': { to: ['decision_making_process'] },
    'oversight.human_role': { to: ['human_intervention'] },
    'oversight.decider': { to: ['human_intervention'] },
    'oversight.individual_decisions': { to: ['impact'] },
    'oversight.monitoring': { to: ['monitoring'] },
    'ai_act.risk_class': {
      to: ['risk_category'],
      loss: 'un algorithme hors du champ du règlement sur l’IA est classé « risque minimal » (minimal risk)',
      kept: (v) => EUROCITIES_RISK[v as keyof typeof EUROCITIES_RISK],
    },
    'ai_act.eu_database.url': { to: ['product_information'] },
    'ai_act.fria.summary': { to: ['AIA_description'] },
    risks: { to: ['risks'] },
    'recourse.how': { to: ['objection_procedure'] },
    'recourse.contact': { to: ['objection_procedure'] },
    'recourse.human_review': { to: ['human_intervention'] },
    links: {
      to: ['documentation'],
      loss: 'seule l’adresse du premier lien est reprise, sans son intitulé',
      kept: (v) => (v as { url: string }[])[0]?.url,
    },
    published: { to: ['publication_date'] },
    'revision.date': { to: ['last_change_date'] },
    'revision.next_review': { to: ['revision_date'] },
  },
  notCarried: [
    { fields: ['service'], reason: 'C’est l’identifiant interne du service ; son nom figure dans department.' },
    {
      fields: ['standard_version'],
      reason: 'Le champ standard_version du fichier donne la version du standard d’Eurocities (0.3.1), pas celle du nôtre.',
    },
    { fields: ['start_date', 'end_date'], reason: 'Le standard ne date ni le début ni la fin d’un usage.' },
    { fields: ['themes'], reason: 'Le standard ne connaît qu’un domaine par usage (domain), tiré de notre domaine d’action.' },
    {
      fields: ['affected_detail'],
      reason: 'Le champ impact ne reprend que la catégorie de personnes concernées, qu’il sait relire ; la précision reste sur la fiche.',
    },
    { fields: ['purpose.volume'], reason: 'Le standard ne demande pas le volume d’usage.' },
    {
      fields: [
        'system.model_version',
        'system.provider',
        'system.provider_country',
        'system.provider_role',
        'system.licence',
        'system.licence_name',
      ],
      reason: 'Le standard ne décrit ni le fournisseur ni la licence ; seul le nom du modèle est repris (methods_and_models).',
    },
    {
      fields: ['system.hosting', 'system.host', 'data.retention'],
      reason: 'Le standard ne dit rien de l’hébergement ni de la durée de conservation des données.',
    },
    {
      fields: ['data.personal_data', 'data.sensitive_data', 'data.leaves_authority', 'data.trains_provider_models'],
      reason: 'Le standard n’a pas de réponse par oui ou non sur la nature des données ni sur leur circulation.',
    },
    {
      fields: ['data.dpia.done', 'data.dpia.date', 'ai_act.fria.done', 'ai_act.fria.date'],
      reason:
        'Seul le résumé des analyses d’impact est repris (DPIA_description, AIA_description), sans leur date ni l’indication qu’elles ont été faites.',
    },
    {
      fields: ['oversight.explicit_mention', 'oversight.training'],
      reason: 'Le standard ne prévoit ni la mention portée sur les décisions (CRPA) ni la formation des agents.',
    },
    {
      fields: [
        'ai_act.annex_iii_area',
        'ai_act.eu_database.registered',
        'ai_act.eu_database.reference',
        'ai_act.eu_database.submitted_by',
        'ai_act.transparency_notice',
      ],
      reason:
        'Antérieur au règlement européen sur l’IA, le standard n’en retient que la classe de risque ; l’adresse de la fiche dans la base de l’UE va dans product_information.',
    },
    COMMONLY_NOT_CARRIED.evaluation,
    COMMONLY_NOT_CARRIED.environment,
    COMMONLY_NOT_CARRIED.charterArticles,
    COMMONLY_NOT_CARRIED.tools,
    {
      fields: ['withheld'],
      reason: 'Le standard ne prévoit pas de signaler une information non publiée ni sa raison : le champ concerné est simplement vide.',
    },
    {
      fields: ['revision.note'],
      reason: 'Chez Eurocities, revision_note donne le motif de la prochaine revue, pas ce qui a changé à la dernière.',
    },
  ],
  deviations: [
    'description_short : le standard demande 150 caractères au plus ; nos résumés en ont jusqu’à 400. Le champ reprend les premières phrases du résumé qui tiennent en 150 caractères, ou, si la première phrase est plus longue, ses premiers mots suivis de « … ». Le résumé entier ouvre description.',
    'description : le standard demande de 500 à 10 000 caractères. Le champ réunit le résumé, le fonctionnement, le type d’IA et les données utilisées ; s’il reste sous 500 caractères, un dernier paragraphe dit que la fiche n’en dit pas plus et donne son adresse.',
    'Un champ obligatoire que la fiche ne renseigne pas vaut « Non renseigné », ou « Non publié : » suivi de la raison quand la collectivité ne publie pas l’information ; un champ facultatif vaut null. contact_name est toujours null : le registre ne publie pas de nom de personne.',
    'Plusieurs de nos champs sont réunis dans un même texte, en paragraphes précédés de leur intitulé (par exemple « Qui décide : … » dans human_intervention) ; les listes y sont écrites une valeur par ligne, après un tiret.',
    'status vaut retired pour un usage arrêté comme pour un usage suspendu ; pour ce dernier, remark commence par « Usage suspendu. ».',
    'uuid est calculé à partir de l’adresse de la fiche (UUID version 5) : il reste le même tant que l’adresse ne change pas.',
  ],
  definition: EUROCITIES_DEFINITION,
  idField: 'website',
  unfilled: [
    {
      fields: ['lawful_basis', 'monitoring'],
      value: '« Non renseigné »',
      when: 'quand la fiche ne donne ni base légale ni texte de référence, ou ne décrit pas le suivi des performances',
    },
    {
      fields: ['training_data', 'connected_data_sources', 'risks'],
      value: '« Non publié : » suivi de la raison, ou « Non renseigné »',
      when: 'quand la collectivité ne publie pas l’information, ou que la fiche ne la donne pas ; pour un système à base de règles, training_data dit « Sans objet »',
    },
    {
      fields: ['type', 'revision_date'],
      value: 'null',
      when: 'quand la fiche ne dit pas la nature du résultat (system.use_type) ou la date de la prochaine revue (revision.next_review) : le standard n’admet pour ces champs qu’une valeur de sa liste ou une date, aucune pour « inconnu »',
    },
  ],
  tolerated: [
    {
      field: 'type',
      absentOnly: true,
      reason: 'Nature du résultat non renseignée sur la fiche ; la liste du standard n’a pas de valeur « inconnu ».',
    },
    {
      field: 'revision_date',
      absentOnly: true,
      reason: 'Date de la prochaine revue non renseignée sur la fiche ; le standard attend une date.',
    },
  ],
};
