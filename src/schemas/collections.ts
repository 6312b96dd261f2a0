/**
 * The one table of the content's collections: where their files live, the schema each file must
 * pass, the file names they may not take, and how the CMS shows them. The loader, the history, the
 * archive command and the Decap configuration all read it. Adding a collection means one schema
 * file and one line here (then its place in `Content`, in src/lib/content/load.ts).
 */
import type { z } from 'astro/zod';
import { contributionsArchiveSchema } from './archives.ts';
import { CHARTER_STATUSES, charterSchema } from './charter.ts';
import { consultationSchema, moderationRulesSchema } from './consultations.ts';
import { drawObject, drawSchema } from './draws.ts';
import { committeeSchema, minutesSchema } from './governance.ts';
import { STATUSES } from './options.ts';
import { opinionObject, opinionSchema, referralSchema } from './opinions.ts';
import { pageSchema } from './pages.ts';
import { registerDraftSchema, registerEntrySchema, registerFormObject } from './register.ts';
import { serviceSchema } from './services.ts';
import { siteSchema } from './site.ts';
import { toolObject, toolSchema } from './tools.ts';

/** How the CMS lists a folder collection (Decap's own setting names). */
export interface CmsListing {
  label: string;
  label_singular: string;
  description: string;
  identifier_field: string;
  /** The file name of a new file. */
  slug: string;
  summary: string;
  sortable_fields: string[];
  /**
   * A closed list the CMS list can be filtered on, with its French labels: Decap's list summary
   * cannot turn a stored code (`arrete`) into its label, so the status is chosen there instead.
   */
  filter_on?: { field: string; labels: Readonly<Record<string, string>> };
  /** Where its page is on the site, for the CMS's « Voir en ligne ». */
  preview_path?: string;
}

interface FolderCollection {
  /** One file a record, under content/; the file name is its identifier and, often, its address. */
  folder: string;
  schema: z.ZodType;
  /** The schema the CMS builds its form from, when it differs (without the cross-field rules it cannot express). */
  formSchema?: z.ZodType;
  /** File names that are the addresses of the site's own pages. */
  reserved?: ReadonlySet<string>;
  /** A file with `draft: true` is checked against this loose schema only, and never published. */
  draftSchema?: z.ZodType;
  /** Absent: written by a command, never edited by hand (left out of the CMS). */
  cms?: CmsListing;
}

interface FileCollection {
  /** One file under content/. */
  file: string;
  schema: z.ZodType;
  /** Absent: left out of the CMS. Its « Réglages » entry otherwise. */
  cms?: { label: string };
}

export const COLLECTIONS = {
  register: {
    folder: 'registre',
    schema: registerEntrySchema,
    formSchema: registerFormObject,
    draftSchema: registerDraftSchema,
    reserved: new Set(['filtre', 'statistiques']),
    cms: {
      label: 'Registre des usages',
      label_singular: 'usage',
      identifier_field: 'title',
      slug: '{{slug}}',
      summary: "{{draft | ternary('Brouillon : ', '')}}{{title}}",
      sortable_fields: ['title', 'published', 'status'],
      filter_on: { field: 'status', labels: STATUSES },
      preview_path: 'registre/{{slug}}/',
      description: 'Une fiche par usage de l’IA. Le nom du fichier, tiré du nom de l’usage, devient l’adresse de la fiche.',
    },
  },
  services: {
    folder: 'services',
    schema: serviceSchema,
    cms: {
      label: 'Services',
      label_singular: 'service',
      identifier_field: 'name',
      slug: '{{slug}}',
      summary: '{{name}}',
      sortable_fields: ['name'],
      description: 'Les services responsables des usages.',
    },
  },
  charters: {
    folder: 'charte',
    schema: charterSchema,
    cms: {
      label: 'Charte',
      label_singular: 'version de la charte',
      identifier_field: 'title',
      slug: 'charte-v{{version}}',
      summary: 'Version {{version}} — {{title}}',
      sortable_fields: ['version'],
      filter_on: { field: 'status', labels: CHARTER_STATUSES },
      description: 'Une seule version « en vigueur » à la fois ; les identifiants des articles ne changent pas d’une version à l’autre.',
    },
  },
  committees: {
    folder: 'comites',
    schema: committeeSchema,
    cms: {
      label: 'Instances',
      label_singular: 'instance',
      identifier_field: 'name',
      slug: '{{slug}}',
      summary: '{{name}}',
      sortable_fields: ['name'],
      description: 'Comités, commissions et conseils qui suivent les usages.',
    },
  },
  minutes: {
    folder: 'comptes-rendus',
    schema: minutesSchema,
    cms: {
      label: 'Comptes rendus',
      label_singular: 'compte rendu',
      identifier_field: 'title',
      slug: '{{committee}}-{{date}}',
      summary: '{{date}} — {{title}}',
      sortable_fields: ['date', 'title'],
      preview_path: 'comptes-rendus/{{slug}}/',
      description: 'Un compte rendu par réunion, avec ses décisions et ses pièces jointes (PDF).',
    },
  },
  consultations: {
    folder: 'consultations',
    schema: consultationSchema,
    reserved: new Set(['ma-contribution', 'connexion', 'deconnexion', 'journal']),
    cms: {
      label: 'Consultations',
      label_singular: 'consultation',
      identifier_field: 'title',
      slug: '{{slug}}',
      summary: '{{opens}} — {{title}}',
      sortable_fields: ['opens', 'title'],
      preview_path: 'consultations/{{slug}}/',
      description: 'Consultations des habitants : questions, puis synthèse et réponse de la collectivité une fois closes.',
    },
  },
  pages: {
    folder: 'pages',
    schema: pageSchema,
    // The top-level addresses of the site.
    reserved: new Set([
      'registre',
      'donnees',
      'charte',
      'gouvernance',
      'comptes-rendus',
      'recherche',
      'modifications',
      'consultations',
      'moderation',
      'admin',
      'plan-du-site',
      'documents',
      'informer-les-usagers',
      'suivi',
      'pagefind',
      '404',
      'outils',
    ]),
    cms: {
      label: 'Pages',
      label_singular: 'page',
      identifier_field: 'title',
      slug: '{{slug}}',
      summary: '{{title}}',
      sortable_fields: ['title', 'updated'],
      preview_path: '{{slug}}/',
      description: 'Mentions légales, données personnelles, accessibilité, à propos…',
    },
  },
  tools: {
    folder: 'outils',
    schema: toolSchema,
    formSchema: toolObject,
    cms: {
      label: 'Catalogue des outils',
      label_singular: 'outil',
      identifier_field: 'name',
      slug: '{{slug}}',
      summary: '{{name}} ({{decision.status}})',
      sortable_fields: ['name'],
      preview_path: 'outils/{{slug}}/',
      description:
        'Un fichier par outil d’IA : ce qu’il est, où il tourne, la décision du comité (statut, données permises, conditions, revue) et la grille d’évaluation.',
    },
  },
  archives: { folder: 'contributions', schema: contributionsArchiveSchema },
  draws: {
    folder: 'tirages',
    schema: drawSchema,
    // The commitment, result and replacements are written by `npm run tirage`, never in the form.
    formSchema: drawObject.omit({ commitment: true, result: true, replacements: true }),
    cms: {
      label: 'Tirages au sort',
      label_singular: 'tirage',
      identifier_field: 'title',
      slug: '{{slug}}',
      summary: '{{title}}',
      sortable_fields: ['title'],
      description:
        'La définition d’un tirage au sort (sièges, quotas, hasard public annoncé). L’engagement et le résultat sont écrits par la commande « npm run tirage ».',
    },
  },
  referrals: {
    folder: 'saisines',
    schema: referralSchema,
    cms: {
      label: 'Saisines',
      label_singular: 'saisine',
      identifier_field: 'title',
      slug: '{{committee}}-{{date}}',
      summary: '{{date}} — {{title}}',
      sortable_fields: ['date', 'title'],
      description: 'Les questions posées à un conseil ou à une commission, avant son avis.',
    },
  },
  opinions: {
    folder: 'avis',
    schema: opinionSchema,
    formSchema: opinionObject,
    cms: {
      label: 'Avis et suivi des recommandations',
      label_singular: 'avis',
      identifier_field: 'title',
      slug: '{{slug}}',
      summary: '{{date}} — {{title}}',
      sortable_fields: ['date', 'title'],
      preview_path: 'gouvernance/{{committee}}/avis/{{slug}}/',
      description:
        'Un avis par fichier : ses recommandations numérotées, la réponse de la collectivité à chacune et l’appréciation du conseil sur cette réponse.',
    },
  },
  site: { file: 'site.yaml', schema: siteSchema, cms: { label: 'La collectivité et le site' } },
  moderation: { file: 'moderation.yaml', schema: moderationRulesSchema, cms: { label: 'Règles de modération des consultations' } },
} as const satisfies Record<string, FolderCollection | FileCollection>;

export type CollectionKey = keyof typeof COLLECTIONS;

export type Collection = FolderCollection | FileCollection;
type Entry = [CollectionKey, Collection];
const entries = Object.entries(COLLECTIONS) as Entry[];

/** The folder collections, in the order of the CMS menu. */
export const FOLDER_COLLECTIONS = entries.filter((e): e is [CollectionKey, FolderCollection] => 'folder' in e[1]);
/** The single files (site settings, moderation rules). */
export const FILE_COLLECTIONS = entries.filter((e): e is [CollectionKey, FileCollection] => 'file' in e[1]);

/** Where each collection lives under content/: a folder, or a file. */
export const CONTENT_PATHS = Object.fromEntries(entries.map(([key, c]) => [key, 'folder' in c ? c.folder : c.file])) as {
  [K in CollectionKey]: (typeof COLLECTIONS)[K] extends { folder: infer F }
    ? F
    : (typeof COLLECTIONS)[K] extends { file: infer F }
      ? F
      : never;
};

/** Written by a command (`npm run consultation -- archive`), never by hand: left out of the CMS. */
export const WRITTEN_BY_COMMANDS: ReadonlySet<CollectionKey> = new Set(entries.filter(([, c]) => !c.cms).map(([key]) => key));

/** Every collection, as the loosely typed entries that generic code walks. */
export const ALL_COLLECTIONS: readonly Collection[] = entries.map(([, c]) => c);

/** The name of a collection in the CMS: its folder, or the file's name without extension. */
export function cmsName(collection: FolderCollection | FileCollection): string {
  return 'folder' in collection ? collection.folder : collection.file.replace(/\.ya?ml$/, '');
}
