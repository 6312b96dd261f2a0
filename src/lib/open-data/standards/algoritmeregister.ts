/**
 * Export to the publication standard of the Dutch Algoritmeregister, version 1.0: a CSV file whose
 * columns are the keys of `backend/app/schemas/config/v1_0.json` in the GitHub repository
 * MinBZK/Algoritmeregister (HEAD 4885a05), in that order. Conversions: docs/standards.md, § 3.1 and
 * annexes A and B.
 */
import type { Content } from '../../content/load.ts';
import { AI_KINDS, labelOf, LEGAL_BASES, type POLICY_AREAS, type RISK_CLASSES, type STATUSES } from '../../../schemas/options.ts';
import {
  bullets,
  csvOf,
  csvRecords,
  exportedEntries,
  fitText,
  joinParts,
  present,
  readBullets,
  readRisks,
  reverse,
  risksText,
  splitParts,
  valueOfLabel,
  type Recovered,
  type StandardExport,
  COMMONLY_NOT_CARRIED,
} from './shared.ts';
import { ALGORITMEREGISTER_DEFINITION } from './algoritmeregister.schema.ts';
import { standardPath } from '../../urls.ts';

const ALGORITMEREGISTER_VERSION = '1.0';

/** Keys of v1_0.json, in its order. */
const ALGORITMEREGISTER_FIELDS = [
  'name',
  'description_short',
  'organization',
  'category',
  'status',
  'begin_date',
  'end_date',
  'contact_email',
  'website',
  'publication_category',
  'url',
  'goal',
  'proportionality',
  'human_intervention',
  'risks',
  'lawful_basis',
  'lawful_basis_grouping',
  'process_index_url',
  'impacttoetsen_grouping',
  'impacttoetsen',
  'source_data',
  'source_data_grouping',
  'methods_and_models',
  'provider',
  'publiccode',
  'lang',
  'standard_version',
  'source_id',
  'tags',
  'lars',
  'publication_dt',
] as const;

export type AlgoritmeregisterField = (typeof ALGORITMEREGISTER_FIELDS)[number];
export type AlgoritmeregisterRecord = Record<AlgoritmeregisterField, string | null>;

/** Annex A of docs/standards.md: `category`, one of the 16 permitted values. */
export const ALGORITMEREGISTER_CATEGORY: Readonly<Record<keyof typeof POLICY_AREAS, string>> = {
  'relation-usagers': 'Organisatie en bedrijfsvoering',
  'social-solidarites': 'Sociale zekerheid',
  'mobilite-transports': 'Verkeer',
  'urbanisme-logement': 'Wonen',
  'environnement-energie': 'Natuur en milieu',
  'eau-dechets': 'Natuur en milieu',
  'espace-public': 'Ruimte en infrastructuur',
  'education-jeunesse': 'Onderwijs en wetenschap',
  'culture-sport': 'Cultuur en recreatie',
  'securite-prevention': 'Openbare orde en veiligheid',
  'economie-emploi': 'Economie',
  'ressources-internes': 'Organisatie en bedrijfsvoering',
};

/** Annex B. */
export const ALGORITMEREGISTER_STATUS: Readonly<Record<keyof typeof STATUSES, string>> = {
  idee: 'In ontwikkeling',
  experimentation: 'In ontwikkeling',
  bilan: 'In ontwikkeling',
  'en-service': 'In gebruik',
  suspendu: 'Buiten gebruik',
  arrete: 'Buiten gebruik',
};

/**
 * Annex B: high risk is "Hoog-risico AI-systeem"; a prohibited practice, or a use on which individual
 * decisions rest, is "Impactvolle algoritmes"; any other use is "Overige algoritmes".
 */
export function publicationCategory(riskClass: keyof typeof RISK_CLASSES, individualDecisions: boolean): string {
  if (riskClass === 'haut') return 'Hoog-risico AI-systeem';
  return riskClass === 'interdit' || individualDecisions ? 'Impactvolle algoritmes' : 'Overige algoritmes';
}

const DPIA_TITLE = 'Data Protection Impact Assessment (DPIA)';
const FRIA_TITLE = 'Fundamental Rights Impact Assessment (FRIA, AI Act art. 27)';
const NO_DPIA = 'Aucune analyse d’impact relative à la protection des données (AIPD) n’a été faite.';
const NO_FRIA = 'Aucune analyse d’impact sur les droits fondamentaux (article 27 du règlement sur l’IA) n’a été faite.';

const L = {
  alternatives: 'Solutions écartées',
  aiRole: 'Ce que fait l’IA',
  humanRole: 'Ce que décide une personne',
  decider: 'Qui décide',
  legalBasis: 'Base légale du traitement des données (RGPD)',
  categories: 'Catégories de données',
  sources: 'Sources des données',
  kind: 'Type d’IA',
  model: 'Modèle',
} as const;

const month = (date: string | undefined) => date?.slice(0, 7);

/** The records, before they are written as CSV. */
export function algoritmeregisterRecords(content: Content): AlgoritmeregisterRecord[] {
  const { site } = content;
  return exportedEntries(content).map(({ entry: e, url, email }) => {
    const dpia = e.data.dpia;
    const fria = e.ai_act.fria;
    const done = [dpia?.done && DPIA_TITLE, fria?.done && FRIA_TITLE].filter((t): t is string => typeof t === 'string');
    // The limits of v1_0.json (max_length): a longer text is cut, and points to the entry.
    const fit = (text: string | null, max: number) => (text === null ? null : fitText(text, max, url));
    const record: AlgoritmeregisterRecord = {
      name: e.title,
      description_short: e.summary,
      organization: fitText(site.name, 100),
      category: ALGORITMEREGISTER_CATEGORY[e.policy_area],
      status: ALGORITMEREGISTER_STATUS[e.status],
      begin_date: month(e.start_date) ?? null,
      end_date: month(e.end_date) ?? null,
      contact_email: email,
      website: e.links[0]?.url ?? null,
      publication_category: publicationCategory(e.ai_act.risk_class, e.oversight.individual_decisions),
      url,
      goal: fit(
        joinParts([
          ['', e.purpose.problem],
          ['', e.purpose.benefit],
        ]),
        2500,
      ),
      proportionality: fit(
        joinParts([
          ['', e.purpose.proportionality],
          [L.alternatives, e.purpose.alternatives],
        ]),
        2500,
      ),
      human_intervention: fit(
        joinParts([
          [L.aiRole, e.oversight.ai_role],
          [L.humanRole, e.oversight.human_role],
          [L.decider, e.oversight.decider],
        ]),
        2500,
      ),
      risks: fit(risksText(e.risks), 2500),
      lawful_basis: fit(
        joinParts([
          ['', e.data.legal_reference],
          [L.legalBasis, e.data.legal_basis && labelOf(LEGAL_BASES, e.data.legal_basis)],
        ]),
        2500,
      ),
      lawful_basis_grouping: null,
      process_index_url: null,
      // The summaries of the assessments are on the page of the entry.
      impacttoetsen_grouping: done.length > 0 ? JSON.stringify(done.map((title) => ({ title, link: url }))) : null,
      impacttoetsen: fit(
        joinParts([
          ['', dpia?.done === false ? NO_DPIA : undefined],
          ['', fria?.done === false ? NO_FRIA : undefined],
        ]),
        2500,
      ),
      source_data: fit(
        joinParts([
          [L.categories, bullets(e.data.categories)],
          [L.sources, bullets(e.data.sources)],
        ]),
        2500,
      ),
      source_data_grouping: null,
      methods_and_models: fit(
        joinParts([
          ['', e.system.description],
          [L.kind, labelOf(AI_KINDS, e.system.kind)],
          [L.model, e.system.model],
        ]),
        5000,
      ),
      provider: e.system.provider ?? null,
      publiccode: e.system.source_code ?? null,
      lang: 'fra',
      standard_version: ALGORITMEREGISTER_VERSION,
      source_id: e.slug,
      tags: e.keywords.length > 0 ? fitText(e.keywords.join(', '), 2500) : null,
      lars: null,
      publication_dt: null,
    };
    return record;
  });
}

export function toAlgoritmeregister(content: Content): string {
  return csvOf(ALGORITMEREGISTER_FIELDS, algoritmeregisterRecords(content));
}

const CATEGORY_BACK = reverse(ALGORITMEREGISTER_CATEGORY);
const STATUS_BACK = reverse(ALGORITMEREGISTER_STATUS, { 'In ontwikkeling': 'experimentation', 'Buiten gebruik': 'arrete' });

/** Reads the CSV back into our fields (those it carries). */
export function fromAlgoritmeregister(csv: string): Recovered[] {
  return csvRecords(csv).map((r) => {
    const [problem, ...benefit] = (r.goal ?? '').split('\n\n');
    const proportionality = splitParts(r.proportionality, [L.alternatives]);
    const human = splitParts(r.human_intervention, [L.aiRole, L.humanRole, L.decider]);
    const lawful = splitParts(r.lawful_basis, [L.legalBasis]);
    const sources = splitParts(r.source_data, [L.categories, L.sources]);
    const methods = splitParts(r.methods_and_models, [L.kind, L.model]);
    const assessments = (r.impacttoetsen_grouping ? (JSON.parse(r.impacttoetsen_grouping) as { title: string }[]) : []).map((a) => a.title);
    const notDone = (r.impacttoetsen ?? '').split('\n\n');
    const doneOf = (title: string, sentence: string) =>
      assessments.includes(title) ? true : notDone.includes(sentence) ? false : undefined;
    const category = r.category?.split(', ')[0];
    return {
      id: present(r.source_id),
      url: present(r.url),
      title: present(r.name),
      summary: present(r.description_short),
      service_email: present(r.contact_email),
      policy_area: category ? CATEGORY_BACK[category] : undefined,
      keywords: r.tags ? r.tags.split(', ') : [],
      start_date: present(r.begin_date),
      end_date: present(r.end_date),
      status: r.status ? STATUS_BACK[r.status] : undefined,
      'purpose.problem': present(problem),
      'purpose.benefit': present(benefit.join('\n\n')),
      'purpose.proportionality': present(proportionality['']),
      'purpose.alternatives': present(proportionality[L.alternatives]),
      'system.kind': valueOfLabel(AI_KINDS, methods[L.kind]),
      'system.description': present(methods['']),
      'system.model': present(methods[L.model]),
      'system.provider': present(r.provider),
      'system.source_code': present(r.publiccode),
      'data.categories': readBullets(sources[L.categories]),
      'data.sources': readBullets(sources[L.sources]),
      'data.legal_reference': present(lawful['']),
      'data.legal_basis': valueOfLabel(LEGAL_BASES, lawful[L.legalBasis]),
      'data.dpia.done': doneOf(DPIA_TITLE, NO_DPIA),
      'ai_act.fria.done': doneOf(FRIA_TITLE, NO_FRIA),
      'oversight.ai_role': present(human[L.aiRole]),
      'oversight.human_role': present(human[L.humanRole]),
      'oversight.decider': present(human[L.decider]),
      'ai_act.risk_class': r.publication_category === 'Hoog-risico AI-systeem' ? 'haut' : undefined,
      risks: readRisks(r.risks),
      links: r.website ? [{ url: r.website }] : [],
    };
  });
}

export const ALGORITMEREGISTER: StandardExport = {
  key: 'algoritmeregister',
  standard: 'Standard de publication du registre néerlandais des algorithmes (Algoritmeregister)',
  version: ALGORITMEREGISTER_VERSION,
  href: standardPath('algoritmeregister.csv'),
  format: 'CSV',
  source: 'dépôt GitHub MinBZK/Algoritmeregister, fichier backend/app/schemas/config/v1_0.json',
  fields: ALGORITMEREGISTER_FIELDS,
  carried: {
    id: { to: ['source_id'] },
    url: { to: ['url'] },
    title: { to: ['name'] },
    summary: { to: ['description_short'] },
    service_email: { to: ['contact_email'] },
    policy_area: {
      to: ['category'],
      loss: 'plusieurs de nos domaines d’action donnent la même catégorie (par exemple l’accueil des usagers et les ressources internes)',
      kept: (v) => ALGORITMEREGISTER_CATEGORY[v as keyof typeof ALGORITMEREGISTER_CATEGORY],
    },
    keywords: { to: ['tags'] },
    start_date: { to: ['begin_date'], loss: 'le standard ne retient que le mois (AAAA-MM)', kept: (v) => month(v as string | undefined) },
    end_date: { to: ['end_date'], loss: 'le standard ne retient que le mois (AAAA-MM)', kept: (v) => month(v as string | undefined) },
    status: {
      to: ['status'],
      loss: 'idée, expérimentation et bilan deviennent « In ontwikkeling » ; suspendu et arrêté, « Buiten gebruik »',
      kept: (v) => ALGORITMEREGISTER_STATUS[v as keyof typeof ALGORITMEREGISTER_STATUS],
    },
    'purpose.problem': { to: ['goal'] },
    'purpose.benefit': { to: ['goal'] },
    'purpose.proportionality': { to: ['proportionality'] },
    'purpose.alternatives': { to: ['proportionality'] },
    'system.kind': { to: ['methods_and_models'] },
    'system.description': { to: ['methods_and_models'] },
    'system.model': { to: ['methods_and_models'] },
    'system.provider': { to: ['provider'] },
    'system.source_code': { to: ['publiccode'] },
    'data.categories': { to: ['source_data'] },
    'data.sources': { to: ['source_data'] },
    'data.legal_basis': { to: ['lawful_basis'] },
    'data.legal_reference': { to: ['lawful_basis'] },
    'data.dpia.done': { to: ['impacttoetsen_grouping', 'impacttoetsen'] },
    'ai_act.fria.done': { to: ['impacttoetsen_grouping', 'impacttoetsen'] },
    'oversight.ai_role': { to: ['human_intervention'] },
    'oversight.human_role': { to: ['human_intervention'] },
    'oversight.decider': { to: ['human_intervention'] },
    'ai_act.risk_class': {
      to: ['publication_category'],
      loss: 'seul le haut risque se retrouve (Hoog-risico AI-systeem) ; les autres classes deviennent « Impactvolle algoritmes » ou « Overige algoritmes »',
      kept: (v) => v === 'haut',
    },
    risks: { to: ['risks'] },
    links: {
      to: ['website'],
      loss: 'seule l’adresse du premier lien est reprise, sans son intitulé',
      kept: (v) => (v as { url: string }[])[0]?.url,
    },
  },
  notCarried: [
    {
      fields: ['service', 'service_name'],
      reason: 'La version 1.0 n’a plus de champ pour le service responsable ; son adresse est reprise dans contact_email.',
    },
    {
      fields: ['standard_version'],
      reason: 'Le champ standard_version du fichier donne la version du standard néerlandais (1.0), pas celle du nôtre.',
    },
    { fields: ['affected', 'affected_detail'], reason: 'Le standard ne demande pas qui est concerné.' },
    { fields: ['themes'], reason: 'Le standard ne classe les algorithmes que par domaine d’action publique, une seule fois.' },
    { fields: ['lifecycle'], reason: 'Le standard ne connaît que le statut actuel, sans l’historique des étapes.' },
    { fields: ['purpose.volume'], reason: 'Le standard ne demande pas le volume d’usage.' },
    {
      fields: [
        'system.use_type',
        'system.model_version',
        'system.provider_country',
        'system.provider_role',
        'system.licence',
        'system.licence_name',
      ],
      reason: 'Le standard ne garde du système que son fonctionnement, son modèle et le nom du fournisseur.',
    },
    {
      fields: ['system.hosting', 'system.host', 'data.retention'],
      reason: 'Le standard ne dit rien de l’hébergement ni de la durée de conservation des données.',
    },
    {
      fields: ['data.personal_data', 'data.sensitive_data', 'data.leaves_authority', 'data.trains_provider_models'],
      reason:
        'Le standard n’a pas de réponse par oui ou non sur la nature des données ni sur leur circulation ; il renvoie au registre des traitements par un lien (process_index_url) que nous n’avons pas.',
    },
    {
      fields: ['data.training_data', 'data.bias_checks'],
      reason: 'Le standard n’a pas de champ propre pour les données d’entraînement ni pour le contrôle des biais.',
    },
    {
      fields: ['data.dpia.date', 'data.dpia.summary', 'ai_act.fria.date', 'ai_act.fria.summary'],
      reason:
        'Une analyse d’impact n’y figure que par son nom et un lien (impacttoetsen_grouping) : le lien mène à la fiche, qui en publie le résumé.',
    },
    {
      fields: ['oversight.individual_decisions'],
      reason: 'Elle sert seulement, avec la classe de risque, à choisir publication_category ; on ne peut pas l’en déduire en retour.',
    },
    {
      fields: ['oversight.explicit_mention', 'oversight.training', 'oversight.monitoring'],
      reason: 'La version 1.0 ne prévoit ni la mention portée sur les décisions, ni la formation des agents, ni le suivi des performances.',
    },
    {
      fields: ['ai_act.annex_iii_area', 'ai_act.eu_database', 'ai_act.transparency_notice'],
      reason: 'Du règlement européen sur l’IA, le standard ne retient que la catégorie « Hoog-risico AI-systeem ».',
    },
    COMMONLY_NOT_CARRIED.evaluation,
    COMMONLY_NOT_CARRIED.environment,
    { fields: ['recourse'], reason: 'La version 1.0 n’a pas de champ pour les voies de recours (objection_procedure existait en 0.3.1).' },
    COMMONLY_NOT_CARRIED.charterArticles,
    COMMONLY_NOT_CARRIED.tools,
    {
      fields: ['withheld'],
      reason: 'Le standard ne prévoit pas de signaler une information non publiée ni sa raison : la cellule concernée est simplement vide.',
    },
    {
      fields: ['published', 'revision'],
      reason:
        'Les dates de publication et de mise à jour sont attribuées par le registre néerlandais lui-même (publication_dt) ; lars, son identifiant, est laissé vide pour la même raison.',
    },
  ],
  deviations: [
    'lang vaut « fra » (code ISO 639-3 du français) : la version 1.0 n’admet que « nld ».',
    'goal, proportionality, human_intervention, risks, lawful_basis, impacttoetsen, source_data et tags sont limités à 2 500 caractères, methods_and_models à 5 000, organization à 100 : un texte plus long est coupé après la dernière phrase (ou le dernier mot) qui tient, et suivi de l’adresse de la fiche, qui le publie en entier.',
    'impacttoetsen_grouping contient une liste JSON d’objets {title, link}, comme l’API du registre néerlandais ; category, une valeur (plusieurs seraient séparées par une virgule).',
    'Plusieurs de nos champs sont réunis dans un même texte, en paragraphes précédés de leur intitulé (par exemple « Qui décide : … » dans human_intervention) ; les listes y sont écrites une valeur par ligne, après un tiret.',
    'Un usage interdit par le règlement européen est classé « Impactvolle algoritmes » (la correspondance du document de référence le laisse sans valeur).',
  ],
  definition: ALGORITMEREGISTER_DEFINITION,
  idField: 'source_id',
  unfilled: [],
  tolerated: [
    {
      field: 'lang',
      absentOnly: false,
      reason: 'Les fiches sont écrites en français : lang vaut « fra », que la version 1.0, qui n’admet que « nld », refuse.',
    },
  ],
};
