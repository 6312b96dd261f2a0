/**
 * Export to the UK Algorithmic Transparency Recording Standard (ATRS), version 1.1 (2 December
 * 2021), tiers 1 and 2: a CSV file whose columns are the attributes of
 * `_data/Algorithmic_transparency_data_standard.csv` in the GitHub repository
 * Algoritmeregister/standard (commit 2963eab), a copy of the gov.uk CSV, in that order. The
 * asterisk is part of a name and marks a multi-valued attribute. Conversions: docs/standards.md, § 3.2.
 */
import type { Content } from '../../content/load.ts';
import { AI_KINDS, HOSTING, labelOf, RISK_KINDS, type STATUSES } from '../../../schemas/options.ts';
import {
  csvOf,
  csvRecords,
  exportedEntries,
  idFromUrl,
  joinParts,
  jsonList,
  present,
  readJsonList,
  reverse,
  splitParts,
  valueOfLabel,
  type Recovered,
  type StandardExport,
  NOT_PROVIDED,
  unknownText,
  COMMONLY_NOT_CARRIED,
} from './shared.ts';
import { ATRS_DEFINITION } from './atrs.schema.ts';
import { standardPath } from '../../urls.ts';

const ATRS_VERSION = '1.1';

/** The `attribute` column of the standard's CSV, in its order. */
const ATRS_FIELDS = [
  'name',
  'description',
  'website',
  'contact_email',
  'organisation',
  'team',
  'senior_responsible_owner',
  'external_supplier*',
  'external_supplier_identifier*',
  'external_supplier_role*',
  'data_access_terms*',
  'scope',
  'benefit',
  'alternatives_considered',
  'model_type',
  'frequency_usage',
  'phase',
  'maintenance',
  'system_architecture',
  'process_integration',
  'provided_information',
  'human_decisions',
  'required_training',
  'appeals_and_review',
  'source_data_name*',
  'source_data_description*',
  'source_data_url*',
  'data_collection*',
  'data_sharing_agreements*',
  'data_access_and_storage*',
  'impact_assessment_name*',
  'impact_assessment_description*',
  'impact_assessment_date*',
  'impact_assessment_link*',
  'risk_name*',
  'risk_description*',
  'risk_mitigation*',
] as const;

export type AtrsField = (typeof ATRS_FIELDS)[number];
export type AtrsRecord = Record<AtrsField, string | null>;

/** Annex B of docs/standards.md: `phase`. */
export const ATRS_PHASE: Readonly<Record<keyof typeof STATUSES, string>> = {
  idee: 'idea',
  experimentation: 'development',
  bilan: 'development',
  'en-service': 'production',
  suspendu: 'retired',
  arrete: 'retired',
};

const DPIA_NAME = 'Analyse d’impact relative à la protection des données (AIPD)';
const FRIA_NAME = 'Analyse d’impact sur les droits fondamentaux (article 27 du règlement sur l’IA)';
const NOT_DONE = ' : non réalisée';
const SHARED = { true: 'Les données quittent la collectivité.', false: 'Les données ne quittent pas la collectivité.' } as const;
const TRAINS = {
  true: 'Les données servent à entraîner les modèles du fournisseur.',
  false: 'Les données ne servent pas à entraîner les modèles du fournisseur.',
} as const;

const L = {
  proportionality: 'Pourquoi l’IA plutôt qu’un moyen plus simple',
  model: 'Modèle',
  description: 'Fonctionnement',
  decider: 'Qui décide',
  humanReview: 'Obtenir un examen par une personne',
  contact: 'À qui écrire',
  training: 'Données d’entraînement',
  retention: 'Durée de conservation',
  hosting: 'Hébergement',
  host: 'Hébergeur',
} as const;

const labelled = (label: string, value: string | undefined) => (value === undefined ? [] : [`${label} : ${value}`]);
const afterLabel = (items: readonly string[], label: string) =>
  items.find((item) => item.startsWith(`${label} : `))?.slice(label.length + 3);

export function atrsRecords(content: Content): AtrsRecord[] {
  const { site } = content;
  return exportedEntries(content).map(({ entry: e, url, serviceName, email }) => {
    const assessments = [
      { name: DPIA_NAME, a: e.data.dpia },
      { name: FRIA_NAME, a: e.ai_act.fria },
    ].flatMap(({ name, a }) => (a ? [{ name: a.done ? name : name + NOT_DONE, description: a.summary ?? '', date: a.date ?? '' }] : []));
    const record: AtrsRecord = {
      name: e.title,
      description: e.summary,
      website: url,
      contact_email: email,
      organisation: site.name,
      team: serviceName,
      senior_responsible_owner: null,
      'external_supplier*': jsonList([e.system.provider ?? unknownText(e, 'system.provider')]),
      'external_supplier_identifier*': null,
      'external_supplier_role*': jsonList([e.system.provider_role ?? unknownText(e, 'system.provider')]),
      'data_access_terms*': jsonList([TRAINS[`${e.data.trains_provider_models}`]]),
      scope: e.purpose.problem,
      benefit: joinParts([
        ['', e.purpose.benefit],
        [L.proportionality, e.purpose.proportionality],
      ]),
      alternatives_considered: e.purpose.alternatives ?? null,
      model_type: joinParts([
        ['', labelOf(AI_KINDS, e.system.kind)],
        [L.model, e.system.model],
        [L.description, e.system.description],
      ]),
      frequency_usage: e.purpose.volume ?? null,
      phase: ATRS_PHASE[e.status],
      maintenance: e.oversight.monitoring ?? null,
      system_architecture: e.system.source_code ?? null,
      process_integration: e.oversight.ai_role,
      provided_information: null,
      human_decisions: joinParts([
        ['', e.oversight.human_role],
        [L.decider, e.oversight.decider],
      ]),
      required_training: e.oversight.training ?? null,
      appeals_and_review: joinParts([
        ['', e.recourse.how],
        [L.humanReview, e.recourse.human_review],
        [L.contact, e.recourse.contact],
      ]),
      'source_data_name*': jsonList(e.data.sources.length > 0 ? e.data.sources : [unknownText(e, 'data.sources')]),
      'source_data_description*': jsonList([...e.data.categories, ...labelled(L.training, e.data.training_data)]),
      'source_data_url*': null,
      'data_collection*': jsonList([NOT_PROVIDED]),
      'data_sharing_agreements*': jsonList([SHARED[`${e.data.leaves_authority}`]]),
      'data_access_and_storage*': jsonList([
        ...labelled(L.retention, e.data.retention),
        ...labelled(L.hosting, labelOf(HOSTING, e.system.hosting)),
        ...labelled(L.host, e.system.host),
      ]),
      'impact_assessment_name*': jsonList(assessments.length > 0 ? assessments.map((a) => a.name) : [NOT_PROVIDED]),
      'impact_assessment_description*': assessments.some((a) => a.description) ? jsonList(assessments.map((a) => a.description)) : null,
      'impact_assessment_date*': assessments.some((a) => a.date) ? jsonList(assessments.map((a) => a.date)) : null,
      'impact_assessment_link*': null,
      'risk_name*': jsonList(e.risks.length > 0 ? e.risks.map((r) => labelOf(RISK_KINDS, r.kind)) : [unknownText(e, 'risks')]),
      'risk_description*': jsonList(e.risks.map((r) => r.description)),
      'risk_mitigation*': jsonList(e.risks.map((r) => r.mitigation)),
    };
    return record;
  });
}

export function toAtrs(content: Content): string {
  return csvOf(ATRS_FIELDS, atrsRecords(content));
}

const PHASE_BACK = reverse(ATRS_PHASE, { retired: 'arrete' });

const yesNo = (sentences: { true: string; false: string }, items: readonly string[]) =>
  items.includes(sentences.true) ? true : items.includes(sentences.false) ? false : undefined;

/** Reads the CSV back into our fields (those it carries). */
export function fromAtrs(csv: string): Recovered[] {
  return csvRecords(csv).map((r) => {
    const benefit = splitParts(r.benefit, [L.proportionality]);
    const model = splitParts(r.model_type, [L.model, L.description]);
    const human = splitParts(r.human_decisions, [L.decider]);
    const appeals = splitParts(r.appeals_and_review, [L.humanReview, L.contact]);
    const descriptions = readJsonList(r['source_data_description*']);
    const storage = readJsonList(r['data_access_and_storage*']);
    const names = readJsonList(r['impact_assessment_name*']);
    const summaries = readJsonList(r['impact_assessment_description*']);
    const dates = readJsonList(r['impact_assessment_date*']);
    const assessment = (name: string) => {
      const i = names.findIndex((n) => n === name || n === name + NOT_DONE);
      if (i === -1) return {};
      return { done: names[i] === name, date: present(dates[i]), summary: present(summaries[i]) };
    };
    const dpia = assessment(DPIA_NAME);
    const fria = assessment(FRIA_NAME);
    const riskNames = readJsonList(r['risk_name*']);
    const riskDescriptions = readJsonList(r['risk_description*']);
    const riskMitigations = readJsonList(r['risk_mitigation*']);
    return {
      id: idFromUrl(r.website),
      url: present(r.website),
      title: present(r.name),
      summary: present(r.description),
      service_name: present(r.team),
      service_email: present(r.contact_email),
      status: r.phase ? PHASE_BACK[r.phase] : undefined,
      'purpose.problem': present(r.scope),
      'purpose.benefit': present(benefit['']),
      'purpose.proportionality': present(benefit[L.proportionality]),
      'purpose.alternatives': present(r.alternatives_considered),
      'purpose.volume': present(r.frequency_usage),
      'system.kind': valueOfLabel(AI_KINDS, model['']),
      'system.model': present(model[L.model]),
      'system.description': present(model[L.description]),
      'system.provider': readJsonList(r['external_supplier*'])[0],
      'system.provider_role': readJsonList(r['external_supplier_role*'])[0],
      'system.hosting': valueOfLabel(HOSTING, afterLabel(storage, L.hosting)),
      'system.host': afterLabel(storage, L.host),
      'system.source_code': present(r.system_architecture),
      'data.categories': descriptions.filter((d) => !d.startsWith(`${L.training} : `)),
      'data.sources': readJsonList(r['source_data_name*']),
      'data.retention': afterLabel(storage, L.retention),
      'data.leaves_authority': yesNo(SHARED, readJsonList(r['data_sharing_agreements*'])),
      'data.trains_provider_models': yesNo(TRAINS, readJsonList(r['data_access_terms*'])),
      'data.training_data': afterLabel(descriptions, L.training),
      'data.dpia.done': dpia.done,
      'data.dpia.date': dpia.date,
      'data.dpia.summary': dpia.summary,
      'ai_act.fria.done': fria.done,
      'ai_act.fria.date': fria.date,
      'ai_act.fria.summary': fria.summary,
      'oversight.ai_role': present(r.process_integration),
      'oversight.human_role': present(human['']),
      'oversight.decider': present(human[L.decider]),
      'oversight.training': present(r.required_training),
      'oversight.monitoring': present(r.maintenance),
      risks: riskNames.map((name, i) => ({
        kind: valueOfLabel(RISK_KINDS, name),
        description: riskDescriptions[i],
        mitigation: riskMitigations[i],
      })),
      'recourse.how': present(appeals['']),
      'recourse.human_review': present(appeals[L.humanReview]),
      'recourse.contact': present(appeals[L.contact]),
    };
  });
}

export const ATRS: StandardExport = {
  key: 'atrs',
  standard: 'Standard britannique de transparence algorithmique (Algorithmic Transparency Recording Standard, ATRS)',
  version: ATRS_VERSION,
  href: standardPath('atrs.csv'),
  format: 'CSV',
  source:
    'dépôt GitHub Algoritmeregister/standard, fichier _data/Algorithmic_transparency_data_standard.csv, copie du CSV publié sur gov.uk',
  fields: ATRS_FIELDS,
  carried: {
    id: { to: ['website'] },
    url: { to: ['website'] },
    title: { to: ['name'] },
    summary: { to: ['description'] },
    service_name: { to: ['team'] },
    service_email: { to: ['contact_email'] },
    status: {
      to: ['phase'],
      loss: 'expérimentation et bilan deviennent « development » ; suspendu et arrêté, « retired »',
      kept: (v) => ATRS_PHASE[v as keyof typeof ATRS_PHASE],
    },
    'purpose.problem': { to: ['scope'] },
    'purpose.benefit': { to: ['benefit'] },
    'purpose.proportionality': { to: ['benefit'] },
    'purpose.alternatives': { to: ['alternatives_considered'] },
    'purpose.volume': { to: ['frequency_usage'] },
    'system.kind': { to: ['model_type'] },
    'system.model': { to: ['model_type'] },
    'system.description': { to: ['model_type'] },
    'system.provider': { to: ['external_supplier*'] },
    'system.provider_role': { to: ['external_supplier_role*'] },
    'system.hosting': { to: ['data_access_and_storage*'] },
    'system.host': { to: ['data_access_and_storage*'] },
    'system.source_code': { to: ['system_architecture'] },
    'data.categories': { to: ['source_data_description*'] },
    'data.sources': { to: ['source_data_name*'] },
    'data.retention': { to: ['data_access_and_storage*'] },
    'data.leaves_authority': { to: ['data_sharing_agreements*'] },
    'data.trains_provider_models': { to: ['data_access_terms*'] },
    'data.training_data': { to: ['source_data_description*'] },
    'data.dpia.done': { to: ['impact_assessment_name*'] },
    'data.dpia.date': { to: ['impact_assessment_date*'] },
    'data.dpia.summary': { to: ['impact_assessment_description*'] },
    'ai_act.fria.done': { to: ['impact_assessment_name*'] },
    'ai_act.fria.date': { to: ['impact_assessment_date*'] },
    'ai_act.fria.summary': { to: ['impact_assessment_description*'] },
    'oversight.ai_role': { to: ['process_integration'] },
    'oversight.human_role': { to: ['human_decisions'] },
    'oversight.decider': { to: ['human_decisions'] },
    'oversight.training': { to: ['required_training'] },
    'oversight.monitoring': { to: ['maintenance'] },
    risks: { to: ['risk_name*', 'risk_description*', 'risk_mitigation*'] },
    'recourse.how': { to: ['appeals_and_review'] },
    'recourse.human_review': { to: ['appeals_and_review'] },
    'recourse.contact': { to: ['appeals_and_review'] },
  },
  notCarried: [
    { fields: ['service'], reason: 'C’est l’identifiant interne du service ; son nom figure dans team.' },
    { fields: ['standard_version'], reason: 'La version 1.1 n’a pas de champ pour la version du standard suivi.' },
    {
      fields: ['policy_area', 'themes', 'affected', 'affected_detail', 'keywords'],
      reason: 'Le standard ne classe pas les usages par domaine, par public ni par mots-clés.',
    },
    {
      fields: ['start_date', 'end_date', 'lifecycle'],
      reason: 'Le standard ne connaît que la phase actuelle (phase), sans dates ni historique.',
    },
    {
      fields: ['system.use_type', 'system.model_version', 'system.provider_country', 'system.licence', 'system.licence_name'],
      reason: 'Le standard ne demande ni la nature du résultat, ni la version du modèle, ni le pays du fournisseur, ni la licence.',
    },
    {
      fields: ['data.personal_data', 'data.sensitive_data', 'data.legal_basis', 'data.legal_reference', 'data.bias_checks'],
      reason: 'Le standard ne prévoit ni la nature des données, ni leur base légale, ni le contrôle de leurs biais.',
    },
    {
      fields: ['oversight.individual_decisions', 'oversight.explicit_mention'],
      reason: 'Ce sont des notions du droit français (CRPA) que le standard ignore.',
    },
    {
      fields: ['ai_act.risk_class', 'ai_act.annex_iii_area', 'ai_act.eu_database', 'ai_act.transparency_notice'],
      reason:
        'Standard britannique antérieur au règlement européen sur l’IA : seule l’analyse d’impact sur les droits fondamentaux y trouve place.',
    },
    COMMONLY_NOT_CARRIED.evaluation,
    COMMONLY_NOT_CARRIED.environment,
    COMMONLY_NOT_CARRIED.charterArticles,
    COMMONLY_NOT_CARRIED.tools,
    { fields: ['links'], reason: 'Le standard n’a qu’une adresse (website), celle de la fiche ; les autres liens y sont publiés.' },
    {
      fields: ['withheld'],
      reason: 'Le standard ne prévoit pas de signaler une information non publiée ni sa raison : la cellule concernée est simplement vide.',
    },
    {
      fields: ['published', 'revision'],
      reason: 'La version 1.1 n’a pas de dates de publication ni de mise à jour (elles n’apparaissent qu’en version 2.1).',
    },
  ],
  deviations: [
    'Les champs à valeurs multiples (nom terminé par un astérisque) contiennent une liste JSON de textes ; les listes d’un même groupe (analyses d’impact, risques) se lisent rang par rang.',
    'senior_responsible_owner reste vide : le registre ne publie pas de nom de personne. external_supplier_identifier* (numéro Companies House) est sans objet en France.',
    'Un champ obligatoire que la fiche ne renseigne pas contient la liste [« Non renseigné »], ou [« Non publié : » suivi de la raison] quand la collectivité ne publie pas l’information ; c’est toujours le cas de data_collection*, car nous ne décrivons pas le mode de collecte des données à part de leurs sources.',
    'Plusieurs de nos champs sont réunis dans un même texte, en paragraphes précédés de leur intitulé (par exemple « Qui décide : … » dans human_decisions).',
  ],
  definition: ATRS_DEFINITION,
  idField: 'website',
  unfilled: [
    {
      fields: ['data_collection*'],
      value: '[« Non renseigné »]',
      when: 'toujours : le registre ne décrit pas le mode de collecte des données ni leur finalité d’origine',
    },
    {
      fields: ['external_supplier*', 'external_supplier_role*', 'source_data_name*', 'risk_name*'],
      value: '[« Non publié : » suivi de la raison], ou [« Non renseigné »]',
      when: 'quand la collectivité ne publie pas le fournisseur, les sources ou les risques, ou que la fiche ne les donne pas (par exemple un outil sans fournisseur externe)',
    },
    {
      fields: ['impact_assessment_name*'],
      value: '[« Non renseigné »]',
      when: 'quand la fiche ne dit rien des analyses d’impact (AIPD, analyse d’impact sur les droits fondamentaux)',
    },
  ],
  tolerated: [],
};
