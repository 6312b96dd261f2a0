import { describe, expect, it } from 'vitest';
import { loadContent, type Content, type RegisterEntry } from '../../src/lib/content/load.ts';
import { csvColumns, parseCsv, quote } from '../../src/lib/open-data/csv.ts';
import {
  ALGORITMEREGISTER,
  ALGORITMEREGISTER_CATEGORY,
  ALGORITMEREGISTER_STATUS,
  algoritmeregisterRecords,
  fromAlgoritmeregister,
  publicationCategory,
  toAlgoritmeregister,
} from '../../src/lib/open-data/standards/algoritmeregister.ts';
import { ATRS, ATRS_PHASE, atrsRecords, fromAtrs, toAtrs } from '../../src/lib/open-data/standards/atrs.ts';
import {
  EUROCITIES,
  EUROCITIES_DOMAIN,
  EUROCITIES_RISK,
  EUROCITIES_STATUS,
  EUROCITIES_TYPE,
  fromEurocities,
  toEurocities,
} from '../../src/lib/open-data/standards/eurocities.ts';
import { conformance, STANDARD_EXPORTS, type Recovered, type StandardExport } from '../../src/lib/open-data/standards/index.ts';
import { fitText, joinParts, readBullets, roundTripDifferences, splitParts, uuidV5 } from '../../src/lib/open-data/standards/shared.ts';
import { requiredFields, violations, type StandardDefinition } from '../../src/lib/open-data/standards/conformance.ts';
import { registerEntrySchema } from '../../src/schemas/register.ts';
import { fixtureEntry, FIXTURE } from '../helpers/content.ts';

/**
 * Eurocities v0.3.1: the `attribute` keys of `_data/schema-v0_3_1.yaml`, in order, in the GitHub
 * repository Algoritmeregister/standard (HEAD ef716a8).
 */
const EUROCITIES_NAMES = [
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
];
/** Same file: the `enum.en` lists of domain, status, risk_category, algorithm_type and type. */
const EUROCITIES_VALUES = {
  domain: [
    'taxes',
    'housing, living and living environment',
    'culture, sports and leisure',
    'defence',
    'economy and entrepreneurship',
    'family, youth and households',
    'finance',
    'generic',
    'health and health care',
    'immigration and integration',
    'international collaboration and development aid',
    'agriculture, nature and food',
    'environment, spacial planning and water',
    'education and science',
    'public safety',
    'government',
    'justice',
    'travel, living and working abroad',
    'subsidies, benefits and allowances',
    'traffic and transportation',
    'work and career',
  ],
  status: ['planned', 'design', 'development', 'pilot', 'evaluation', 'operational', 'retired'],
  risk_category: ['minimal risk', 'limited risk', 'high risk', 'unacceptable'],
  algorithm_type: ['self-learning', 'rule-based', 'hybrid'],
  type: ['descriptive', 'diagnostic', 'predictive', 'prescriptive'],
};

/**
 * Algoritmeregister v1.0: the keys of `properties` in `backend/app/schemas/config/v1_0.json`, in
 * order, in the GitHub repository MinBZK/Algoritmeregister (HEAD 4885a05).
 */
const ALGORITMEREGISTER_NAMES = [
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
];
/** Same file: `permitted_values` of category, status and publication_category. */
const ALGORITMEREGISTER_VALUES = {
  category: [
    'Organisatie en bedrijfsvoering',
    'Cultuur en recreatie',
    'Economie',
    'Overheidsfinanciën',
    'Wonen',
    'Internationaal',
    'Migratie en integratie',
    'Natuur en milieu',
    'Onderwijs en wetenschap',
    'Openbare orde en veiligheid',
    'Recht',
    'Ruimte en infrastructuur',
    'Sociale zekerheid',
    'Verkeer',
    'Werk',
    'Zorg en gezondheid',
  ],
  status: ['In ontwikkeling', 'In gebruik', 'Buiten gebruik'],
  publication_category: ['Hoog-risico AI-systeem', 'Impactvolle algoritmes', 'Overige algoritmes'],
};

/**
 * UK ATRS v1.1: the `attribute` column of `_data/Algorithmic_transparency_data_standard.csv`, in
 * order, in the GitHub repository Algoritmeregister/standard (commit 2963eab).
 */
const ATRS_NAMES = [
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
];
/** Same file: the phases listed in the description of `phase`. */
const ATRS_PHASES = ['idea', 'design', 'development', 'production', 'retired'];

const HOSTILE = 'Texte « piégé » : virgule, "guillemets" ; point-virgule\net retour à la ligne';

/** The fixture entry with every optional field filled, hostile text included. */
function fullEntry(): RegisterEntry {
  const raw = fixtureEntry();
  raw.keywords = ['eau', 'fuites', 'réseau d’eau potable'];
  raw.end_date = '2026-12-31';
  raw.status = 'suspendu';
  raw.lifecycle.push({ date: '2025-06-01', status: 'suspendu', note: HOSTILE, decision: 'decision-2025-03', act: 'Arrêté n° 12' });
  raw.purpose.alternatives = 'Des rondes de nuit, trop coûteuses.';
  raw.purpose.volume = 'Environ 300 alertes par an ; 40 fuites trouvées.';
  Object.assign(raw.system, {
    use_type: 'diagnostic',
    description: `Le modèle compare les débits.\n- pas une liste, une phrase\nQui décide : une phrase, pas un intitulé.`,
    model_version: '2.1',
    provider: 'Société « Hydro, Data & Co »',
    provider_country: 'France',
    provider_role: HOSTILE,
    host: 'Hébergeur, à Lyon',
    source_code: 'https://code.essai.example/fuites',
  });
  Object.assign(raw.data, {
    categories: ['Débits horaires', 'Pressions, par secteur'],
    sources: ['Compteurs de sectorisation', 'Capteurs "acoustiques"'],
    personal_data: true,
    legal_basis: 'mission-interet-public',
    legal_reference: 'Code général des collectivités territoriales, article L2224-7-1.',
    dpia: { done: true, date: '2024-01-15', summary: HOSTILE },
    training_data: 'Deux ans de débits, 2021 et 2022.',
    bias_checks: 'Sans objet : aucune donnée sur des personnes.',
  });
  Object.assign(raw.oversight, {
    training: 'Une demi-journée.',
    monitoring: 'Taux de fausses alertes, chaque mois.',
    individual_decisions: true,
    explicit_mention: 'Mention.',
  });
  raw.ai_act = {
    risk_class: 'haut',
    annex_iii_area: 'infrastructures-critiques',
    eu_database: { registered: true, reference: 'EU-123', url: 'https://eu.example/fiche/123' },
    fria: { done: false },
    transparency_notice: 'Affichage.',
  };
  raw.risks.push({
    kind: 'biais',
    description: 'Biais : secteurs mal équipés.\nSuite.',
    mitigation: 'Mesure prise : contrôle, chaque trimestre.',
  });
  raw.links = [
    { label: 'Bilan', url: 'https://registre.essai.example/documents/bilan.pdf' },
    { label: 'Autre', url: 'https://registre.essai.example/documents/autre.pdf' },
  ];
  raw.withheld = [{ field: 'system.model', reason: 'Sécurité du réseau d’eau.' }];
  delete raw.system.model;
  raw.revision = { date: '2025-06-01', note: 'Suspension.', next_review: '2026-01-31' };
  return { slug: 'detection-fuites-complete', ...registerEntrySchema.parse(raw) };
}

function testContent(): Content {
  const base = loadContent(FIXTURE);
  const first = base.register[0]!;
  const rules: RegisterEntry = {
    ...first,
    slug: 'regles',
    status: 'arrete',
    lifecycle: [...first.lifecycle, { date: '2025-12-01', status: 'arrete', note: 'Remplacé par des seuils fixes.' }],
    system: { ...first.system, kind: 'regles' },
  };
  return { ...base, register: [...base.register, fullEntry(), rules] };
}

/** Every field the standard declares it carries reads back as it was, up to what the standard keeps. */
function expectRoundTrip(standard: StandardExport, content: Content, recovered: Recovered[]): number {
  const { compared, differences } = roundTripDifferences(standard, content, recovered);
  expect(differences).toEqual([]);
  return compared;
}

describe('exports vers les autres standards', () => {
  const content = testContent();

  it('construit une fiche complète et valide pour les tests', () => {
    expect(content.register.map((e) => e.slug)).toEqual(['detection-fuites', 'detection-fuites-complete', 'regles']);
  });

  it('emploient exactement les noms de champs de chaque standard, dans son ordre', () => {
    expect(EUROCITIES.fields).toEqual(EUROCITIES_NAMES);
    for (const record of toEurocities(content)) expect(Object.keys(record)).toEqual(EUROCITIES_NAMES);
    expect(ALGORITMEREGISTER.fields).toEqual(ALGORITMEREGISTER_NAMES);
    expect(parseCsv(toAlgoritmeregister(content))[0]).toEqual(ALGORITMEREGISTER_NAMES);
    expect(ATRS.fields).toEqual(ATRS_NAMES);
    expect(parseCsv(toAtrs(content))[0]).toEqual(ATRS_NAMES);
  });

  it('ne déclarent comme cibles que des noms de champs du standard', () => {
    for (const standard of STANDARD_EXPORTS) {
      const targets = Object.values(standard.carried).flatMap((c) => c.to);
      expect(
        targets.filter((t) => !standard.fields.includes(t)),
        standard.key,
      ).toEqual([]);
    }
  });

  it('disent, pour chacun de nos champs, si le standard le transmet, une seule fois', () => {
    const columns = csvColumns().map((c) => c.name);
    for (const standard of STANDARD_EXPORTS) {
      const groups = standard.notCarried.flatMap((n) => n.fields);
      const covering = (column: string) => [
        ...Object.keys(standard.carried).filter((p) => p === column),
        ...groups.filter((g) => g === column || column.startsWith(`${g}.`)),
      ];
      for (const column of columns) expect(covering(column), `${standard.key} : ${column}`).toHaveLength(1);
      for (const declared of [...Object.keys(standard.carried), ...groups]) {
        expect(
          columns.some((c) => c === declared || c.startsWith(`${declared}.`)),
          `${standard.key} : ${declared} n’est pas un de nos champs`,
        ).toBe(true);
      }
      for (const { reason } of standard.notCarried) expect(reason).toMatch(/^[A-ZÀ-Ý].{10,}\.$/);
      for (const { loss } of Object.values(standard.carried)) if (loss) expect(loss).toMatch(/^[a-zà-ÿ]/);
    }
  });

  it('Eurocities : sa version, ses valeurs, chaque champ transmis relu à l’identique', () => {
    const records = toEurocities(content);
    for (const record of records) {
      expect(record.standard_version).toBe('0.3.1');
      expect(record.lang).toBe('fr');
      expect(record.uuid).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      for (const [field, values] of Object.entries(EUROCITIES_VALUES)) {
        const value = record[field as keyof typeof record];
        if (value !== null) expect(values, field).toContain(value);
      }
    }
    for (const table of [EUROCITIES_DOMAIN, EUROCITIES_STATUS, EUROCITIES_RISK, EUROCITIES_TYPE]) {
      for (const value of Object.values(table)) expect(Object.values(EUROCITIES_VALUES).flat()).toContain(value);
    }
    expect(new Set(records.map((r) => r.uuid)).size).toBe(records.length);
    const [, full, rules] = records;
    expect(full!.status).toBe('retired');
    expect(full!.remark).toBe(`Usage suspendu. ${HOSTILE}`);
    expect(full!.organization).toBe(content.site.name);
    expect(rules!.algorithm_type).toBe('rule-based');
    expect(rules!.training_data).toMatch(/^Sans objet/);
    expect(rules!.status).toBe('retired');
    expect(rules!.remark).toBe('Remplacé par des seuils fixes.');
    const recovered = fromEurocities(JSON.parse(JSON.stringify(records)));
    expect(recovered.map((r) => r.status)).toEqual(['en-service', 'suspendu', 'arrete']);
    expect(expectRoundTrip(EUROCITIES, content, recovered)).toBe(3 * Object.keys(EUROCITIES.carried).length);
  });

  it('Algoritmeregister : sa version, ses valeurs, chaque champ transmis relu à l’identique', () => {
    const records = algoritmeregisterRecords(content);
    for (const record of records) {
      expect(record.standard_version).toBe('1.0');
      expect(record.lang).toBe('fra');
      for (const [field, values] of Object.entries(ALGORITMEREGISTER_VALUES))
        expect(values, field).toContain(record[field as keyof typeof record]);
      expect(record.begin_date).toMatch(/^\d{4}-\d{2}$/);
      expect(record.lars).toBeNull();
    }
    for (const value of [...Object.values(ALGORITMEREGISTER_CATEGORY), ...Object.values(ALGORITMEREGISTER_STATUS)]) {
      expect([...ALGORITMEREGISTER_VALUES.category, ...ALGORITMEREGISTER_VALUES.status]).toContain(value);
    }
    expect(publicationCategory('haut', false)).toBe('Hoog-risico AI-systeem');
    expect(publicationCategory('minimal', true)).toBe('Impactvolle algoritmes');
    expect(publicationCategory('limite', false)).toBe('Overige algoritmes');
    expect(publicationCategory('interdit', false)).toBe('Impactvolle algoritmes');
    const [, full] = records;
    expect(full!.end_date).toBe('2026-12');
    expect(full!.status).toBe('Buiten gebruik');
    expect(JSON.parse(full!.impacttoetsen_grouping!)).toEqual([
      { title: 'Data Protection Impact Assessment (DPIA)', link: 'https://registre.essai.example/registre/detection-fuites-complete/' },
    ]);
    expect(full!.impacttoetsen).toMatch(/droits fondamentaux/);
    const recovered = fromAlgoritmeregister(toAlgoritmeregister(content));
    expect(recovered[1]!['ai_act.fria.done']).toBe(false);
    expect(recovered[1]!['data.dpia.done']).toBe(true);
    expect(expectRoundTrip(ALGORITMEREGISTER, content, recovered)).toBe(3 * Object.keys(ALGORITMEREGISTER.carried).length);
  });

  it('ATRS : ses phases, les cellules à plusieurs valeurs en listes JSON, chaque champ transmis relu à l’identique', () => {
    const records = atrsRecords(content);
    for (const record of records) {
      expect(ATRS_PHASES).toContain(record.phase);
      for (const name of ATRS_NAMES.filter((n) => n.endsWith('*'))) {
        const cell = record[name as keyof typeof record];
        if (cell !== null) expect(Array.isArray(JSON.parse(cell)), name).toBe(true);
      }
    }
    for (const value of Object.values(ATRS_PHASE)) expect(ATRS_PHASES).toContain(value);
    const [, full] = records;
    expect(JSON.parse(full!['impact_assessment_name*']!)).toEqual([
      'Analyse d’impact relative à la protection des données (AIPD)',
      'Analyse d’impact sur les droits fondamentaux (article 27 du règlement sur l’IA) : non réalisée',
    ]);
    expect(JSON.parse(full!['impact_assessment_date*']!)).toEqual(['2024-01-15', '']);
    expect(JSON.parse(full!['risk_name*']!)).toEqual(['Erreur ou résultat inexact', 'Biais et discrimination']);
    const recovered = fromAtrs(toAtrs(content));
    expect(expectRoundTrip(ATRS, content, recovered)).toBe(3 * Object.keys(ATRS.carried).length);
  });

  it('gardent intact un texte hostile dans les fichiers CSV', () => {
    const nl = fromAlgoritmeregister(toAlgoritmeregister(content))[1]!;
    const uk = fromAtrs(toAtrs(content))[1]!;
    expect(uk['system.provider_role']).toBe(HOSTILE);
    expect(uk['data.dpia.summary']).toBe(HOSTILE);
    expect(nl['system.provider']).toBe('Société « Hydro, Data & Co »');
    expect(nl['data.sources']).toEqual(['Compteurs de sectorisation', 'Capteurs "acoustiques"']);
  });
});

describe('outils communs des exports', () => {
  it('calcule des UUID fondés sur un nom (vecteur de test de la RFC 9562)', () => {
    expect(uuidV5('python.org', '6ba7b810-9dad-11d1-80b4-00c04fd430c8')).toBe('886313e1-3b8a-5372-9b90-0c9aee199e5d');
  });

  it('assemble des paragraphes titrés et les sépare à nouveau', () => {
    const text = joinParts([
      ['', 'Ouverture.'],
      ['Qui décide', 'Le chef.'],
      ['Sources', '- a\n- b'],
      ['Vide', undefined],
    ]);
    expect(text).toBe('Ouverture.\n\nQui décide : Le chef.\n\nSources :\n- a\n- b');
    expect(splitParts(text, ['Qui décide', 'Sources', 'Vide'])).toEqual({
      '': 'Ouverture.',
      'Qui décide': 'Le chef.',
      Sources: '- a\n- b',
    });
    expect(splitParts(joinParts([['Qui décide', 'Le chef.']]), ['Qui décide'])).toEqual({ 'Qui décide': 'Le chef.' });
    expect(joinParts([['', undefined]])).toBeNull();
    expect(readBullets('- un\nsuite\n- deux')).toEqual(['un\nsuite', 'deux']);
  });
});

describe('vérification d’un enregistrement contre les définitions d’un standard', () => {
  const definition: StandardDefinition = {
    standard: 'essai',
    source: 'essai',
    fields: {
      id: { type: 'text', required: true, max: 10 },
      court: { type: 'text', required: true, max: 5 },
      long: { type: 'text', required: false, min: 3 },
      etat: { type: 'text', required: true, values: ['a', 'b'] },
      courriel: { type: 'email', required: true },
      adresse: { type: 'url', required: false },
      jour: { type: 'date', required: true },
      liste: { type: 'text', required: true, multiple: 'json-list' },
      mots: { type: 'text', required: false, multiple: 'comma-list', values: ['x', 'y'] },
      liens: {
        type: 'text',
        required: false,
        multiple: 'json-objects',
        items: { title: { type: 'text', required: true }, link: { type: 'text', required: false, max: 8 } },
      },
    },
  };
  const valid = {
    id: 'r1',
    court: 'abcde',
    long: null,
    etat: 'a',
    courriel: 'eau@essai.example',
    adresse: 'https://essai.example/',
    jour: '2025-06-30',
    liste: '["une valeur"]',
    mots: 'x, y',
    liens: '[{"title":"T","link":"https://"}]',
  };

  it('accepte un enregistrement conforme, avec ses champs facultatifs vides', () => {
    expect(violations(definition, [valid, { ...valid, adresse: null, mots: null, liens: null }], 'id')).toEqual([]);
  });

  it('signale chaque règle enfreinte : obligatoire, type, valeur permise, longueur, liste', () => {
    const broken = {
      id: 'r2',
      court: 'abcdef',
      long: 'ab',
      etat: 'c',
      courriel: 'pas une adresse',
      adresse: 'ftp://essai.example/',
      jour: '30/06/2025',
      liste: '[]',
      mots: 'x, z',
      liens: '[{"link":"https://trop.long"}]',
    };
    const found = violations(definition, [broken, { ...valid, id: 'r3', etat: null, liste: 'pas du JSON', court: ' ' }], 'id');
    expect(found.map((v) => `${v.record} ${v.field}`)).toEqual([
      'r2 court',
      'r2 long',
      'r2 etat',
      'r2 courriel',
      'r2 adresse',
      'r2 jour',
      'r2 liste',
      'r2 mots.1',
      'r2 liens.0.title',
      'r2 liens.0.link',
      'r3 court',
      'r3 etat',
      'r3 liste',
    ]);
    expect(violations(definition, [{ ...valid, extra: 'x' }], 'id')[0]!.field).toBe('(enregistrement)');
  });

  it('compte les caractères, pas les unités de code UTF-16', () => {
    expect(violations(definition, [{ ...valid, court: '🙂🙂🙂🙂🙂' }], 'id')).toEqual([]);
  });
});

describe('exports conformes aux définitions de chaque standard', () => {
  const content = testContent();
  const files: Record<string, string> = {
    eurocities: JSON.stringify(toEurocities(content)),
    algoritmeregister: toAlgoritmeregister(content),
    atrs: toAtrs(content),
  };

  it('déclarent une règle pour chaque champ du standard, dans son ordre', () => {
    for (const standard of STANDARD_EXPORTS) expect(Object.keys(standard.definition.fields), standard.key).toEqual(standard.fields);
    expect(requiredFields(EUROCITIES.definition)).toHaveLength(29);
    expect(requiredFields(ALGORITMEREGISTER.definition)).toEqual([
      'name',
      'description_short',
      'organization',
      'status',
      'contact_email',
      'publication_category',
      'lang',
    ]);
    expect(requiredFields(ATRS.definition)).toHaveLength(19);
  });

  it('chaque enregistrement respecte le standard : obligatoires remplis, types, valeurs permises, longueurs', () => {
    for (const standard of STANDARD_EXPORTS) {
      const result = conformance(standard, files[standard.key]!);
      expect(result.records, standard.key).toBe(content.register.length);
      expect(result.violations, standard.key).toEqual([]);
    }
    // The only departures: lang of the Dutch file, and nothing for the entry that fills everything.
    expect(conformance(ALGORITMEREGISTER, files.algoritmeregister!).tolerated.map((v) => v.field)).toEqual(['lang', 'lang', 'lang']);
    expect(conformance(EUROCITIES, files.eurocities!).tolerated.map((v) => `${v.record} ${v.field}`)).toEqual([
      'https://registre.essai.example/registre/detection-fuites/ type',
      'https://registre.essai.example/registre/detection-fuites/ revision_date',
      'https://registre.essai.example/registre/regles/ type',
      'https://registre.essai.example/registre/regles/ revision_date',
    ]);
  });

  it('les fichiers d’avant la correction enfreignaient le standard (témoin)', () => {
    const [record] = toEurocities(content);
    const before = JSON.stringify([{ ...record, description_short: content.register[0]!.summary.padEnd(151, '.'), monitoring: null }]);
    expect(conformance(EUROCITIES, before).violations.map((v) => v.field)).toEqual(['description_short', 'monitoring']);
    const nl = parseCsv(files.algoritmeregister!);
    nl[1]![nl[0]!.indexOf('status')] = 'Gepland';
    const csv = nl.map((row) => row.map(quote).join(',')).join('\r\n');
    expect(conformance(ALGORITMEREGISTER, csv).violations.map((v) => v.field)).toEqual(['status']);
  });

  it('Eurocities : un résumé court de 150 caractères au plus, tiré du résumé, que description reprend en entier', () => {
    for (const [i, record] of toEurocities(content).entries()) {
      const summary = content.register[i]!.summary;
      expect([...record.description_short!].length).toBeLessThanOrEqual(150);
      if (record.description_short !== summary) expect(summary.startsWith(record.description_short!.replace(/…$/, ''))).toBe(true);
      expect(record.description!.startsWith(`${summary}\n\n`)).toBe(true);
      expect([...record.description!].length).toBeGreaterThanOrEqual(500);
    }
  });

  it('Eurocities et ATRS : « Non renseigné » ou « Non publié : raison » dans un champ obligatoire vide, relus comme absents', () => {
    const [base, full] = toEurocities(content);
    expect(base!.monitoring).toBe('Non renseigné');
    expect(base!.lawful_basis).toBe('Non renseigné');
    expect(full!.monitoring).toBe('Taux de fausses alertes, chaque mois.');
    const [uk] = atrsRecords(content);
    expect(JSON.parse(uk!['external_supplier*']!)).toEqual(['Non renseigné']);
    expect(JSON.parse(uk!['data_collection*']!)).toEqual(['Non renseigné']);
    expect(JSON.parse(uk!['impact_assessment_name*']!)).toEqual(['Non renseigné']);
    const withheld: RegisterEntry = { ...content.register[1]!, risks: [], withheld: [{ field: 'risks', reason: 'Sécurité du réseau.' }] };
    const hidden = { ...content, register: [withheld] };
    expect(toEurocities(hidden)[0]!.risks).toBe('Non publié : Sécurité du réseau.');
    expect(JSON.parse(atrsRecords(hidden)[0]!['risk_name*']!)).toEqual(['Non publié : Sécurité du réseau.']);
    expect(fromEurocities(toEurocities(hidden))[0]!.risks).toEqual([]);
    expect(fromAtrs(toAtrs(hidden))[0]!.risks).toEqual([]);
    expect(conformance(ATRS, toAtrs(hidden)).violations).toEqual([]);
  });
});

describe('texte ramené à la longueur d’un standard', () => {
  it('garde les phrases entières qui tiennent, sinon coupe entre deux mots avec « … »', () => {
    expect(fitText('Court.', 150)).toBe('Court.');
    expect(fitText('Une phrase. Une autre phrase bien plus longue.', 20)).toBe('Une phrase.');
    expect(fitText('Des mots sans point final qui ne tiennent pas', 20)).toBe('Des mots sans point…');
    expect(fitText('Une phrase. Une autre phrase, bien plus longue que la place.', 45, 'https://x.example/')).toBe(
      'Une phrase. (suite : https://x.example/)',
    );
    expect([...fitText('é'.repeat(200), 150)].length).toBeLessThanOrEqual(150);
  });
});
