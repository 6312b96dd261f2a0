/**
 * The zod-to-Decap mapping: the CMS field of a schema field, with the widget that fits its type,
 * the French label and help text of the schema, `required` from optional/default, and the length
 * and format rules as `pattern`s, so that the forms refuse what the build would refuse. What the
 * type alone does not say (Markdown, a file, a colour, a reference) is a hint attached to the
 * field itself in the schemas (`withCms`), so that renaming a field cannot orphan it.
 */
import type { z } from 'astro/zod';
import { plural } from '../lib/format.ts';
import { labelWithObligation, REQUIRED_WHEN, WITHIN_GROUP } from './conditions.ts';
import { cmsHints, type ReferenceTarget } from '../schemas/fields.ts';
import {
  elementOf,
  enumValues,
  kindOf,
  literalValues,
  metaOf,
  minimumItems,
  regexCheck,
  registeredIn,
  unwrapOptional,
} from '../schemas/introspect.ts';

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

/** Images (logo, illustrations) and PDF attachments of the minutes, under public/. */
/** Images (logo, illustrations) and PDF attachments of the minutes, under public/. */
export const MEDIA = {
  images: { folder: 'public/images', url: '/images' },
  documents: { folder: 'public/documents', url: '/documents' },
} as const;

/** How each kind of reference is chosen in the CMS: a relation to the files that hold its targets. */
const RELATIONS: Readonly<Record<ReferenceTarget, Partial<CmsField>>> = {
  services: { widget: 'relation', collection: 'services', value_field: '{{slug}}', search_fields: ['name'], display_fields: ['name'] },
  register: { widget: 'relation', collection: 'registre', value_field: '{{slug}}', search_fields: ['title'], display_fields: ['title'] },
  committees: { widget: 'relation', collection: 'comites', value_field: '{{slug}}', search_fields: ['name'], display_fields: ['name'] },
  tools: { widget: 'relation', collection: 'outils', value_field: '{{slug}}', search_fields: ['name'], display_fields: ['name'] },
  decisions: {
    widget: 'relation',
    collection: 'comptes-rendus',
    value_field: 'decisions.*.id',
    search_fields: ['decisions.*.title', 'decisions.*.id'],
    display_fields: ['decisions.*.title'],
    options_length: 200,
  },
  // Only the articles of the charter in force can be cited.
  'charter-articles': {
    widget: 'relation',
    collection: 'charte',
    value_field: 'articles.*.id',
    search_fields: ['articles.*.title', 'articles.*.id'],
    display_fields: ['articles.*.number', 'articles.*.title'],
    filters: [{ field: 'status', values: ['en-vigueur'] }],
    options_length: 100,
  },
  referrals: {
    widget: 'relation',
    collection: 'saisines',
    value_field: '{{slug}}',
    search_fields: ['title'],
    display_fields: ['date', 'title'],
  },
  charters: {
    widget: 'relation',
    collection: 'charte',
    value_field: '{{slug}}',
    search_fields: ['title', 'version'],
    display_fields: ['version', 'title'],
  },
  consultations: {
    widget: 'relation',
    collection: 'consultations',
    value_field: '{{slug}}',
    search_fields: ['title'],
    display_fields: ['title'],
  },
};

/**
 * A yes/no question the officer must answer (registered by src/cms/admin.ts): two radio buttons,
 * « Oui » and « Non », and nothing chosen at first. Decap's switch starts at « Non », so a
 * question skipped would be published as answered « Non ».
 */
export const YES_NO_WIDGET = 'oui-non';

/** Beyond this many characters a field is a multi-line text area. */
const LONG_TEXT = 300;

const EMAIL_PATTERN: [string, string] = ['^[^\\s@]+@[^\\s@]+\\.[^\\s@]+$', 'adresse électronique attendue (nom@domaine.fr)'];
const URL_PATTERN: [string, string] = ['^https?://[^\\s/$.?#][^\\s]*$', 'adresse web attendue (https://…)'];

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
  const when = REQUIRED_WHEN[key];
  if (context.withinOptional && field.required) {
    field.required = false;
    if (field.default === '{{now}}' || field.default === false) delete field.default;
    if (field.widget === 'datetime') field.default = '';
    field.hint = hintOf(field.hint, WITHIN_OPTIONAL_HINT);
    field.label = labelWithObligation(field.label, { when: WITHIN_GROUP });
  } else {
    // A switch always holds a value: nothing to say about it.
    const optional = field.required === false && field.widget !== 'boolean';
    field.label = labelWithObligation(field.label, when ? { when } : optional ? 'optional' : 'required');
  }
  return field;
}

/**
 * A collection with drafts: Decap checks no field itself, since a draft may leave any of them
 * empty; the check before saving (src/cms/admin.ts) applies the build's schema, the draft's or
 * the entry's. The labels still say what publishing requires.
 */
export function withoutDecapChecks(fields: CmsField[]): CmsField[] {
  return fields.map((field) => {
    const relaxed: CmsField = { ...field, required: false };
    delete relaxed.min;
    if (relaxed.fields) relaxed.fields = withoutDecapChecks(relaxed.fields);
    if (relaxed.field) [relaxed.field] = withoutDecapChecks([relaxed.field]);
    return relaxed;
  });
}

function fieldOf(name: string, schema: z.ZodType, key: string, settings: FieldContext): CmsField {
  const meta = metaOf(schema);
  const { schema: inner, optional, defaultValue } = unwrapOptional(schema);
  const base: CmsField = { name, label: meta.title ?? name, widget: 'string', required: !optional };
  const limit = `${Math.round(settings.maxFileSize / 1_000_000)} Mo au plus.`;
  if (meta.description) base.hint = meta.description;
  if (defaultValue !== undefined && !(Array.isArray(defaultValue) && defaultValue.length === 0)) base.default = defaultValue;
  const hint = registeredIn(cmsHints, schema);
  const type = kindOf(inner);

  if (hint && 'ref' in hint) {
    const field: CmsField = { ...base, ...RELATIONS[hint.ref] };
    if (type === 'array') field.multiple = true;
    return stripUndefined(field);
  }
  if (hint && 'widget' in hint && (hint.widget === 'file' || hint.widget === 'image')) {
    const kind = hint.widget;
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
          // A date picker (no time), stored as 2025-06-30; a required date starts at today's. A
          // day has no time zone: read and written as the officer's day, never labelled « UTC ».
          ...base,
          widget: 'datetime',
          format: 'YYYY-MM-DD',
          time_format: false,
          pattern: ['^\\d{4}-\\d{2}-\\d{2}$', 'date attendue (jour/mois/année)'],
          default: optional ? '' : '{{now}}',
        });
      }
      if (hint && 'widget' in hint && hint.widget === 'color')
        return stripUndefined({ ...base, widget: 'color', allowInput: true, pattern: stringPattern(string) });
      const widget =
        hint && 'widget' in hint && hint.widget === 'markdown' ? 'markdown' : (string.maxLength ?? 0) > LONG_TEXT ? 'text' : 'string';
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
      // A setting with a default stays a switch; a question without one is asked, unanswered.
      if (base.default === undefined) return { ...base, widget: YES_NO_WIDGET };
      return { ...base, widget: 'boolean' };
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
