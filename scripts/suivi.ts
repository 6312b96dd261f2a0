/**
 * `npm run suivi -- <commande>`: the authority's answers to the councils' recommendations, in bulk.
 *
 *   modele [fichier.csv]     the CSV to fill in a spreadsheet, one row per recommendation, with the
 *                            current answers and assessments (to the screen without a file name)
 *   importer <fichier.csv>   checks every row and the whole content, then writes the answers, the
 *                            council's assessments and the new milestones (one row each) into
 *                            content/avis/ — all of them, or nothing when a single row is wrong
 *
 * Reads the content folder (REGISTRE_CONTENT_DIR, ./content by default). Exit code 1 when
 * refused, 2 on a usage error.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { contentRoot, loadContent } from '../src/lib/content/load.ts';
import { ContentError } from '../src/lib/content/problems.ts';
import { plural } from '../src/lib/format.ts';
import { answersTemplate, formatImportProblems, planAnswersImport, writePlannedFiles } from '../src/lib/follow-up/answers-csv.ts';

const USAGE = `Usage :
  npm run suivi -- modele [fichier.csv]     écrit le modèle à remplir, avec les réponses actuelles
  npm run suivi -- importer <fichier.csv>   importe les réponses, les étapes et les appréciations (tout ou rien)`;

function main(args: string[]): number {
  const [command, file, ...rest] = args;
  if (rest.length || !command || (command === 'importer' && !file)) {
    console.error(USAGE);
    return 2;
  }
  const root = contentRoot();
  let content;
  try {
    content = loadContent(root);
  } catch (error) {
    if (!(error instanceof ContentError)) throw error;
    console.error(`Le contenu actuel n’est pas valide : corrigez-le avant d’importer.\n${error.message}`);
    return 1;
  }
  if (command === 'modele') {
    const template = answersTemplate(content);
    if (file) {
      writeFileSync(file, template);
      console.log(
        `Modèle écrit : ${file} (${plural(
          content.opinions.reduce((n, o) => n + o.recommendations.length, 0),
          'recommandation',
        )})`,
      );
    } else process.stdout.write(template);
    return 0;
  }
  if (command !== 'importer') {
    console.error(`Commande inconnue : ${command}\n${USAGE}`);
    return 2;
  }
  let csv: string;
  try {
    csv = readFileSync(file!, 'utf8');
  } catch {
    console.error(`Fichier illisible : ${file}`);
    return 1;
  }
  const plan = planAnswersImport(root, content, csv);
  if (!plan.ok) {
    console.error(formatImportProblems(file!, plan.problems));
    return 1;
  }
  writePlannedFiles(plan.files);
  console.log(
    `${plural(plan.answered, 'réponse importée', 'réponses importées')}, ${plural(plan.milestones, 'étape ajoutée', 'étapes ajoutées')} et ${plural(plan.assessed, 'appréciation du conseil', 'appréciations du conseil')} dans ${plural(plan.files.size, 'avis', 'avis')}.`,
  );
  for (const written of plan.files.keys()) console.log(`  ${written}`);
  return 0;
}

process.exitCode = main(process.argv.slice(2));
