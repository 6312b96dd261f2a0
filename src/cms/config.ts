/**
 * The Decap CMS configuration, derived from the zod schemas (src/schemas/): the collections and
 * their settings, each field made by widgets.ts. Written to /admin/config.yml at build and served
 * in dev.
 */
import yaml from 'js-yaml';
import { cmsName, FILE_COLLECTIONS, FOLDER_COLLECTIONS } from '../schemas/collections.ts';
import type { CmsSettings } from './settings.ts';
import { collectionFields, MEDIA, withoutDecapChecks, type CmsField } from './widgets.ts';

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
  view_filters?: { label: string; field: string; pattern: string }[];
  preview_path?: string;
  fields?: CmsField[];
}

/** One filter of the CMS list per value of a closed list, under its French label. */
function viewFilters({ field, labels }: { field: string; labels: Readonly<Record<string, string>> }) {
  // Decap tests the stored value against the pattern as a regular expression: anchored, escaped.
  const exactly = (value: string) => `^${value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`;
  return Object.entries(labels).map(([value, label]) => ({ label, field, pattern: exactly(value) }));
}

/** Where the content lives, relative to the repository (the decap-server root). */
export const CONTENT = 'content';

/** Single files, in one « Réglages » collection; their fields are keyed by the file's name. */
export const SETTINGS_COLLECTION = 'reglages';

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
  const collections: CmsCollection[] = FOLDER_COLLECTIONS.flatMap(([, collection]) => {
    if (!collection.cms) return [];
    const { cms: spec, folder } = collection;
    const name = cmsName(collection);
    const fields = collectionFields(name, collection.formSchema ?? collection.schema, settings);
    return [
      {
        name,
        label: spec.label,
        label_singular: spec.label_singular,
        description: spec.description,
        folder: `${CONTENT}/${folder}`,
        create: true,
        delete: false,
        extension: 'yaml',
        format: 'yaml',
        slug: spec.slug,
        identifier_field: spec.identifier_field,
        summary: spec.summary,
        sortable_fields: spec.sortable_fields,
        ...(spec.filter_on ? { view_filters: viewFilters(spec.filter_on) } : {}),
        ...(spec.preview_path ? { preview_path: spec.preview_path } : {}),
        fields: 'draftSchema' in collection && collection.draftSchema ? withoutDecapChecks(fields) : fields,
      },
    ];
  });
  collections.push({
    name: SETTINGS_COLLECTION,
    label: 'Réglages',
    delete: false,
    extension: 'yaml',
    format: 'yaml',
    files: FILE_COLLECTIONS.flatMap(([, collection]) =>
      collection.cms
        ? [
            {
              name: cmsName(collection),
              label: collection.cms.label,
              file: `${CONTENT}/${collection.file}`,
              fields: collectionFields(cmsName(collection), collection.schema, settings),
            },
          ]
        : [],
    ),
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
