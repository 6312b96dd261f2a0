import type { Content, RegisterEntry } from '../content/load.ts';
import { STANDARD_VERSION } from '../../schemas/register.ts';
import type { OpenData, OpenDataEntry } from './schema.ts';
import { absoluteUrl, entryPath } from '../urls.ts';

export function toOpenDataEntry(entry: RegisterEntry, content: Content): OpenDataEntry {
  const { slug, ...fields } = entry;
  const service = content.services.get(entry.service);
  return {
    id: slug,
    url: absoluteUrl(entryPath(slug), content.site.url),
    ...fields,
    service_name: service?.name ?? entry.service,
    service_email: service?.email ?? '',
  };
}

const built = new WeakMap<Content, OpenData>();

/** registre.json: every entry, every field, ISO dates, absolute URLs (built once per content). */
export function toOpenData(content: Content): OpenData {
  const known = built.get(content);
  if (known) return known;
  const { site } = content;
  const updated = content.register.reduce((latest, e) => (e.revision.date > latest ? e.revision.date : latest), '1970-01-01');
  const openData: OpenData = {
    standard: 'registre-ia',
    standard_version: STANDARD_VERSION,
    updated,
    licence: site.licence,
    authority: {
      name: site.name,
      kind: site.kind,
      url: site.url,
      address: site.address,
      email: site.contact.email,
      dpo_email: site.dpo.email,
    },
    entries: content.register.map((entry) => toOpenDataEntry(entry, content)),
  };
  built.set(content, openData);
  return openData;
}

/**
 * /registre/<slug>.json: one entry in the shape of registre.json (the same schema validates it),
 * for whoever needs a single use and its authority.
 */
export function toEntryOpenData(content: Content, entry: RegisterEntry): OpenData {
  const all = toOpenData(content);
  let byId = entriesById.get(all);
  // Looked up by id: a scan for each of thousands of entries would cost their square.
  if (!byId) entriesById.set(all, (byId = new Map(all.entries.map((e) => [e.id, e]))));
  return { ...all, updated: entry.revision.date, entries: [byId.get(entry.slug) ?? toOpenDataEntry(entry, content)] };
}

const entriesById = new WeakMap<OpenData, Map<string, OpenDataEntry>>();
