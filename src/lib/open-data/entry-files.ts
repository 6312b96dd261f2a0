/**
 * The two download files of each entry: /registre/<slug>.json (the entry in the shape of
 * registre.json) and /registre/<slug>-tableur.csv (its line of registre-tableur.csv). A build
 * writes them directly (src/integrations/entry-downloads.ts): thousands of them through Astro's
 * page pipeline took a third of the rendering of a large register. The development server
 * serves them through the routes of ./routes/.
 */
import type { Content, RegisterEntry } from '../content/load.ts';
import { contentNames } from '../content/names.ts';
import { entryJsonPath, entrySpreadsheetPath } from '../urls.ts';
import { toEntryOpenData } from './json.ts';
import { toSpreadsheetCsv } from './spreadsheet.ts';

export interface EntryFile {
  /** Address on the site, also the file's path under the built site. */
  path: string;
  type: string;
  body: string;
}

export const entryJson = (content: Content, entry: RegisterEntry): EntryFile => ({
  path: entryJsonPath(entry.slug),
  type: 'application/json; charset=utf-8',
  body: JSON.stringify(toEntryOpenData(content, entry), null, 2),
});

export const entrySpreadsheet = (content: Content, entry: RegisterEntry): EntryFile => ({
  path: entrySpreadsheetPath(entry.slug),
  type: 'text/csv; charset=utf-8',
  body: toSpreadsheetCsv(toEntryOpenData(content, entry).entries, contentNames(content)),
});
