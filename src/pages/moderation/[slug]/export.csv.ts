/** Every contribution of a consultation as CSV, for the moderators (see src/server/moderation/export.ts). */
import type { APIRoute } from 'astro';
import { getContent } from '../../../lib/content/load.ts';
import { contributionsToExport, moderationCsv } from '../../../server/moderation/export.ts';
import { notFoundResponse, STAFF_ONLY, textResponse } from '../../../server/http/responses.ts';
import { requireStaff } from '../../../server/moderation/guard.ts';

export const prerender = false;

export const ALL: APIRoute = async (context) => {
  const access = await requireStaff(context, { methods: ['GET', 'HEAD'] });
  if (access instanceof Response) return access;
  const { consultations, moderation, register } = getContent();
  const consultation = consultations.find((c) => c.slug === context.params.slug);
  if (!consultation) return notFoundResponse(context.locals, STAFF_ONLY);
  const contributions = await contributionsToExport(access.runtime.store, consultation.slug);
  const titles = new Map(register.map((entry) => [entry.slug, entry.title]));
  const day = new Date().toISOString().slice(0, 10);
  return textResponse(200, moderationCsv(consultation, moderation.rules, contributions, titles), {
    ...STAFF_ONLY,
    'Content-Type': 'text/csv; charset=utf-8',
    'Content-Disposition': `attachment; filename="contributions-${consultation.slug}-${day}.csv"`,
  });
};
