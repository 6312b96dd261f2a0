/**
 * `npm run tirage -- <commande>`: a public, verifiable draw by lot (see docs/tirage-au-sort.md).
 *
 *   preparer <tirage> --pool <fichier.csv>                 publie l’engagement, avant le hasard
 *   tirer <tirage> --pool <fichier.csv> --alea <nombres>   tire le panel avec les nombres publics
 *   remplacer <tirage> --pool <fichier.csv> --code <code> --motif <motif>
 *   verifier <tirage> [--pool <fichier.csv>]               refait les calculs publiés
 *
 * Options : --prive <dossier> (fichiers nominatifs du personnel, data/tirages/<tirage>/ par défaut,
 * hors de git et de content/) ; --date AAAA-MM-JJ (aujourd’hui par défaut).
 * Exit code 1 when refused, 2 on a usage error.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import yaml from 'js-yaml';
import { contentRoot, loadContent, type Draw } from '../src/lib/content/load.ts';
import { ContentError } from '../src/lib/content/problems.ts';
import { quote } from '../src/lib/open-data/csv.ts';
import { newSecret, volunteerCode } from '../src/lib/sortition/codes.ts';
import { checkPool, drawRows, lotteryFromCommitment, lotteryHash, makeResult, prepare, rulesHash } from '../src/lib/sortition/draw.ts';
import { parsePool, type Pool } from '../src/lib/sortition/pool.ts';
import { buildProblem, lotteryFrequencies, meetsQuotas } from '../src/lib/sortition/solver.ts';
import { COLLECTIONS } from '../src/schemas/collections.ts';
import { REPLACEMENT_REASONS } from '../src/schemas/draws.ts';

const USAGE = `Usage :
  npm run tirage -- preparer <tirage> --pool <fichier.csv>
  npm run tirage -- tirer <tirage> --pool <fichier.csv> --alea <nombres séparés par des virgules>
  npm run tirage -- remplacer <tirage> --pool <fichier.csv> --code <code du membre> --motif <${Object.keys(REPLACEMENT_REASONS).join('|')}>
  npm run tirage -- verifier <tirage> [--pool <fichier.csv>]
Options : --prive <dossier> (data/tirages/<tirage>/ par défaut), --date AAAA-MM-JJ`;

class Refusal extends Error {
  readonly code: number;
  constructor(message: string, code = 1) {
    super(message);
    this.code = code;
  }
}

const { positionals, values: options } = parseArgs({
  allowPositionals: true,
  options: {
    pool: { type: 'string' },
    alea: { type: 'string' },
    prive: { type: 'string' },
    date: { type: 'string' },
    code: { type: 'string' },
    motif: { type: 'string' },
  },
});
const [command, name, ...extra] = positionals;
if (!command || !name || extra.length) {
  console.error(USAGE);
  process.exit(2);
}
const root = contentRoot();
const drawFile = path.join(root, COLLECTIONS.draws.folder, `${name}.yaml`);
const privateDir = path.resolve(options.prive ?? path.join('data', 'tirages', name));
const today = options.date ?? new Date().toISOString().slice(0, 10);

function checkOptions(): void {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(today)) throw new Refusal('--date : date attendue au format AAAA-MM-JJ', 2);
  if (path.relative(root, privateDir).split(path.sep)[0] !== '..')
    throw new Refusal(`--prive : le dossier ${privateDir} est dans content/ ; les noms n’y vont jamais`, 2);
}

function readDraw(): Draw {
  let draw: Draw | undefined;
  try {
    draw = loadContent(root).draws.get(name!);
  } catch (error) {
    if (error instanceof ContentError) throw new Refusal(error.message);
    throw error;
  }
  if (!draw) throw new Refusal(`aucun tirage « ${name} » : le fichier ${path.relative(process.cwd(), drawFile)} est introuvable`);
  return draw;
}

function readPool(draw: Draw): Pool {
  if (!options.pool) throw new Refusal(`--pool : indiquez la liste des volontaires (CSV)\n${USAGE}`, 2);
  if (!existsSync(options.pool)) throw new Refusal(`--pool : fichier introuvable : ${options.pool}`);
  try {
    return parsePool(readFileSync(options.pool, 'utf8'), draw, path.basename(options.pool));
  } catch (error) {
    throw new Refusal((error as Error).message);
  }
}

/** Rewrites the draw file with the fields a command adds, keeping the definition as written. */
function writeDraw(fields: Record<string, unknown>): void {
  const raw = yaml.load(readFileSync(drawFile, 'utf8'), { schema: yaml.CORE_SCHEMA }) as Record<string, unknown>;
  const data = { ...raw, ...fields };
  const header =
    '# La définition se modifie dans l’administration ; commitment, result et replacements sont écrits par « npm run tirage ».\n';
  writeFileSync(drawFile, header + yaml.dump(data, { schema: yaml.CORE_SCHEMA, lineWidth: -1, noRefs: true }));
}

function secret(create: boolean): string {
  const file = path.join(privateDir, 'secret.txt');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  if (!create) throw new Refusal(`secret introuvable : ${file} (créé par « preparer »)`);
  mkdirSync(privateDir, { recursive: true, mode: 0o700 });
  const value = newSecret();
  writeFileSync(file, value + '\n', { mode: 0o600 });
  return value;
}

function writePrivateCsv(file: string, header: string[], rows: string[][]): string {
  mkdirSync(privateDir, { recursive: true, mode: 0o700 });
  const target = path.join(privateDir, file);
  writeFileSync(target, [header, ...rows].map((r) => r.map(quote).join(',')).join('\r\n') + '\r\n', { mode: 0o600 });
  return target;
}

const percent = (x: number) => `${(x * 100).toLocaleString('fr-FR', { maximumFractionDigits: 2 })} %`;

async function preparer(): Promise<void> {
  const draw = readDraw();
  if (draw.result) throw new Refusal('ce tirage a déjà eu lieu : son engagement ne peut plus changer');
  if (today >= draw.randomness.date)
    throw new Refusal(`l’engagement doit précéder le hasard public (annoncé pour le ${draw.randomness.date})`);
  const pool = readPool(draw);
  const started = Date.now();
  const preparation = await prepare(draw, pool, today).catch((error: Error) => {
    throw new Refusal(error.message);
  });
  const key = secret(true);
  const columns = Object.keys(pool.volunteers[0]!.raw);
  const codes = writePrivateCsv(
    'codes.csv',
    ['code', ...columns],
    pool.volunteers.map((v) => [volunteerCode(key, name!, v.id), ...columns.map((c) => v.raw[c]!)]),
  );
  writeDraw({ commitment: preparation.commitment });
  const { probability } = preparation.commitment;
  console.log(`Engagement écrit dans ${path.relative(process.cwd(), drawFile)} (${((Date.now() - started) / 1000).toFixed(1)} s).
  Volontaires : ${pool.volunteers.length} ; empreinte : ${pool.sha256}
  Loterie : ${draw.lottery_size} panels (${preparation.lottery.entries.length} distincts), empreinte ${preparation.commitment.lottery_sha256}
  Chances d’être tiré : min ${percent(probability.min)}, médiane ${percent(probability.median)}, max ${percent(probability.max)}
  Écart d’arrondi : ${preparation.gap.toFixed(2).replace('.', ',')} billet(s) sur ${draw.lottery_size} au plus
  Codes à envoyer à chaque volontaire : ${codes}`);
}

function parseNumbers(text: string | undefined): number[] {
  if (!text) throw new Refusal(`--alea : indiquez les nombres publics, séparés par des virgules\n${USAGE}`, 2);
  const numbers = text
    .split(/[,\s]+/)
    .filter(Boolean)
    .map((n) => (/^\d+$/.test(n) ? Number(n) : NaN));
  if (numbers.some((n) => !Number.isSafeInteger(n)))
    throw new Refusal(`--alea : « ${text} » n’est pas une liste de nombres entiers positifs`, 2);
  return numbers;
}

function tirer(): void {
  const draw = readDraw();
  if (draw.result) throw new Refusal(`ce tirage a déjà eu lieu le ${draw.result.date} : un tirage ne se refait pas`);
  const pool = readPool(draw);
  const key = secret(false);
  const numbers = parseNumbers(options.alea);
  let result;
  try {
    result = makeResult(name!, draw, pool, numbers, today, (row) => volunteerCode(key, name!, pool.volunteers[row]!.id));
  } catch (error) {
    throw new Refusal((error as Error).message);
  }
  const columns = Object.keys(pool.volunteers[0]!.raw);
  const list = [
    ...result.seats.map((s, i) => [`membre ${i + 1}`, s.code, ...columns.map((c) => pool.volunteers[s.row]!.raw[c]!)]),
    ...result.reserves.map((s, i) => [`réserve ${i + 1}`, s.code, ...columns.map((c) => pool.volunteers[s.row]!.raw[c]!)]),
  ];
  const file = writePrivateCsv('panel.csv', ['place', 'code', ...columns], list);
  writeDraw({ result });
  console.log(`Panel n° ${result.index} tiré avec ${numbers.join(', ')} : ${result.seats.length} membres et ${result.reserves.length} réserves.
  Résultat publié dans ${path.relative(process.cwd(), drawFile)} ; liste nominative : ${file}`);
}

function remplacer(): void {
  const draw = readDraw();
  if (!draw.result) throw new Refusal('le tirage n’a pas encore eu lieu');
  const reason = options.motif;
  if (!reason || !(reason in REPLACEMENT_REASONS)) throw new Refusal(`--motif : un de ${Object.keys(REPLACEMENT_REASONS).join(', ')}`, 2);
  const pool = readPool(draw);
  try {
    checkPool(draw, pool);
  } catch (error) {
    throw new Refusal((error as Error).message);
  }
  const key = secret(false);
  const codeOf = (row: number) => volunteerCode(key, name!, pool.volunteers[row]!.id);
  const members = new Map(draw.result.seats.map((s) => [s.code, s.row]));
  for (const r of draw.replacements) {
    const row = members.get(r.leaving);
    members.delete(r.leaving);
    if (row !== undefined) members.set(r.joining, -1);
  }
  const leaving = options.code ?? '';
  if (!members.has(leaving)) throw new Refusal(`--code : « ${leaving} » n’est pas le code d’un membre actuel`);
  // The whole reserve order: the published list, prolonged by the same public numbers.
  const order = drawRows(name!, draw, draw.result.numbers, pool.volunteers.length, pool.volunteers.length).reserves;
  const rowOf = new Map(pool.volunteers.map((_, row) => [codeOf(row), row]));
  const used = new Set(draw.replacements.flatMap((r) => [r.leaving, r.joining]));
  const stay = [...members.keys()].filter((c) => c !== leaving).map((c) => rowOf.get(c)!);
  const problem = buildProblem(pool, draw);
  // The first volunteer, in the reserve order, with whom the panel still meets every quota.
  const rank = order.findIndex((row) => !used.has(codeOf(row)) && meetsQuotas(problem, [...stay, row]));
  if (rank < 0) throw new Refusal('personne ne permet de respecter tous les quotas : un nouveau tirage est nécessaire');
  const joining = { code: codeOf(order[rank]!), rank: rank + 1 };
  writeDraw({ replacements: [...draw.replacements, { date: today, reason, leaving, joining: joining.code, rank: joining.rank }] });
  console.log(`${leaving} est remplacé par ${joining.code} (rang ${joining.rank} dans l’ordre de réserve).`);
}

async function verifier(): Promise<void> {
  const draw = readDraw();
  const { commitment, result } = draw;
  if (!commitment) throw new Refusal('aucun engagement publié : rien à vérifier');
  const lottery = lotteryFromCommitment(commitment, draw.lottery_size);
  const checks: [string, boolean][] = [];
  checks.push(['les panels publiés correspondent à leur empreinte', lotteryHash(lottery) === commitment.lottery_sha256]);
  checks.push(['la loterie compte M panels', lottery.entries.reduce((s, e) => s + e.count, 0) === draw.lottery_size]);
  checks.push(['les règles n’ont pas changé depuis l’engagement', rulesHash(draw) === commitment.quotas_sha256]);
  const frequency = lotteryFrequencies(lottery, commitment.pool_size);
  checks.push(['la chance minimale publiée est celle de la loterie', Math.abs(Math.min(...frequency) - commitment.probability.min) < 1e-6]);
  if (result) {
    checks.push(['le tirage a eu lieu après l’engagement', result.date > commitment.date]);
    const rows = drawRows(name!, draw, result.numbers, commitment.pool_size);
    checks.push([
      'les nombres publics donnent le panel publié',
      rows.index === result.index && rows.seats.join() === result.seats.map((s) => s.row).join(),
    ]);
    checks.push([
      'les nombres publics donnent la liste de réserve publiée',
      rows.reserves.join() === result.reserves.map((s) => s.row).join(),
    ]);
  }
  if (options.pool) {
    const pool = readPool(draw);
    checks.push(['la liste des volontaires est celle de l’engagement', pool.sha256 === commitment.pool_sha256]);
    const problem = buildProblem(pool, draw);
    checks.push(['chaque panel de la loterie respecte tous les quotas', lottery.entries.every((e) => meetsQuotas(problem, e.rows))]);
    const again = await prepare(draw, pool, commitment.date, 0, commitment.software);
    checks.push(['le calcul refait donne la même loterie, bit pour bit', again.commitment.lottery_sha256 === commitment.lottery_sha256]);
    if (commitment.rounding_gap !== undefined)
      checks.push(['l’écart d’arrondi publié est celui du calcul refait', again.commitment.rounding_gap === commitment.rounding_gap]);
  }
  for (const [label, ok] of checks) console.log(`${ok ? '✓' : '✗'} ${label}`);
  if (checks.some(([, ok]) => !ok)) throw new Refusal('la vérification a échoué');
  console.log('Tout est conforme.');
}

const commands: Record<string, () => void | Promise<void>> = { preparer, tirer, remplacer, verifier };
try {
  const run = commands[command];
  if (!run) throw new Refusal(`commande inconnue : ${command}\n${USAGE}`, 2);
  checkOptions();
  await run();
} catch (error) {
  if (!(error instanceof Refusal)) throw error;
  console.error(`Refusé : ${error.message}`);
  process.exit(error.code);
}
