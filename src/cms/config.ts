/**
 * The Decap CMS configuration, derived from the zod schemas (src/schemas/): the collections and
 * their settings, each field made by widgets.ts. Written to /admin/config.yml at build and served
 * in dev.
 */
import type { z } from 'astro/zod';
import yaml from 'js-yaml';
import { charterSchema } from '../schemas/charter.ts';
import { consultationSchema, moderationRulesSchema } from '../schemas/consultations.ts';
import { committeeSchema, minutesSchema } from '../schemas/governance.ts';
import { pageSchema } from '../schemas/pages.ts';
import { registerEntryObject } from '../schemas/register.ts';
import { serviceSchema } from '../schemas/services.ts';
import { siteSchema } from '../schemas/site.ts';
import type { CmsSettings } from './settings.ts';
import { collectionFields, MEDIA, type CmsField } from './widgets.ts';

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
