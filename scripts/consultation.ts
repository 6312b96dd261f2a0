/**
 * `npm run consultation -- <commande>`: the consultation chores run by the authority's IT.
 *
 *   archive <consultation>   writes content/contributions/<consultation>.yaml once it is closed
 *   purge [--dry-run]        applies the retention delay of content/site.yaml (every day)
 *
 * Reads the store like the server does (DATA_DIR, DATABASE_URL) and the content folder
 * (REGISTRE_CONTENT_DIR, ./content by default). Exit code 1 when refused, 2 on a usage error.
 */
import { contentRoot, loadContent, type Content } from '../src/lib/content/load.ts';
import { CONTENT_PATHS } from '../src/schemas/collections.ts';
import { ContentError, formatProblems } from '../src/lib/content/problems.ts';
import { formatDate, formatDateTime, formatNumber, plural } from '../src/lib/format.ts';
import { archiveConsultation } from '../src/server/consultations/archive.ts';
import { applyRetention, COUNTER_RETENTION_MS } from '../src/server/retention.ts';
import { readServerSettings } from '../src/server/runtime.ts';
import { openStore, type ContributionStore } from '../src/server/store/index.ts';

const USAGE = `Usage :
  npm run consultation -- archive <consultation>   archive une consultation close dans content/contributions/
  npm run consultation -- purge [--dry-run]        applique le délai de conservation (--dry-run : sans rien modifier)`;

class Refusal extends Error {
  readonly code: number;
  constructor(message: string, code = 1) {
    super(message);
    this.code = code;
  }
}

function readContent(root: string): Content {
  try {
    return loadContent(root);
  } catch (error) {
    if (!(error instanceof ContentError)) throw error;
    const archiveOnly = error.problems.every((p) => p.file.includes(`/${CONTENT_PATHS.archives}/`));
    throw new Refusal(
      `${error.message}${archiveOnly ? '\nUne archive a été modifiée à la main : supprimez le fichier en cause puis relancez « archive ».' : ''}`,
    );
  }
}

async function withStore<T>(run: (store: ContributionStore) => Promise<T>): Promise<T> {
  const settings = readServerSettings();
  const store = await openStore({ dataDir: settings.dataDir, databaseUrl: settings.databaseUrl });
  try {
    return await run(store);
  } finally {
    await store.close();
  }
}

async function archive(args: string[]): Promise<void> {
  const [slug, ...rest] = args;
  if (!slug || rest.length) throw new Refusal(`Indiquez une consultation, et une seule.\n${USAGE}`, 2);
  const root = contentRoot();
  const content = readContent(root);
  const result = await withStore((store) => archiveConsultation({ contentRoot: root, store, slug, content }));
  if (!result.ok) throw new Refusal(result.problems ? `${result.message}\n${formatProblems(result.problems)}` : result.message);
  const { figures } = result.data;
  const reasons = Object.entries(figures.rejected_by_reason)
    .map(([id, n]) => `${id} : ${n}`)
    .join(', ');
  console.log(
    result.written
      ? `Archive écrite : ${result.file}`
      : `Archive inchangée : ${result.file} (rien de nouveau depuis le ${formatDate(result.data.archived)})`,
  );
  console.log(`  ${plural(figures.received, 'contribution reçue', 'contributions reçues')}`);
  console.log(`  ${plural(figures.approved, 'publiée', 'publiées')}, archivées sans pseudonyme ni profil`);
  console.log(`  ${plural(figures.rejected, 'refusée', 'refusées')}${reasons ? ` (${reasons})` : ''}`);
  console.log(`  ${plural(figures.withdrawn, 'retirée', 'retirées')} par leur auteur`);
  if (figures.pending > 0) {
    console.log(
      `  Attention : ${plural(figures.pending, 'contribution attend', 'contributions attendent')} encore une modération ; relancez l’archive une fois la file vide.`,
    );
  }
  if (result.anonymised > 0) {
    console.log(
      `  ${plural(result.anonymised, 'contribution publiée', 'contributions publiées')} : pseudonyme et profil effacés de la base (l’archive les remplace).`,
    );
  }
  if (result.profilesDropped) {
    console.log(
      '  Les profils ont été effacés de la base après la première archive et une contribution publiée a été retirée depuis : la répartition par commune et par âge ne peut plus être recalculée, elle est retirée de l’archive.',
    );
  }
  if (result.written) console.log('Relisez le fichier, puis enregistrez-le dans git pour le publier.');
}

async function purge(args: string[]): Promise<void> {
  const unknown = args.filter((a) => a !== '--dry-run');
  if (unknown.length) throw new Refusal(`Option inconnue : ${unknown.join(' ')}\n${USAGE}`, 2);
  const content = readContent(contentRoot());
  const purgeDays = content.site.consultations.purge_days;
  const consultations = content.consultations.map((c) => c.slug);
  const report = await withStore((store) => applyRetention({ store, purgeDays, consultations, dryRun: args.includes('--dry-run') }));
  const counterDays = formatNumber(COUNTER_RETENTION_MS / 86_400_000);
  console.log(
    `Délai de conservation : ${plural(purgeDays, 'jour')} (content/site.yaml) : sont concernées les contributions antérieures au ${formatDateTime(report.cutoff)}.`,
  );
  if (report.dryRun) {
    console.log('Simulation : rien n’a été modifié.');
    console.log(`  ${plural(report.pending, 'contribution en attente serait supprimée', 'contributions en attente seraient supprimées')}`);
    console.log(
      `  ${plural(report.rejected, 'contribution refusée serait effacée', 'contributions refusées seraient effacées')} (statut et motif gardés pour les chiffres)`,
    );
    console.log(
      `  Les compteurs anti-abus de plus de ${counterDays} jours seraient supprimés (leur nombre ne peut être connu sans modifier la base).`,
    );
    console.log('  Seules les consultations présentes dans content/consultations/ sont examinées par la simulation.');
  } else {
    console.log(
      `  ${plural(report.contributions, 'contribution supprimée ou effacée', 'contributions supprimées ou effacées')} (une ligne par contribution dans le journal d’audit, acteur « commande purge »)`,
    );
    console.log(
      `  ${plural(report.counters, 'compteur anti-abus ou session expirée supprimé', 'compteurs anti-abus ou sessions expirées supprimés')} (plus de ${counterDays} jours)`,
    );
  }
}

const [command, ...args] = process.argv.slice(2);
try {
  if (command === 'archive') await archive(args);
  else if (command === 'purge') await purge(args);
  else throw new Refusal(command ? `Commande inconnue : ${command}\n${USAGE}` : USAGE, 2);
} catch (error) {
  if (!(error instanceof Refusal)) throw error;
  console.error(error.message);
  process.exitCode = error.code;
}
