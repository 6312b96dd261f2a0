/**
 * Field definitions of the UK Algorithmic Transparency Recording Standard (ATRS), version 1.1
 * (2 December 2021), tiers 1 and 2.
 *
 * Source: the standard's CSV published on gov.uk
 * (https://assets.publishing.service.gov.uk/media/61a8a4118fa8f50382034ea3/, « v1.1 »), read in
 * its copy `_data/Algorithmic_transparency_data_standard.csv` of the GitHub repository
 * Algoritmeregister/standard (commit 2963eab). For each attribute: `required` (TRUE; FALSE or
 * empty: not required) and `type` ("UTF-8 string" or "URL"). An asterisk ends the name of a
 * multi-valued attribute: we write its values as a JSON array of texts (docs/standards.md).
 * The values of `phase` are the five listed in its description. The standard sets no length.
 */
import type { FieldRule, StandardDefinition } from './conformance.ts';

const text = (required: boolean): FieldRule => ({ type: 'text', required });
const texts = (required: boolean): FieldRule => ({ type: 'text', required, multiple: 'json-list' });

export const ATRS_DEFINITION: StandardDefinition = {
  standard: 'Algorithmic Transparency Recording Standard 1.1',
  source:
    'https://assets.publishing.service.gov.uk/media/61a8a4118fa8f50382034ea3/ (copy: https://github.com/Algoritmeregister/standard/blob/2963eab/_data/Algorithmic_transparency_data_standard.csv)',
  fields: {
    name: text(true),
    description: text(true),
    website: { type: 'url', required: false },
    contact_email: text(true),
    organisation: text(true),
    team: text(false),
    senior_responsible_owner: text(false),
    'external_supplier*': texts(true),
    'external_supplier_identifier*': texts(false),
    'external_supplier_role*': texts(true),
    'data_access_terms*': texts(false),
    scope: text(true),
    benefit: text(true),
    alternatives_considered: text(false),
    model_type: text(true),
    frequency_usage: text(false),
    phase: { type: 'text', required: true, values: ['idea', 'design', 'development', 'production', 'retired'] },
    maintenance: text(false),
    system_architecture: { type: 'url', required: false },
    process_integration: text(false),
    provided_information: text(false),
    human_decisions: text(true),
    required_training: text(false),
    appeals_and_review: text(true),
    'source_data_name*': texts(true),
    'source_data_description*': texts(true),
    'source_data_url*': { type: 'url', required: false, multiple: 'json-list' },
    'data_collection*': texts(true),
    'data_sharing_agreements*': texts(true),
    'data_access_and_storage*': texts(true),
    'impact_assessment_name*': texts(true),
    'impact_assessment_description*': texts(false),
    'impact_assessment_date*': texts(false),
    'impact_assessment_link*': texts(false),
    'risk_name*': texts(true),
    'risk_description*': texts(false),
    'risk_mitigation*': texts(false),
  },
};
