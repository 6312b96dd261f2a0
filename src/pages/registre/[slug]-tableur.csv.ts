/** /registre/<slug>-tableur.csv: one entry as a line of registre-tableur.csv, for a spreadsheet. */
import type { APIRoute } from 'astro';
import { getContent, type RegisterEntry } from '../../lib/content/load.ts';
import { contentNames } from '../../lib/content/names.ts';
import { toEntryOpenData } from '../../lib/open-data/json.ts';
import { toSpreadsheetCsv } from '../../lib/open-data/spreadsheet.ts';

export function getStaticPaths() {
  return getContent().register.map((entry) => ({ params: { slug: entry.slug }, props: { entry } }));
}

export const GET: APIRoute<{ entry: RegisterEntry }> = ({ props }) => {
  const content = getContent();
  return new Response(toSpreadsheetCsv(toEntryOpenData(content, props.entry).entries, contentNames(content)), {
    headers: { 'Content-Type': 'text/csv; charset=utf-8' },
  });
};
