import type { EntryFile } from '../entry-files.ts';

/** The response of an entry's download file. */
export const entryRoute = (file: EntryFile): Response => new Response(file.body, { headers: { 'Content-Type': file.type } });
