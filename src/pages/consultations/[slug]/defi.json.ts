/**
 * A fresh proof-of-work challenge for one form: the page's script asks for it just before
 * sending, with the form's idempotency key, to which the challenge is bound.
 */
import type { APIRoute } from 'astro';
import { getContent } from '../../../lib/content/load.ts';
import { consultationStatus } from '../../../lib/consultations/calendar.ts';
import { issueChallenge } from '../../../server/abuse/proof-of-work.ts';
import { jsonResponse, methodNotAllowed } from '../../../server/http/responses.ts';
import { IDEMPOTENCY_KEY } from '../../../schemas/contributions.ts';
import { getRuntime } from '../../../server/runtime.ts';

export const prerender = false;

export const GET: APIRoute = async ({ params, url }) => {
  const consultation = getContent().consultations.find((c) => c.slug === params.slug);
  if (!consultation) return jsonResponse(404, { erreur: 'Consultation inconnue.' });
  const status = consultationStatus(consultation);
  if (status === 'upcoming') return jsonResponse(409, { erreur: `Cette consultation ouvre le ${consultation.opens}.` });
  if (status === 'closed') return jsonResponse(410, { erreur: `Cette consultation est close depuis le ${consultation.closes}.` });
  const idempotencyKey = url.searchParams.get('cle') ?? '';
  if (!IDEMPOTENCY_KEY.test(idempotencyKey))
    return jsonResponse(400, { erreur: 'Paramètre « cle » manquant ou invalide : rechargez la page du formulaire.' });
  const { secret, settings } = await getRuntime();
  return jsonResponse(
    200,
    await issueChallenge(secret, { consultation: consultation.slug, idempotencyKey }, settings.proofOfWorkMaxNumber),
  );
};

/** HEAD, as `Allow` promises: the answer to GET without its body. */
export const HEAD: APIRoute = (context) => GET(context);

/** Any other method: said so, rather than "page not found". */
export const ALL: APIRoute = () => methodNotAllowed('GET, HEAD');
