/**
 * The files of /donnees/ whose size grows with the register: every entry in every format. A build
 * writes them in a thread of their own while Astro renders the pages
 * (src/integrations/open-data-files.ts), which also serves them on the development server.
 */
import type { Content } from '../content/load.ts';
import { contentNames } from '../content/names.ts';
import { REGISTER_CSV_PATH, REGISTER_FEED_PATH, REGISTER_JSON_PATH, REGISTER_SPREADSHEET_PATH, standardPath } from '../urls.ts';
import { toAtom } from './atom.ts';
import { toCsv } from './csv.ts';
import type { DataFile } from './entry-files.ts';
import { toOpenData } from './json.ts';
import { toSpreadsheetCsv } from './spreadsheet.ts';
import { toAlgoritmeregister } from './standards/algoritmeregister.ts';
import { toAtrs } from './standards/atrs.ts';
import { toEurocities } from './standards/eurocities.ts';

const JSON_TYPE = 'application/json; charset=utf-8';
const CSV_TYPE = 'text/csv; charset=utf-8';

interface FullExport {
  path: string;
  type: string;
  body: (content: Content) => string;
}

export const FULL_EXPORTS: readonly FullExport[] = [
  { path: REGISTER_JSON_PATH, type: JSON_TYPE, body: (content) => JSON.stringify(toOpenData(content), null, 2) },
  { path: REGISTER_CSV_PATH, type: CSV_TYPE, body: (content) => toCsv(toOpenData(content).entries) },
  {
    path: REGISTER_SPREADSHEET_PATH,
    type: CSV_TYPE,
    body: (content) => toSpreadsheetCsv(toOpenData(content).entries, contentNames(content)),
  },
  { path: REGISTER_FEED_PATH, type: 'application/atom+xml; charset=utf-8', body: toAtom },
  { path: standardPath('algoritmeregister.csv'), type: CSV_TYPE, body: toAlgoritmeregister },
  { path: standardPath('atrs.csv'), type: CSV_TYPE, body: toAtrs },
  { path: standardPath('eurocities.json'), type: JSON_TYPE, body: (content) => JSON.stringify(toEurocities(content), null, 2) },
];

/** The full exports, each produced when its turn comes (a large register's weigh tens of megabytes). */
export function* fullExports(content: Content): Generator<DataFile> {
  for (const file of FULL_EXPORTS) yield { path: file.path, type: file.type, body: file.body(content) };
}
