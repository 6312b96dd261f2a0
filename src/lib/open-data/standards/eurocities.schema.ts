/**
 * Field definitions of the Eurocities algorithmic transparency standard, version 0.3.1 (beta).
 *
 * Source: `_data/schema-v0_3_1.yaml` in the GitHub repository Algoritmeregister/standard
 * (HEAD ef716a8, 2023-01-19), the data file from which the standard's site
 * (https://algorithmregister.org/standard, « Version 0.3.1 (beta) ») and its JSON Schema
 * (`schemas/registration-v0.3.1.schema.json` in the same repository) are generated. For each
 * attribute: `required: true|false`, and `type`:
 * - `string` → text; `email`, `url`, `uuid`, `date` → the JSON Schema writes them as a string with
 *   `format` email, uri (pattern `^https?://`), uuid, date;
 * - `enum` → the values of `enum.en` (we publish in the English vocabulary of the standard);
 * - `const` → `standard_version`, "0.3.1".
 * The YAML has no length keyword: the two limits below are written in the attribute's
 * description, quoted beside each.
 */
import type { StandardDefinition } from './conformance.ts';

const text = { type: 'text', required: true } as const;
const optionalText = { type: 'text', required: false } as const;
const optionalUrl = { type: 'url', required: false } as const;

export const EUROCITIES_DEFINITION: StandardDefinition = {
  standard: 'Eurocities Algorithmic Transparency Standard 0.3.1 (beta)',
  source: 'https://github.com/Algoritmeregister/standard/blob/ef716a8/_data/schema-v0_3_1.yaml',
  fields: {
    name: text,
    // "Please give a short description of maximum 150 chars".
    description_short: { ...text, max: 150 },
    organization: text,
    department: text,
    contact_email: { type: 'email', required: true },
    contact_phone: optionalText,
    contact_name: optionalText,
    area: text,
    domain: {
      type: 'text',
      required: true,
      values: [
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
    },
    website: optionalUrl,
    status: {
      type: 'text',
      required: true,
      values: ['planned', 'design', 'development', 'pilot', 'evaluation', 'operational', 'retired'],
    },
    remark: optionalText,
    decision_making_process: text,
    goal: text,
    impact: text,
    risks: text,
    risk_category: { type: 'text', required: true, values: ['minimal risk', 'limited risk', 'high risk', 'unacceptable'] },
    proportionality: text,
    lawful_basis: text,
    documentation: optionalUrl,
    training_data: text,
    source_data: text,
    data_bias: optionalText,
    connected_data_sources: text,
    DPIA_description: optionalText,
    DPIA_url: optionalUrl,
    algorithm_type: { type: 'text', required: true, values: ['self-learning', 'rule-based', 'hybrid'] },
    // "Please provide an extensive description between 500 and 10000 chars".
    description: { ...text, min: 500, max: 10000 },
    methods_and_models: optionalText,
    performance: optionalText,
    alternatives_considered: optionalText,
    product_information: optionalUrl,
    codebase_url: optionalUrl,
    product_page: optionalUrl,
    AIA_description: optionalText,
    AIA_url: optionalUrl,
    monitoring: text,
    type: { type: 'text', required: true, values: ['descriptive', 'diagnostic', 'predictive', 'prescriptive'] },
    human_intervention: text,
    objection_procedure: text,
    rollback: optionalText,
    standard_version: { type: 'text', required: true, values: ['0.3.1'] },
    uuid: { type: 'uuid', required: false },
    // "ISO 639-1 for the language in which this registration was filled in": two letters.
    lang: { ...text, min: 2, max: 2 },
    publication_date: { type: 'date', required: true },
    last_change_date: { type: 'date', required: true },
    revision_date: { type: 'date', required: true },
    revision_note: optionalText,
    keywords: optionalText,
  },
};
