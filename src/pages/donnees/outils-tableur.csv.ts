import type { APIRoute } from 'astro';
import { getContent } from '../../lib/content/load.ts';
import { toToolsOpenData, toToolsSpreadsheetCsv } from '../../lib/tools/open-data.ts';

export const GET: APIRoute = () => {
  const content = getContent();
  return new Response(toToolsSpreadsheetCsv(toToolsOpenData(content), content), { headers: { 'Content-Type': 'text/csv; charset=utf-8' } });
};
