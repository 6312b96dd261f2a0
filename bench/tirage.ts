/**
 * `npm run bench:tirage [-- 500 2000 10000]`: time and memory of `preparer` (maximin by column
 * generation over types of interchangeable volunteers, then rounding to M = 1,000 panels) on invented pools, 40 seats and 14 quota cells,
 * and the lowest selection probability against the classic greedy draw (2,000 simulated draws).
 */
import { prepare } from '../src/lib/sortition/draw.ts';
import { greedyProbabilities } from '../src/lib/sortition/greedy.ts';
import { parsePool } from '../src/lib/sortition/pool.ts';
import { buildProblem } from '../src/lib/sortition/solver.ts';
import { syntheticPoolCsv } from '../src/lib/sortition/synthetic.ts';
import { drawSchema } from '../src/schemas/draws.ts';

const communes = ['Aulnay', 'Brissac', 'Cormont', 'Dampierre', 'Étival', 'Fresnes', 'Gerzat', 'Hauterive'];
const draw = drawSchema.parse({
  title: 'Banc d’essai',
  council: 'banc',
  seats: 40,
  algorithm: 'maximin',
  lottery_size: 1000,
  reserve_size: 10,
  randomness: { source: 'Trois dés lancés en séance publique', date: '2030-01-10', rule: 'sha256-v1' },
  features: [
    { key: 'commune', label: 'Commune', values: communes.map((value) => ({ value, min: 3, max: 7 })) },
    { key: 'genre', label: 'Genre', values: ['femme', 'homme'].map((value) => ({ value, min: 19, max: 21 })) },
    {
      key: 'age',
      label: 'Tranche d’âge',
      values: [
        { value: '16-17', min: 2, max: 4 },
        { value: '18-34', min: 8, max: 12 },
        { value: '35-59', min: 12, max: 16 },
        { value: '60+', min: 9, max: 13 },
      ],
    },
  ],
});

const sizes = process.argv.slice(2).map(Number);
const pct = (x: number) => `${(x * 100).toFixed(2)} %`;
const pct4 = (x: number) => `${(x * 100).toFixed(4)} %`;
console.log(
  'volontaires | types | preparer | itérations | panels distincts | mémoire (RSS max) | maximin prouvé (borne basse – haute) | chance min (loterie) | chance min (glouton) | écart d’arrondi',
);
for (const size of sizes.length ? sizes : [500, 2000, 10000]) {
  const pool = parsePool(syntheticPoolCsv({ size, seed: `banc ${size}`, communes, householdShare: 0.08 }), draw);
  const started = performance.now();
  const prepared = await prepare(draw, pool, '2030-01-01', 0);
  const seconds = (performance.now() - started) / 1000;
  const rss = process.resourceUsage().maxRSS / 1024;
  const greedy = Math.min(...greedyProbabilities(buildProblem(pool, draw), 2000));
  console.log(
    `${size} | ${prepared.types} | ${seconds.toFixed(1)} s | ${prepared.iterations} | ${prepared.lottery.entries.length} | ${rss.toFixed(0)} Mo | ${pct4(prepared.lowerBound)} – ${pct4(prepared.upperBound)} | ${pct(prepared.commitment.probability.min)} | ${pct(greedy)} | ${prepared.gap.toFixed(2)} billet(s) (${prepared.rounding})`,
  );
}
