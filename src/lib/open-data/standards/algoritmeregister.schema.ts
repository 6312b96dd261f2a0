/**
 * Field definitions of the publication standard of the Dutch Algoritmeregister, version 1.0.
 *
 * Source: `backend/app/schemas/config/v1_0.json` in the GitHub repository MinBZK/Algoritmeregister
 * (HEAD 4885a05, 2025-09-03), the configuration the register at https://algoritmes.overheid.nl
 * validates submissions with. For each property: `required`, `type` (`string`, `enum`, `array`),
 * `max_length` and `permitted_values`, copied below; `array` properties are written in one CSV
 * cell (docs/standards.md, § 3 bis): `category` as values separated by a comma, the `*_grouping`
 * lists as JSON arrays of {title, link}, whose own `required` and `max_length` apply to each item.
 * `source_data_grouping` writes its `required` as the string "false": not required.
 */
import type { FieldRule, StandardDefinition } from './conformance.ts';

const text = (max: number, required = false): FieldRule => ({ type: 'text', required, max });
const titleLink = (titleMax: number | undefined, linkRequired: boolean): FieldRule => ({
  type: 'text',
  required: false,
  multiple: 'json-objects',
  items: {
    title: { type: 'text', required: true, ...(titleMax === undefined ? {} : { max: titleMax }) },
    link: { type: 'text', required: linkRequired, max: 500 },
  },
});

export const ALGORITMEREGISTER_DEFINITION: StandardDefinition = {
  standard: 'Algoritmeregister publicatiestandaard 1.0',
  source: 'https://github.com/MinBZK/Algoritmeregister/blob/4885a05/backend/app/schemas/config/v1_0.json',
  fields: {
    name: text(100, true),
    description_short: text(400, true),
    organization: text(100, true),
    category: {
      type: 'text',
      required: false,
      multiple: 'comma-list',
      values: [
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
    },
    status: { type: 'text', required: true, values: ['In ontwikkeling', 'In gebruik', 'Buiten gebruik'] },
    begin_date: text(7),
    end_date: text(7),
    contact_email: text(500, true),
    website: text(500),
    publication_category: {
      type: 'text',
      required: true,
      values: ['Hoog-risico AI-systeem', 'Impactvolle algoritmes', 'Overige algoritmes'],
    },
    url: text(500),
    goal: text(2500),
    proportionality: text(2500),
    human_intervention: text(2500),
    risks: text(2500),
    lawful_basis: text(2500),
    lawful_basis_grouping: titleLink(100, true),
    process_index_url: text(500),
    impacttoetsen_grouping: titleLink(undefined, false),
    impacttoetsen: text(2500),
    source_data: text(2500),
    source_data_grouping: titleLink(500, true),
    methods_and_models: text(5000),
    provider: text(200),
    publiccode: text(500),
    lang: { type: 'text', required: true, values: ['nld'] },
    standard_version: { type: 'text', required: false, values: ['1.0'] },
    source_id: text(100),
    tags: text(2500),
    lars: { type: 'text', required: false },
    publication_dt: { type: 'text', required: false },
  },
};
