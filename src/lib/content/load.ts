/**
 * Reads the authority's content folder, validates every file against the schemas and checks
 * the references between files. Every problem of every file is gathered before failing, so an
 * officer fixes them all in one go.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import yaml from 'js-yaml';
import type { z } from 'astro/zod';
import { contributionsArchiveSchema, type ContributionsArchiveData } from '../../schemas/archives.ts';
import { charterSchema, type CharterData } from '../../schemas/charter.ts';
import { consultationSchema, moderationRulesSchema, type ConsultationData, type ModerationRulesData } from '../../schemas/consultations.ts';
import { committeeSchema, minutesSchema, type CommitteeData, type MinutesData } from '../../schemas/governance.ts';
import { pageSchema, type PageData } from '../../schemas/pages.ts';
import { registerEntrySchema, type RegisterEntryData } from '../../schemas/register.ts';
import { serviceSchema, type ServiceData } from '../../schemas/services.ts';
import { siteSchema, type SiteData } from '../../schemas/site.ts';
import { ContentError, problemsFromZod, type Problem } from './problems.ts';
import { checkReferences } from './references.ts';

export interface Service extends ServiceData {
  id: string;
}

export interface RegisterEntry extends RegisterEntryData {
  slug: string;
}

export interface Charter extends CharterData {
  /** File name, also the address: /charte/<slug>/. */
  slug: string;
}

export interface Committee extends CommitteeData {
  id: string;
}

export interface Minutes extends MinutesData {
  slug: string;
}

export interface Page extends PageData {
  slug: string;
}

export interface Consultation extends ConsultationData {
  slug: string;
}

export interface ContributionsArchive extends ContributionsArchiveData {
  /** The consultation's slug, also the file name. */
  slug: string;
}

export interface Content {
  site: SiteData;
  services: Map<string, Service>;
  /** Sorted by title, in French collation. */
  register: RegisterEntry[];
  /** Newest version first. */
  charters: Charter[];
  committees: Map<string, Committee>;
  /** Newest meeting first. */
  minutes: Minutes[];
  pages: Map<string, Page>;
  /** Newest opening first. */
  consultations: Consultation[];
  moderation: ModerationRulesData;
  /** Archives of closed consultations, by consultation slug. */
  archives: Map<string, ContributionsArchive>;
}

export const CONTENT_FOLDERS = {
  site: 'site.yaml',
  services: 'services',
  register: 'registre',
  charters: 'charte',
  committees: 'comites',
  minutes: 'comptes-rendus',
  pages: 'pages',
  consultations: 'consultations',
  moderation: 'moderation.yaml',
  archives: 'contributions',
} as const;

/** Written by a command (`npm run consultation -- archive`), never by hand: left out of the CMS. */
export const WRITTEN_BY_COMMANDS: ReadonlySet<keyof typeof CONTENT_FOLDERS> = new Set(['archives']);

/** Pages under /registre/ that an entry's file name must not shadow. */
const RESERVED_REGISTER_SLUGS = new Set(['filtre', 'statistiques']);
/** Pages under /consultations/ and /moderation/ that a consultation's file name must not shadow. */
const RESERVED_CONSULTATION_SLUGS = new Set(['ma-contribution', 'connexion', 'deconnexion', 'journal']);
/** Top-level addresses of the site that an editorial page must not shadow. */
const RESERVED_PAGE_SLUGS = new Set([
  'registre', 'donnees', 'charte', 'gouvernance', 'comptes-rendus', 'recherche', 'modifications',
  'consultations', 'moderation', 'admin', 'plan-du-site', 'documents', 'informer-les-usagers', 'pagefind', '404',
]);

const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

export interface Parsed<T> {
  id: string;
  file: string;
  data: T;
}

class Reader {
  readonly problems: Problem[] = [];
  readonly root: string;
  constructor(root: string) {
    this.root = root;
  }

  /** Reports the files whose name is the address of one of the site's own pages; returns them all. */
  refuseReserved<T>(parsed: Parsed<T>[], reserved: ReadonlySet<string>): Parsed<T>[] {
    for (const { id, file } of parsed) {
      if (reserved.has(id)) this.problems.push({ file, field: '', message: `le nom « ${id} » est réservé à une page du site : renommez le fichier` });
    }
    return parsed;
  }

  relative(file: string): string {
    return path.relative(path.dirname(this.root), file) || file;
  }

  readOne<S extends z.ZodType>(file: string, schema: S): z.output<S> | undefined {
    const shown = this.relative(file);
    if (!existsSync(file)) {
      this.problems.push({ file: shown, field: '', message: 'fichier introuvable' });
      return undefined;
    }
    let raw: unknown;
    try {
      // The core schema keeps dates as strings (2025-06-30), as the schemas expect.
      raw = yaml.load(readFileSync(file, 'utf8'), { schema: yaml.CORE_SCHEMA, filename: shown });
    } catch (error) {
      this.problems.push({ file: shown, field: '', message: `YAML illisible : ${(error as Error).message.split('\n')[0]}` });
      return undefined;
    }
    const result = schema.safeParse(raw ?? {});
    if (!result.success) {
      this.problems.push(...problemsFromZod(shown, schema, raw, result.error));
      return undefined;
    }
    return result.data;
  }

  readFolder<S extends z.ZodType>(folder: string, schema: S): Parsed<z.output<S>>[] {
    const dir = path.join(this.root, folder);
    if (!existsSync(dir)) return [];
    const parsed: Parsed<z.output<S>>[] = [];
    for (const name of readdirSync(dir).sort()) {
      if (!/\.ya?ml$/.test(name)) continue;
      const id = name.replace(/\.ya?ml$/, '');
      const file = path.join(dir, name);
      if (!SLUG.test(id)) {
        this.problems.push({
          file: this.relative(file),
          field: '',
          message: 'nom de fichier invalide : minuscules, chiffres et tirets seulement (il devient l’adresse de la page)',
        });
        continue;
      }
      const data = this.readOne(file, schema);
      if (data !== undefined) parsed.push({ id, file: this.relative(file), data });
    }
    return parsed;
  }
}

const collator = new Intl.Collator('fr', { sensitivity: 'base', numeric: true });

export function loadContent(root: string): Content {
  const reader = new Reader(root);
  const site = reader.readOne(path.join(root, CONTENT_FOLDERS.site), siteSchema);
  const services = new Map(
    reader.readFolder(CONTENT_FOLDERS.services, serviceSchema).map((s) => [s.id, { id: s.id, ...s.data }]),
  );
  const parsedEntries = reader.refuseReserved(reader.readFolder(CONTENT_FOLDERS.register, registerEntrySchema), RESERVED_REGISTER_SLUGS);
  const files = {
    register: parsedEntries,
    charters: reader.readFolder(CONTENT_FOLDERS.charters, charterSchema),
    committees: reader.readFolder(CONTENT_FOLDERS.committees, committeeSchema),
    minutes: reader.readFolder(CONTENT_FOLDERS.minutes, minutesSchema),
    consultations: reader.refuseReserved(reader.readFolder(CONTENT_FOLDERS.consultations, consultationSchema), RESERVED_CONSULTATION_SLUGS),
    archives: reader.readFolder(CONTENT_FOLDERS.archives, contributionsArchiveSchema),
  };
  const moderationFile = path.join(root, CONTENT_FOLDERS.moderation);
  // Without consultations, an authority needs no moderation rules.
  const moderation = existsSync(moderationFile) || files.consultations.length > 0
    ? reader.readOne(moderationFile, moderationRulesSchema)
    : { rules: [] };
  const parsedPages = reader.refuseReserved(reader.readFolder(CONTENT_FOLDERS.pages, pageSchema), RESERVED_PAGE_SLUGS);
  const pages = new Map(parsedPages.map((p) => [p.id, { slug: p.id, ...p.data }]));
  reader.problems.push(
    ...checkReferences({ services, publicDir: path.join(path.dirname(root), 'public'), moderation, moderationFile: reader.relative(moderationFile), ...files }),
  );
  if (reader.problems.length > 0 || !site || !moderation) throw new ContentError(reader.problems);
  const register = parsedEntries
    .map(({ id, data }) => ({ slug: id, ...data }))
    .sort((a, b) => collator.compare(a.title, b.title));
  const charters = files.charters
    .map(({ id, data }) => ({ slug: id, ...data }))
    .sort((a, b) => collator.compare(b.version, a.version));
  const committees = new Map(files.committees.map(({ id, data }) => [id, { id, ...data }]));
  const minutes = files.minutes
    .map(({ id, data }) => ({ slug: id, ...data }))
    .sort((a, b) => b.date.localeCompare(a.date) || collator.compare(a.title, b.title));
  const consultations = files.consultations
    .map(({ id, data }) => ({ slug: id, ...data }))
    .sort((a, b) => b.opens.localeCompare(a.opens) || collator.compare(a.title, b.title));
  const archives = new Map(files.archives.map(({ id, data }) => [id, { slug: id, ...data }]));
  return { site, services, register, charters, committees, minutes, pages, consultations, moderation, archives };
}

/**
 * Kept on globalThis: during a build the configuration (which validates the content first) and
 * the rendered pages are separate module instances in one process, and should read it once.
 */
const CACHE = Symbol.for('registre-ia.content');
type ContentCache = { [CACHE]?: { root: string; content: Content } };

export function contentRoot(): string {
  return path.resolve(process.env.REGISTRE_CONTENT_DIR ?? 'content');
}

/** Reads and validates the content folder, or returns what this process already read. */
export function getContent(root = contentRoot()): Content {
  const cache = globalThis as ContentCache;
  if (cache[CACHE]?.root !== root) cache[CACHE] = { root, content: loadContent(root) };
  return cache[CACHE].content;
}

/** Forgets the content read so far (the development server calls it when a file changes). */
export function forgetContent(): void {
  delete (globalThis as ContentCache)[CACHE];
}
