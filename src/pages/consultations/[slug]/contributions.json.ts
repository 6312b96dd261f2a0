/**
 * The intake for programs (an app, a kiosk, the benchmark): the same checks as the form, with a
 * JSON body `{ jeton, cle, preuve?, answers, pseudonym?, profile?, entry? }` and a JSON answer:
 * 201 with the receipt code, 200 when already received, 400 with the errors by field, 404,
 * 409 before opening, 410 after closing, 413 (server), 415, 429 with Retry-After.
 */
import type { APIRoute } from 'astro';
import { getContent } from '../../../lib/content/load.ts';
import { CONTRIBUTION_STATUS_LABELS } from '../../../lib/consultations/present.ts';
import { jsonResponse, methodNotAllowed, readJsonObject, refusalHeaders, submissionStatus } from '../../../server/consultations/http.ts';
import { submitContribution } from '../../../server/consultations/submit.ts';
import { clientAddress, getRuntime, submissionLimits } from '../../../server/runtime.ts';

export const prerender = false;

export const POST: APIRoute = async ({ params, request, clientAddress: socketAddress }) => {
  const content = getContent();
  const consultation = content.consultations.find((c) => c.slug === params.slug);
  if (!consultation) return jsonResponse(404, { erreur: 'Consultation inconnue.' });
  const body = await readJsonObject(request);
  if (!body.ok) return jsonResponse(body.status, { erreur: body.message });
  const runtime = await getRuntime();
  const now = new Date();
  const result = await submitContribution({
    consultation,
    site: content.site,
    store: runtime.store,
    secret: runtime.secret,
    address: clientAddress(request, socketAddress, runtime.settings),
    form: body.value,
    now,
    limits: submissionLimits(runtime.settings),
  });
  const status = submissionStatus(result);
  switch (result.kind) {
    case 'created':
      return jsonResponse(status, { recu: result.receipt, statut: CONTRIBUTION_STATUS_LABELS[result.contribution.status] });
    case 'duplicate':
      return jsonResponse(status, { deja_recue: true, statut: CONTRIBUTION_STATUS_LABELS[result.contribution.status] });
    case 'invalid':
      return jsonResponse(status, { erreurs: result.errors });
    case 'refused':
      return jsonResponse(status, { erreur: result.message, motif: result.reason }, refusalHeaders(result, now));
  }
};

/** Any other method: said so, rather than "page not found". */
export const ALL: APIRoute = () => methodNotAllowed('POST');
