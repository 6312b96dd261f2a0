/**
 * The one door of a contribution, shared by the form page (POST /consultations/<slug>/) and the
 * JSON route: the process's store, secret and rate limits, the client's address as the settings
 * say to read it, then the checks of submit.ts.
 */
import { getContent, type Consultation } from '../../lib/content/load.ts';
import { clientAddress, getRuntime, submissionLimits } from '../runtime.ts';
import { submitContribution, type SubmissionResult } from './submit.ts';

/** Who sent it: the request's headers (X-Forwarded-For behind a proxy) and the socket's address. */
export interface IntakeClient {
  headers: Headers;
  socketAddress: string | undefined;
}

export async function receiveContribution(
  consultation: Consultation,
  form: Record<string, unknown>,
  client: IntakeClient,
  now: Date,
): Promise<SubmissionResult> {
  const runtime = await getRuntime();
  return submitContribution({
    consultation,
    site: getContent().site,
    store: runtime.store,
    secret: runtime.secret,
    address: clientAddress(client.headers, client.socketAddress, runtime.settings),
    form,
    now,
    limits: submissionLimits(runtime.settings),
  });
}
