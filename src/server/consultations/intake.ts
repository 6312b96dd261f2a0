/**
 * The one door of a contribution, shared by the form page (POST /consultations/<slug>/) and the
 * JSON route: the process's store, secret and rate limits, then the checks of submit.ts.
 */
import { getContent, type Consultation } from '../../lib/content/load.ts';
import { getRuntime, submissionLimits } from '../runtime.ts';
import { submitContribution, type SubmissionResult } from './submit.ts';

export async function receiveContribution(
  consultation: Consultation,
  form: Record<string, unknown>,
  /** The client's address, as our server resolved it through the trusted proxies. */
  address: string,
  now: Date,
): Promise<SubmissionResult> {
  const runtime = await getRuntime();
  return submitContribution({
    consultation,
    site: getContent().site,
    store: runtime.store,
    secret: runtime.secret,
    addressKeys: runtime.addressKeys,
    address,
    form,
    now,
    limits: submissionLimits(runtime.settings),
  });
}
