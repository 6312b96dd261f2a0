/**
 * The HTTP side of the consultation routes: reading what a browser or a client sends without
 * ever throwing on it, and the status code of each outcome of an intake. Anything a client sends
 * gets a 4xx with a French explanation; a 500 would mean a bug of ours.
 */
import type { SubmissionResult } from './submit.ts';

/** Longest value kept from one form field; longer ones are cut (the schema limits are lower). */
const MAX_FIELD_LENGTH = 20_000;
const MAX_FIELDS = 100;

export type ReadResult<T> = { ok: true; value: T } | { ok: false; status: 400 | 415; message: string };

const mediaType = (request: Request) => (request.headers.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase();

/** The fields of an HTML form (URL-encoded or multipart), as name/value pairs of text. */
export async function readFormFields(request: Request): Promise<ReadResult<[string, string][]>> {
  const type = mediaType(request);
  let pairs: [string, FormDataEntryValue][];
  try {
    if (type === 'application/x-www-form-urlencoded') pairs = [...new URLSearchParams(await request.text())];
    else if (type === 'multipart/form-data') pairs = [...(await request.formData())];
    else return { ok: false, status: 415, message: 'Envoyez le formulaire depuis la page de la consultation.' };
  } catch {
    return { ok: false, status: 400, message: 'Le formulaire reçu est illisible : envoyez-le de nouveau depuis la page.' };
  }
  if (pairs.length > MAX_FIELDS) return { ok: false, status: 400, message: 'Le formulaire reçu compte trop de champs.' };
  // A file sent in place of a text field is ignored rather than read.
  const fields = pairs.filter((pair): pair is [string, string] => typeof pair[1] === 'string');
  return { ok: true, value: fields.map(([name, value]) => [name.slice(0, 200), value.slice(0, MAX_FIELD_LENGTH)]) };
}

/** A JSON object body (the programmatic intake), from its media type and its text. */
export function parseJsonObject(contentType: string | undefined, text: string): ReadResult<Record<string, unknown>> {
  if ((contentType ?? '').split(';')[0]!.trim().toLowerCase() !== 'application/json') {
    return { ok: false, status: 415, message: 'Corps JSON attendu (Content-Type: application/json).' };
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { ok: false, status: 400, message: 'Le corps de la requête n’est pas du JSON valide.' };
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    return { ok: false, status: 400, message: 'Le corps de la requête doit être un objet JSON.' };
  }
  return { ok: true, value: value as Record<string, unknown> };
}

/** The status code of each outcome of an intake. */
export function submissionStatus(result: SubmissionResult): number {
  switch (result.kind) {
    case 'created':
      return 201;
    case 'duplicate':
      return 200;
    case 'invalid':
      return 400;
    case 'refused':
      switch (result.reason) {
        case 'a-venir':
          return 409;
        case 'fermee':
          return 410;
        case 'trop-de-contributions':
        case 'trop-de-tentatives':
          return 429;
        default:
          return 400;
      }
  }
}

/** Headers of a refusal: how long to wait, for a rate limit. */
export function refusalHeaders(result: SubmissionResult, now = new Date()): Record<string, string> {
  if (result.kind !== 'refused' || !result.retryAt) return {};
  return { 'Retry-After': String(Math.max(1, Math.ceil((Date.parse(result.retryAt) - now.getTime()) / 1000))) };
}
