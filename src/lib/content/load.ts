/**
 * Reads the authority's content folder, validates every file against the schemas and checks
 * the references between files. Every problem of every file is gathered before failing, so an
 * officer fixes them all in one go.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import yaml from 'js-yaml';
import type { z } from 'astro/zod';
import type { ContributionsArchiveData } from '../../schemas/archives.ts';
import type { CharterData } from '../../schemas/charter.ts';
import { COLLECTIONS } from '../../schemas/collections.ts';
import type { ConsultationData, ModerationRulesData } from '../../schemas/consultations.ts';
import type { DrawData } from '../../schemas/draws.ts';
import type { CommitteeData, MinutesData } from '../../schemas/governance.ts';
import type { OpinionData, ReferralData } from '../../schemas/opinions.ts';
import type { PageData } from '../../schemas/pages.ts';
import type { RegisterEntryData } from '../../schemas/register.ts';
import type { ServiceData } from '../../schemas/services.ts';
import type { SiteData } from '../../schemas/site.ts';
import type { ToolData } from '../../schemas/tools.ts';
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

export interface Draw extends DrawData {
  /** File name, also the last segment of its address. */
  slug: string;
}

export interface Referral extends ReferralData {
  id: string;
}

export interface Opinion extends OpinionData {
  /** File name, also the address: /gouvernance/<committee>/avis/<id>/. */
  id: string;
}

export interface Tool extends ToolData {
  /** File name, also the address: /outils/<slug>/. */
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
  /** Slugs of the register's drafts (`draft: true`): kept in git, published nowhere. */
  drafts: string[];
  /** Draws by lot of councils' members, by file name. */
  draws: Map<string, Draw>;
  /** Referrals to the councils, by file name. */
  referrals: Map<string, Referral>;
  /** The councils' opinions, newest first. */
  opinions: Opinion[];
  /** The catalogue of AI tools, sorted by name. */
  tools: Tool[];
}

const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

export interface Parsed<T> {
  id: string;
  file: string;
  data: T;
}

/** A file an officer saved as a draft in the CMS. */
const isDraft = (raw: unknown) => typeof raw === 'object' && raw !== null && (raw as { draft?: unknown }).draft === true;

class Reader {
  readonly problems: Problem[] = [];
  /** Identifiers of the drafts read, left out of what readFolder returns. */
  readonly drafts: string[] = [];
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

  readOne<S extends z.ZodType>(file: string, schema: S, draftSchema?: z.ZodType): z.output<S> | undefined {
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
    if (draftSchema && isDraft(raw)) {
      const draft = draftSchema.safeParse(raw);
      if (draft.success) this.drafts.push(path.basename(file).replace(/\.ya?ml$/, ''));
      else this.problems.push(...problemsFromZod(shown, draftSchema, raw, draft.error));
      return undefined;
    }
    const result = schema.safeParse(raw ?? {});
    if (!result.success) {
      this.problems.push(...problemsFromZod(shown, schema, raw, result.error));
      return undefined;
    }
    return result.data;
  }

  readFolder<S extends z.ZodType>(folder: string, schema: S, draftSchema?: z.ZodType): Parsed<z.output<S>>[] {
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
      const data = this.readOne(file, schema, draftSchema);
      if (data !== undefined) parsed.push({ id, file: this.relative(file), data });
    }
    return parsed;
  }
}

const collator = new Intl.Collator('fr', { sensitivity: 'base', numeric: true });

export function loadContent(root: string): Content {
  const reader = new Reader(root);
  const site = reader.readOne(path.join(root, COLLECTIONS.site.file), COLLECTIONS.site.schema);
  const services = new Map(
    reader.readFolder(COLLECTIONS.services.folder, COLLECTIONS.services.schema).map((s) => [s.id, { id: s.id, ...s.data }]),
  );
  const parsedEntries = reader.refuseReserved(reader.readFolder(COLLECTIONS.register.folder, COLLECTIONS.register.schema, COLLECTIONS.register.draftSchema), COLLECTIONS.register.reserved);
  const files = {
    register: parsedEntries,
    charters: reader.readFolder(COLLECTIONS.charters.folder, COLLECTIONS.charters.schema),
    committees: reader.readFolder(COLLECTIONS.committees.folder, COLLECTIONS.committees.schema),
    minutes: reader.readFolder(COLLECTIONS.minutes.folder, COLLECTIONS.minutes.schema),
    consultations: reader.refuseReserved(reader.readFolder(COLLECTIONS.consultations.folder, COLLECTIONS.consultations.schema), COLLECTIONS.consultations.reserved),
    archives: reader.readFolder(COLLECTIONS.archives.folder, COLLECTIONS.archives.schema),
    draws: reader.readFolder(COLLECTIONS.draws.folder, COLLECTIONS.draws.schema),
    referrals: reader.readFolder(COLLECTIONS.referrals.folder, COLLECTIONS.referrals.schema),
    opinions: reader.readFolder(COLLECTIONS.opinions.folder, COLLECTIONS.opinions.schema),
    tools: reader.readFolder(COLLECTIONS.tools.folder, COLLECTIONS.tools.schema),
  };
  const moderationFile = path.join(root, COLLECTIONS.moderation.file);
  // Without consultations, an authority needs no moderation rules.
  const moderation = existsSync(moderationFile) || files.consultations.length > 0
    ? reader.readOne(moderationFile, COLLECTIONS.moderation.schema)
    : { rules: [] };
  const parsedPages = reader.refuseReserved(reader.readFolder(COLLECTIONS.pages.folder, COLLECTIONS.pages.schema), COLLECTIONS.pages.reserved);
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
  const draws = new Map(files.draws.map(({ id, data }) => [id, { slug: id, ...data }]));
  const referrals = new Map(files.referrals.map(({ id, data }) => [id, { id, ...data }]));
  const opinions = files.opinions
    .map(({ id, data }) => ({ id, ...data }))
    .sort((a, b) => b.date.localeCompare(a.date) || collator.compare(a.title, b.title));
  const tools = files.tools.map(({ id, data }) => ({ slug: id, ...data })).sort((a, b) => collator.compare(a.name, b.name));
  return {
    site,
    services,
    register,
    charters,
    committees,
    minutes,
    pages,
    consultations,
    moderation,
    archives,
    drafts: reader.drafts,
    draws,
    referrals,
    opinions,
    tools,
  };
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
