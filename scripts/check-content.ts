/** `npm run check:content`: validates content/ and prints every problem, file by file. */
import path from 'node:path';
import { loadContent } from '../src/lib/content/load.ts';
import { ContentError } from '../src/lib/content/problems.ts';

const root = path.resolve(process.argv[2] ?? 'content');
try {
  const { register, services } = loadContent(root);
  console.log(`Contenu valide : ${register.length} usages, ${services.size} services.`);
} catch (error) {
  if (!(error instanceof ContentError)) throw error;
  console.error(error.message);
  process.exitCode = 1;
}
