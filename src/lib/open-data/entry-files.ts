/**
 * The two download files of each entry: /registre/<slug>.json (the entry in the shape of
 * registre.json) and /registre/<slug>-tableur.csv (its line of registre-tableur.csv). A build
 * writes them directly (src/integrations/open-data-files.ts): thousands of them through Astro's
 * page pipeline took a third of the rendering of a large register. The development server
 * serves them through the routes of ./routes/.
 */
import type { Content, RegisterEntry } from '../content/load.ts';
import { contentNames } from '../content/names.ts';
import { entryJsonPath, entrySpreadsheetPath } from '../urls.ts';
import { toEntryOpenData } from './json.ts';
import { toSpreadsheetCsv } from './spreadsheet.ts';

/** A data file a build writes itself rather than through Astro's pages. */
export interface DataFile {
  /** Address on the site, also the file's path under the built site. */
  path: string;
  type: string;
  body: string;
}

/** Whether a path relative to the built site is an entry's download file. */
export const isEntryDownload = (relativePath: string): boolean => /^registre\/[^/]+\.(json|csv)$/.test(relativePath.replaceAll('\\', '/'));

export const entryJson = (content: Content, entry: RegisterEntry): DataFile => ({
  path: entryJsonPath(entry.slug),
  type: 'application/json; charset=utf-8',
  body: JSON.stringify(toEntryOpenData(content, entry), null, 2),
});

export const entrySpreadsheet = (content: Content, entry: RegisterEntry): DataFile => ({
  path: entrySpreadsheetPath(entry.slug),
  type: 'text/csv; charset=utf-8',
  body: toSpreadsheetCsv(toEntryOpenData(content, entry).entries, contentNames(content)),
});
