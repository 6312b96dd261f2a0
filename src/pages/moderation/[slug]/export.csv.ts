/** Every contribution of a consultation as CSV, streamed, for the moderators (see src/server/moderation/export.ts). */
import type { APIRoute } from 'astro';
import { getContent } from '../../../lib/content/load.ts';
import { moderationCsvStream, planModerationExport } from '../../../server/moderation/export.ts';
import { notFoundResponse, STAFF_ONLY, textResponse } from '../../../server/http/responses.ts';
import { requireStaff } from '../../../server/moderation/guard.ts';

export const prerender = false;

export const ALL: APIRoute = async (context) => {
  const access = await requireStaff(context, { methods: ['GET', 'HEAD'] });
  if (access instanceof Response) return access;
  const { consultations, moderation, register } = getContent();
  const consultation = consultations.find((c) => c.slug === context.params.slug);
  if (!consultation) return notFoundResponse(context.locals, STAFF_ONLY);
  const headers = {
    ...STAFF_ONLY,
    'Content-Type': 'text/csv; charset=utf-8',
    'Content-Disposition': `attachment; filename="contributions-${consultation.slug}-${new Date().toISOString().slice(0, 10)}.csv"`,
  };
  if (context.request.method === 'HEAD') return textResponse(200, null, headers);
  const { store } = access.runtime;
  // The first pass runs before the answer starts: a database failure is still a plain error page.
  const plan = await planModerationExport(store, consultation);
  const titles = new Map(register.map((entry) => [entry.slug, entry.title]));
  return textResponse(200, moderationCsvStream(store, consultation, moderation.rules, plan, titles), headers);
};
