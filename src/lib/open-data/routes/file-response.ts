import type { DataFile } from '../entry-files.ts';

/** The response of a data file the build writes itself, on the development server. */
export const fileResponse = (file: DataFile): Response => new Response(file.body, { headers: { 'Content-Type': file.type } });
