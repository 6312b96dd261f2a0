/** /registre/<slug>-tableur.csv on the development server (a build writes the files itself: ../entry-files.ts). */
import type { APIRoute } from 'astro';
import { getContent, type RegisterEntry } from '../../content/load.ts';
import { entrySpreadsheet } from '../entry-files.ts';
import { fileResponse } from './file-response.ts';

export const getStaticPaths = () => getContent().register.map((entry) => ({ params: { slug: entry.slug }, props: { entry } }));

export const GET: APIRoute<{ entry: RegisterEntry }> = ({ props }) => fileResponse(entrySpreadsheet(getContent(), props.entry));
