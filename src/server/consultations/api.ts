/**
 * The programmatic intake, `POST /consultations/<slug>/contributions.json`, answered by our HTTP
 * layer directly: a JSON body in, a JSON answer out, nothing to render, so it skips the page
 * renderer and its per-request costs. The checks are those of the form (submit.ts); the answer:
 * 201 with the receipt code, 200 when already received, 400 with the errors by field, 404,
 * 405, 409 before opening, 410 after closing, 413 (server), 415, 429 with Retry-After.
 */
import { getContent } from '../../lib/content/load.ts';
import { CONTRIBUTION_STATUS_LABELS } from '../../lib/consultations/present.ts';
import { parseJsonObject, refusalHeaders, submissionStatus } from './http.ts';
import { receiveContribution } from './intake.ts';

export const INTAKE_PATH = /^\/consultations\/([a-z0-9]+(?:-[a-z0-9]+)*)\/contributions\.json$/;

export interface IntakeRequest {
  method: string;
  contentType: string | undefined;
  body: Buffer;
  /** The client's address, through the trusted proxies. */
  address: string;
}

export interface IntakeAnswer {
  status: number;
  headers: Record<string, string>;
  body: unknown;
}

export async function answerIntake(slug: string, request: IntakeRequest, now = new Date()): Promise<IntakeAnswer> {
  const answer = (status: number, body: unknown, headers: Record<string, string> = {}) => ({ status, body, headers });
  if (request.method !== 'POST')
    return answer(405, { erreur: 'Méthode non permise : envoyez la contribution en POST.' }, { Allow: 'POST' });
  const consultation = getContent().consultations.find((c) => c.slug === slug);
  if (!consultation) return answer(404, { erreur: 'Consultation inconnue.' });
  const body = parseJsonObject(request.contentType, request.body.toString('utf8'));
  if (!body.ok) return answer(body.status, { erreur: body.message });
  const result = await receiveContribution(consultation, body.value, request.address, now);
  const status = submissionStatus(result);
  switch (result.kind) {
    case 'created':
      return answer(status, { recu: result.receipt, statut: CONTRIBUTION_STATUS_LABELS[result.contribution.status] });
    case 'duplicate':
      return answer(status, { deja_recue: true, statut: CONTRIBUTION_STATUS_LABELS[result.contribution.status] });
    case 'invalid':
      return answer(status, { erreurs: result.errors });
    case 'refused':
      return answer(status, { erreur: result.message, motif: result.reason }, refusalHeaders(result, now));
  }
}
