import type { APIRoute } from 'astro';
import { getContent } from '../../lib/content/load.ts';
import { contentNames } from '../../lib/content/names.ts';
import { toOpenData } from '../../lib/open-data/json.ts';
import { toSpreadsheetCsv } from '../../lib/open-data/spreadsheet.ts';

export const GET: APIRoute = () => {
  const content = getContent();
  return new Response(toSpreadsheetCsv(toOpenData(content).entries, contentNames(content)), {
    headers: { 'Content-Type': 'text/csv; charset=utf-8' },
  });
};
