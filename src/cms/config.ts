/**
 * The Decap CMS configuration, derived from the zod schemas (src/schemas/): every collection and
 * every field, with the widget that fits its type, the French label and help text of the schema,
 * `required` from optional/default, and the length and format rules as `pattern`s, so that the
 * forms refuse what the build would refuse. Written to /admin/config.yml at build and served in dev.
 */
import type { z } from 'astro/zod';
import yaml from 'js-yaml';
import { charterSchema } from '../schemas/charter.ts';
import { consultationSchema, moderationRulesSchema } from '../schemas/consultations.ts';
import { elementOf, enumValues, kindOf, literalValues, metaOf, minimumItems, regexCheck, unwrapOptional } from '../schemas/introspect.ts';
import { committeeSchema, minutesSchema } from '../schemas/governance.ts';
import { pageSchema } from '../schemas/pages.ts';
import { registerEntryObject } from '../schemas/register.ts';
import { serviceSchema } from '../schemas/services.ts';
import { siteSchema } from '../schemas/site.ts';
import type { CmsSettings } from './settings.ts';

export type CmsField = {
  name: string;
  label: string;
  widget: string;
  required?: boolean;
  hint?: string;
  default?: unknown;
  pattern?: [string, string];
  fields?: CmsField[];
  field?: CmsField;
  [option: string]: unknown;
};

export interface CmsCollection {
  name: string;
  label: string;
  label_singular?: string;
  description?: string;
  folder?: string;
  files?: { name: string; label: string; file: string; fields: CmsField[] }[];
  create?: boolean;
  delete?: boolean;
  extension?: string;
  format?: string;
  slug?: string;
  identifier_field?: string;
  summary?: string;
  sortable_fields?: string[];
  preview_path?: string;
  fields?: CmsField[];
}

/** Where the content lives, relative to the repository (the decap-server root). */
export const CONTENT = 'content';
/** Images (logo, illustrations) and PDF attachments of the minutes, under public/. */
export const MEDIA = {
  images: { folder: 'public/images', url: '/images' },
  documents: { folder: 'public/documents', url: '/documents' },
} as const;

interface CollectionSpec {
  name: string;
  label: string;
  label_singular: string;
  folder: string;
  schema: z.ZodType;
  identifier_field: string;
  slug: string;
  summary: string;
  sortable_fields: string[];
  preview_path?: string;
  description: string;
}

/** The folder collections, in the order of the CMS menu (folder names: src/lib/content/load.ts). */
export const FOLDER_COLLECTIONS: readonly CollectionSpec[] = [
  {
    name: 'registre',
    label: 'Registre des usages',
    label_singular: 'usage',
    folder: 'registre',
    schema: registerEntryObject,
    identifier_field: 'title',
    slug: '{{slug}}',
    summary: '{{title}} ({{status}})',
    sortable_fields: ['title', 'published', 'status'],
    preview_path: 'registre/{{slug}}/',
    description: 'Une fiche par usage de l’IA. Le nom du fichier, tiré du nom de l’usage, devient l’adresse de la fiche.',
  },
  {
    name: 'services',
    label: 'Services',
    label_singular: 'service',
    folder: 'services',
    schema: serviceSchema,
    identifier_field: 'name',
    slug: '{{slug}}',
    summary: '{{name}}',
    sortable_fields: ['name'],
    description: 'Les services responsables des usages.',
  },
  {
    name: 'charte',
    label: 'Charte',
    label_singular: 'version de la charte',
    folder: 'charte',
    schema: charterSchema,
    identifier_field: 'title',
    slug: 'charte-v{{version}}',
    summary: 'Version {{version}} — {{title}} ({{status}})',
    sortable_fields: ['version'],
    description: 'Une seule version « en vigueur » à la fois ; les identifiants des articles ne changent pas d’une version à l’autre.',
  },
  {
    name: 'comites',
    label: 'Instances',
    label_singular: 'instance',
    folder: 'comites',
    schema: committeeSchema,
    identifier_field: 'name',
    slug: '{{slug}}',
    summary: '{{name}}',
    sortable_fields: ['name'],
    description: 'Comités, commissions et conseils qui suivent les usages.',
  },
  {
    name: 'comptes-rendus',
    label: 'Comptes rendus',
    label_singular: 'compte rendu',
    folder: 'comptes-rendus',
    schema: minutesSchema,
    identifier_field: 'title',
    slug: '{{committee}}-{{date}}',
    summary: '{{date}} — {{title}}',
    sortable_fields: ['date', 'title'],
    preview_path: 'comptes-rendus/{{slug}}/',
    description: 'Un compte rendu par réunion, avec ses décisions et ses pièces jointes (PDF).',
  },
  {
    name: 'consultations',
    label: 'Consultations',
    label_singular: 'consultation',
    folder: 'consultations',
    schema: consultationSchema,
    identifier_field: 'title',
    slug: '{{slug}}',
    summary: '{{opens}} — {{title}}',
    sortable_fields: ['opens', 'title'],
    preview_path: 'consultations/{{slug}}/',
    description: 'Consultations des habitants : questions, puis synthèse et réponse de la collectivité une fois closes.',
  },
  {
    name: 'pages',
    label: 'Pages',
    label_singular: 'page',
    folder: 'pages',
    schema: pageSchema,
    identifier_field: 'title',
    slug: '{{slug}}',
    summary: '{{title}}',
    sortable_fields: ['title', 'updated'],
    preview_path: '{{slug}}/',
    description: 'Mentions légales, données personnelles, accessibilité, à propos…',
  },
];

/** Single files, in one « Réglages » collection; their fields are keyed by the file's name. */
export const SETTINGS_COLLECTION = 'reglages';
export const SETTINGS_FILES = [
  { name: 'site', label: 'La collectivité et le site', file: 'site.yaml', schema: siteSchema },
  { name: 'moderation', label: 'Règles de modération des consultations', file: 'moderation.yaml', schema: moderationRulesSchema },
] as const;

/** Fields that name another file: a relation widget instead of free text. Keyed by collection and path (`*` = any list item). */
export const REFERENCES: Readonly<Record<string, Partial<CmsField>>> = {
  'registre:service': {
    widget: 'relation',
    collection: 'services',
    value_field: '{{slug}}',
    search_fields: ['name'],
    display_fields: ['name'],
  },
  'registre:charter_articles': {
    widget: 'relation',
    collection: 'charte',
    multiple: true,
    value_field: 'articles.*.id',
    search_fields: ['articles.*.title', 'articles.*.id'],
    display_fields: ['articles.*.number', 'articles.*.title'],
    filters: [{ field: 'status', values: ['en-vigueur'] }],
    options_length: 100,
  },
  'registre:lifecycle.*.decision': {
    widget: 'relation',
    collection: 'comptes-rendus',
    value_field: 'decisions.*.id',
    search_fields: ['decisions.*.title', 'decisions.*.id'],
    display_fields: ['decisions.*.title'],
    options_length: 200,
  },
  'comptes-rendus:committee': {
    widget: 'relation',
    collection: 'comites',
    value_field: '{{slug}}',
    search_fields: ['name'],
    display_fields: ['name'],
  },
  'comptes-rendus:decisions.*.entry': {
    widget: 'relation',
    collection: 'registre',
    value_field: '{{slug}}',
    search_fields: ['title'],
    display_fields: ['title'],
  },
  'consultations:entries': {
    widget: 'relation',
    collection: 'registre',
    value_field: '{{slug}}',
    search_fields: ['title'],
    display_fields: ['title'],
  },
  'moderation:rules.*.charter_article': {
    widget: 'relation',
    collection: 'charte',
    value_field: 'articles.*.id',
    search_fields: ['articles.*.title', 'articles.*.id'],
    display_fields: ['articles.*.number', 'articles.*.title'],
    filters: [{ field: 'status', values: ['en-vigueur'] }],
    options_length: 100,
  },
};

/** Long texts written in Markdown. */
const MARKDOWN = new Set([
  'comptes-rendus:body',
  'pages:body',
  'consultations:context',
  'consultations:synthesis.body',
  'consultations:answer.body',
]);
/** Files uploaded through the media library. */
const MEDIA_FIELDS: Readonly<Record<string, 'image' | 'file'>> = { 'comptes-rendus:attachments.*.file': 'file', 'site:logo': 'image' };
/** Colour pickers. */
const COLOURS = new Set(['site:colours.primary', 'site:colours.accent']);
/** Beyond this many characters a field is a multi-line text area. */
const LONG_TEXT = 300;

const EMAIL_PATTERN: [string, string] = ['^[^\\s@]+@[^\\s@]+\\.[^\\s@]+$', 'adresse électronique attendue (nom@domaine.fr)'];
const URL_PATTERN: [string, string] = ['^https?://[^\\s/$.?#][^\\s]*$', 'adresse web attendue (https://…)'];

const plural = (n: number, word: string) => `${n} ${word}${n > 1 ? 's' : ''}`;

/** A `pattern` that checks the trimmed length of a text, as `text(min, max)` does. */
function lengthPattern(min: number | null, max: number | null): [string, string] | undefined {
  if (min === null && max === null) return undefined;
  const lo = Math.max(min ?? 0, 1);
  const hi = max ?? 1_000_000;
  const message =
    min !== null && min > 1 && max !== null
      ? `entre ${min} et ${plural(max, 'caractère')}`
      : max !== null
        ? `ce texte ne peut pas être vide, et compte au plus ${plural(max, 'caractère')}`
        : `au moins ${plural(lo, 'caractère')}`;
  // Leading and trailing spaces are not counted (the schema trims); the text has a visible character.
  return [`^\\s*(?=\\S)[\\s\\S]{${lo},${hi}}(?<=\\S)\\s*$`, message];
}

function stringPattern(schema: z.ZodString): [string, string] | undefined {
  if (schema.format === 'email') return EMAIL_PATTERN;
  if (schema.format === 'url') return URL_PATTERN;
  const regex = regexCheck(schema);
  if (regex) return [regex.pattern.source, regex.message ?? 'format invalide'];
  return lengthPattern(schema.minLength, schema.maxLength);
}

function hintOf(description: string | undefined, extra?: string): string | undefined {
  return [description, extra].filter(Boolean).join(' ') || undefined;
}

export interface FieldContext {
  maxFileSize: number;
  /** Inside an optional group (evaluation, AIPD…), see `cmsField`. */
  withinOptional?: boolean;
}

export const WITHIN_OPTIONAL_HINT = 'Obligatoire dès que ce groupe est rempli.';

/**
 * The CMS field of one schema field. `key` is `collection:path`, with `*` for list items.
 * Decap checks the required fields of a group even when the group itself is optional and left
 * empty, which would forbid saving without it: inside an optional group the fields are marked
 * optional, without default, and the check before saving (src/cms/admin.ts, the zod schema
 * itself) asks for them as soon as the group is started.
 */
export function cmsField(name: string, schema: z.ZodType, key: string, context: FieldContext): CmsField {
  const field = fieldOf(name, schema, key, context);
  if (context.withinOptional && field.required) {
    field.required = false;
    if (field.default === '{{now}}' || field.default === false) delete field.default;
    if (field.widget === 'datetime') field.default = '';
    field.hint = hintOf(field.hint, WITHIN_OPTIONAL_HINT);
  }
  return field;
}

function fieldOf(name: string, schema: z.ZodType, key: string, settings: FieldContext): CmsField {
  const meta = metaOf(schema);
  const { schema: inner, optional, defaultValue } = unwrapOptional(schema);
  const base: CmsField = { name, label: meta.title ?? name, widget: 'string', required: !optional };
  const limit = `${Math.round(settings.maxFileSize / 1_000_000)} Mo au plus.`;
  if (meta.description) base.hint = meta.description;
  if (defaultValue !== undefined && !(Array.isArray(defaultValue) && defaultValue.length === 0)) base.default = defaultValue;
  const reference = REFERENCES[key];
  const type = kindOf(inner);

  if (reference) {
    const field: CmsField = { ...base, ...reference };
    if (type === 'array') field.multiple = true;
    return stripUndefined(field);
  }
  if (MEDIA_FIELDS[key]) {
    const kind = MEDIA_FIELDS[key];
    const media = kind === 'file' ? MEDIA.documents : MEDIA.images;
    return stripUndefined({
      ...base,
      widget: kind,
      media_folder: `/${media.folder}`,
      public_folder: media.url,
      choose_url: false,
      // Read by Decap's own media library when the file is chosen: a larger one is refused.
      media_library: { max_file_size: settings.maxFileSize, allow_multiple: false },
      pattern: stringPattern(inner as z.ZodString),
      hint: hintOf(
        meta.description,
        kind === 'file' ? `Un fichier PDF, ${limit} Il est publié sous ${media.url}/.` : `Une image SVG ou PNG, ${limit}`,
      ),
    });
  }
  switch (type) {
    case 'string': {
      const string = inner as z.ZodString;
      if (string.format === 'date') {
        return stripUndefined({
          // A date picker (no time), stored as 2025-06-30; a required date starts at today's.
          ...base,
          widget: 'datetime',
          format: 'YYYY-MM-DD',
          time_format: false,
          picker_utc: true,
          pattern: ['^\\d{4}-\\d{2}-\\d{2}$', 'date attendue (jour/mois/année)'],
          default: optional ? '' : '{{now}}',
        });
      }
      if (COLOURS.has(key)) return stripUndefined({ ...base, widget: 'color', allowInput: true, pattern: stringPattern(string) });
      const widget = MARKDOWN.has(key) ? 'markdown' : (string.maxLength ?? 0) > LONG_TEXT ? 'text' : 'string';
      const field: CmsField = { ...base, widget, pattern: stringPattern(string) };
      if (widget === 'markdown')
        Object.assign(field, {
          buttons: ['bold', 'italic', 'link', 'heading-two', 'heading-three', 'bulleted-list', 'numbered-list', 'quote'],
          editor_components: [],
          modes: ['rich_text', 'raw'],
        });
      return stripUndefined(field);
    }
    case 'number': {
      const number = inner as z.ZodNumber;
      return stripUndefined({
        ...base,
        widget: 'number',
        value_type: number.isInt ? 'int' : 'float',
        min: Number.isFinite(number.minValue) && Math.abs(number.minValue!) < 1e15 ? number.minValue : undefined,
        max: Number.isFinite(number.maxValue) && Math.abs(number.maxValue!) < 1e15 ? number.maxValue : undefined,
      });
    }
    case 'boolean':
      // Always written (false when left unticked): the schema wants a value.
      return { ...base, widget: 'boolean', default: base.default ?? false };
    case 'enum':
      return stripUndefined({ ...base, widget: 'select', options: selectOptions(inner, meta.labels) });
    case 'literal': {
      const [value] = literalValues(inner);
      return { ...base, widget: 'hidden', default: value };
    }
    case 'array': {
      const array = inner as z.ZodArray<z.ZodType>;
      const element = unwrapOptional(elementOf(array)!).schema;
      const min = minimumItems(array);
      if (kindOf(element) === 'enum') {
        return stripUndefined({
          ...base,
          widget: 'select',
          multiple: true,
          options: selectOptions(element, metaOf(elementOf(array)!).labels),
          min,
        });
      }
      // A list with a minimum starts with an item, open so that it is seen and filled in.
      const list: CmsField = { ...base, widget: 'list', min, collapsed: min === undefined, allow_add: true };
      if (kindOf(element) === 'object') {
        list.fields = objectFields(element as z.ZodObject, `${key}.*`, { ...settings, withinOptional: false });
        const first = list.fields.find((f) => f.widget === 'string' || f.widget === 'datetime');
        if (first) list.summary = `{{fields.${first.name}}}`;
        if (min !== undefined) list.hint = hintOf(meta.description, `Au moins ${min}.`);
      } else {
        list.field = cmsField(singular(name), elementOf(array)!, `${key}.*`, { ...settings, withinOptional: false });
        list.field.label = metaOf(elementOf(array)!).title ?? base.label;
        delete list.field.hint;
      }
      return stripUndefined(list);
    }
    case 'object':
      return {
        ...base,
        widget: 'object',
        collapsed: optional,
        fields: objectFields(inner as z.ZodObject, key, { ...settings, withinOptional: settings.withinOptional || optional }),
      };
    default:
      throw new Error(`${key} : type de schéma « ${type} » sans champ CMS`);
  }
}

function singular(name: string): string {
  return name.replace(/s$/, '');
}

function selectOptions(schema: z.ZodType, labels?: Readonly<Record<string, string>>) {
  return enumValues(schema).map((value) => ({ label: labels?.[value] ?? value, value }));
}

function objectFields(schema: z.ZodObject, key: string, settings: FieldContext): CmsField[] {
  return Object.entries(schema.shape).map(([name, field]) =>
    cmsField(name, field as z.ZodType, key.endsWith(':') ? `${key}${name}` : `${key}.${name}`, settings),
  );
}

function stripUndefined<T extends Record<string, unknown>>(object: T): T {
  for (const key of Object.keys(object)) if (object[key] === undefined) delete object[key];
  return object;
}

/** The fields of a collection's schema. */
export function collectionFields(collection: string, schema: z.ZodType, settings: FieldContext): CmsField[] {
  const object = unwrapOptional(schema).schema;
  if (kindOf(object) !== 'object') throw new Error(`${collection} : le schéma n’est pas un objet`);
  return objectFields(object as z.ZodObject, `${collection}:`, settings);
}

export interface ConfigOptions {
  settings: CmsSettings;
  /** In `npm run cms`: the decap-server proxy, reached through the dev server (same origin). */
  localBackendUrl?: string;
  siteUrl?: string;
}

export function cmsConfig({ settings, localBackendUrl, siteUrl }: ConfigOptions) {
  const backend: Record<string, unknown> = {
    name: settings.backend,
    repo: settings.repo,
    branch: settings.branch,
    squash_merges: true,
    commit_messages: {
      create: 'Création de {{collection}} « {{slug}} »',
      update: 'Modification de {{collection}} « {{slug}} »',
      delete: 'Suppression de {{collection}} « {{slug}} »',
      uploadMedia: 'Ajout du fichier « {{path}} »',
      deleteMedia: 'Suppression du fichier « {{path}} »',
    },
  };
  if (settings.backend !== 'github') {
    Object.assign(backend, { base_url: settings.baseUrl, api_root: settings.apiRoot, app_id: settings.appId });
    if (settings.backend === 'gitlab') Object.assign(backend, { auth_type: 'pkce', auth_endpoint: 'oauth/authorize' });
  }
  const collections: CmsCollection[] = FOLDER_COLLECTIONS.map((spec) => ({
    name: spec.name,
    label: spec.label,
    label_singular: spec.label_singular,
    description: spec.description,
    folder: `${CONTENT}/${spec.folder}`,
    create: true,
    delete: false,
    extension: 'yaml',
    format: 'yaml',
    slug: spec.slug,
    identifier_field: spec.identifier_field,
    summary: spec.summary,
    sortable_fields: spec.sortable_fields,
    ...(spec.preview_path ? { preview_path: spec.preview_path } : {}),
    fields: collectionFields(spec.name, spec.schema, settings),
  }));
  collections.push({
    name: SETTINGS_COLLECTION,
    label: 'Réglages',
    delete: false,
    extension: 'yaml',
    format: 'yaml',
    files: SETTINGS_FILES.map((f) => ({
      name: f.name,
      label: f.label,
      file: `${CONTENT}/${f.file}`,
      fields: collectionFields(f.name, f.schema, settings),
    })),
  });
  return {
    locale: 'fr',
    backend,
    ...(localBackendUrl ? { local_backend: { url: localBackendUrl } } : {}),
    publish_mode: 'editorial_workflow',
    ...(siteUrl ? { site_url: siteUrl, display_url: siteUrl } : {}),
    logo_url: '/logo.svg',
    media_folder: MEDIA.images.folder,
    public_folder: MEDIA.images.url,
    slug: { encoding: 'ascii', clean_accents: true, sanitize_replacement: '-' },
    editor: { preview: true },
    search: true,
    collections,
  };
}

export type DecapConfig = ReturnType<typeof cmsConfig>;

export function configYaml(options: ConfigOptions): string {
  return `# Généré depuis src/schemas/ par src/cms/config.ts : ne pas modifier à la main.\n${yaml.dump(cmsConfig(options), { lineWidth: -1, noRefs: true })}`;
}
