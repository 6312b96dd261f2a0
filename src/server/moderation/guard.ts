/**
 * The door of every moderation route but the login page, called first thing by each of them:
 * no valid session, the login form with 401 (the moderator comes back to the same address
 * afterwards); a POST without the session's CSRF token, 403; a method the route does not take,
 * 405. Moderation responses are never cached nor indexed.
 */
import { methodNotAllowed, setHeaders, STAFF_ONLY, textResponse } from '../http/responses.ts';
import { getRuntime, type Runtime } from '../runtime.ts';
import type { StaffSession } from '../store/types.ts';
import { LOGIN_PATH, LOGOUT_PATH, MODERATION_PATH } from '../../lib/urls.ts';
import { CSRF_FIELD, csrfToken, csrfValid, sessionTokenHash, sessionTokensOf } from './session.ts';

/** What the guard needs of `Astro` (a page) or of an endpoint's context. */
export interface RouteContext {
  request: Request;
  rewrite: (path: string) => Promise<Response>;
  /** A page's response, to which the private headers are added. */
  response?: { headers: Headers };
}

export interface StaffAccess {
  runtime: Runtime;
  session: StaffSession;
  /** For the hidden field of the page's forms. */
  csrf: string;
  /** The submitted form, already checked for its CSRF token; null for a GET. */
  form: FormData | null;
}

/**
 * Where to send the moderator after logging in: a moderation address of this site only (never
 * another host: `//ailleurs.example` is refused), the home of the moderation otherwise.
 */
export function safeReturnPath(value: unknown): string {
  if (typeof value !== 'string') return MODERATION_PATH;
  // Astro gives the address of a rewritten request with a trailing slash, files included.
  const path = value.replace(/(\.csv)\/$/, '$1');
  if (!/^\/moderation\/(?:[a-z0-9-]+\/)*(?:[a-z0-9-]+\.csv)?$/.test(path)) return MODERATION_PATH;
  return path === LOGIN_PATH || path === LOGOUT_PATH ? MODERATION_PATH : path;
}

/** The session of the request, or null; every session cookie sent is tried (at most a few). */
export async function currentSession(runtime: Runtime, request: Request): Promise<StaffSession | null> {
  for (const token of sessionTokensOf(request).slice(0, 5)) {
    const session = await runtime.store.getSession(sessionTokenHash(token));
    if (session) return session;
  }
  return null;
}

export async function requireStaff(context: RouteContext, options: { methods?: readonly string[] } = {}): Promise<StaffAccess | Response> {
  if (context.response) setHeaders(context.response.headers, STAFF_ONLY);
  const runtime = await getRuntime();
  const { request } = context;
  const session = await currentSession(runtime, request);
  if (!session) {
    // The login page, rendered at this very address: after logging in, the moderator is back here.
    const login = await context.rewrite(LOGIN_PATH);
    const headers = new Headers(login.headers);
    setHeaders(headers, STAFF_ONLY);
    return new Response(login.body, { status: 401, headers });
  }
  const csrf = csrfToken(runtime.secret, session.tokenHash);
  let form: FormData | null = null;
  if (request.method !== 'GET' && request.method !== 'HEAD') {
    form = await request.formData().catch(() => null);
    if (!form || !csrfValid(runtime.secret, session.tokenHash, form.get(CSRF_FIELD))) {
      return textResponse(403, 'Formulaire expiré ou incomplet : rechargez la page, puis recommencez.', STAFF_ONLY);
    }
  }
  const methods = options.methods ?? ['GET', 'HEAD', 'POST'];
  if (!methods.includes(request.method)) {
    return methodNotAllowed(methods.join(', '), STAFF_ONLY, 'Cette adresse ne reçoit pas de formulaire.');
  }
  return { runtime, session, csrf, form };
}
