import { describe, expect, it } from 'vitest';
import { drawSchema, type DrawData } from '../../src/schemas/draws.ts';
import { COMMUNES, fixtureDraw } from '../helpers/draw-fixture.ts';
import { checkPool, drawRows, makeResult, prepare, roundingOf, SOFTWARE, type Preparation } from '../../src/lib/sortition/draw.ts';
import { greedyPanel, greedyProbabilities } from '../../src/lib/sortition/greedy.ts';
import { PublicRandom } from '../../src/lib/sortition/randomness.ts';
import { parsePool, PoolError, poolCounts } from '../../src/lib/sortition/pool.ts';
import { buildProblem, lotteryFrequencies, meetsQuotas, QuotaError } from '../../src/lib/sortition/solver.ts';
import { syntheticPoolCsv } from '../../src/lib/sortition/synthetic.ts';
import { volunteerCode } from '../../src/lib/sortition/codes.ts';
import { checkReferences } from '../../src/lib/content/references.ts';

const csv = syntheticPoolCsv({ size: 40, seed: 'essai', communes: COMMUNES, householdShare: 0.15 });
const draw = fixtureDraw();
const pool = parsePool(csv, draw, 'essai.csv');
let prepared: Promise<Preparation> | undefined;
const preparation = () => (prepared ??= prepare(draw, pool, '2030-01-01', 300));

describe('liste des volontaires', () => {
  it('garde la même empreinte quand seules les lignes changent d’ordre', () => {
    const [head, ...lines] = csv.trim().split('\n');
    expect(parsePool([head, ...lines.reverse()].join('\n'), draw).sha256).toBe(pool.sha256);
  });

  it('nomme la ligne et le champ d’une valeur sans quota', () => {
    const broken = csv.replace(/^(V000002,[^,]*,)[^,]*/m, '$1Atlantis');
    expect(() => parsePool(broken, draw, 'essai.csv')).toThrow(
      /essai\.csv, ligne 4, champ « commune » : la valeur « Atlantis » n’a pas de quota/,
    );
  });

  it('refuse une colonne manquante et un identifiant en double', () => {
    expect(() => parsePool('id,commune,genre\nA,Aulnay,femme\n', draw, 'x.csv')).toThrow(PoolError);
    const twice = csv.replace(/^V000003,/m, 'V000002,');
    expect(() => parsePool(twice, draw, 'x.csv')).toThrow(/l’identifiant « V000002 » figure déjà ligne 4/);
  });

  it('regroupe les valeurs de moins de 5 volontaires', () => {
    const counts = poolCounts(pool, draw);
    expect(counts.every((c) => c.count >= 5)).toBe(true);
    for (const key of ['commune', 'genre', 'age'])
      expect(counts.filter((c) => c.feature === key).reduce((s, c) => s + c.count, 0)).toBe(40);
  });
});

describe('loterie maximin', () => {
  it('chaque panel de la loterie respecte chaque quota et la règle du foyer', async () => {
    const { lottery } = await preparation();
    const problem = buildProblem(pool, draw);
    expect(problem.households.length).toBeGreaterThan(0);
    expect(lottery.entries.reduce((s, e) => s + e.count, 0)).toBe(200);
    for (const entry of lottery.entries) expect(meetsQuotas(problem, entry.rows)).toBe(true);
  });

  it('la fréquence de chacun suit la distribution équitable à 1/M près', async () => {
    const { lottery, marginals, gap, commitment } = await preparation();
    const frequency = lotteryFrequencies(lottery, pool.volunteers.length);
    const worst = Math.max(...frequency.map((f, i) => Math.abs(f - marginals[i]!)));
    expect(worst).toBeCloseTo(gap / 200, 9);
    expect(commitment.rounding_gap).toBeCloseTo(gap, 5);
    expect(worst).toBeLessThanOrEqual(1 / 200 + 1e-9);
  });

  it('un engagement de la version 2 se recalcule avec son propre arrondi, la version 3 avec le nouveau', async () => {
    const older = 'registre-ia tirage 2 (maximin par types, HiGHS 1.15.3 WebAssembly, règle sha256-v1)';
    expect(roundingOf(older)).toBe('billets');
    expect(roundingOf(SOFTWARE)).toBe('fenetres');
    // A pool where the older rounding leaves someone more than one ticket from their share.
    const largeDraw = fixtureDraw({ lottery_size: 1000 });
    const tight = parsePool(syntheticPoolCsv({ size: 56, seed: 's52', communes: COMMUNES, householdShare: 0.25 }), largeDraw);
    const current = await prepare(largeDraw, tight, '2030-01-01', 0);
    const recomputed = await prepare(largeDraw, tight, '2030-01-01', 0, older);
    expect(recomputed.commitment.software).toBe(older);
    expect([recomputed.rounding, current.rounding]).toEqual(['billets', 'fenetres']);
    expect(recomputed.marginals).toEqual(current.marginals);
    expect(recomputed.gap).toBeGreaterThan(1);
    expect(current.gap).toBeLessThanOrEqual(1 + 1e-9);
    expect(recomputed.commitment.lottery_sha256).not.toBe(current.commitment.lottery_sha256);
    expect((await prepare(largeDraw, tight, '2030-01-01', 0, older)).commitment.lottery_sha256).toBe(recomputed.commitment.lottery_sha256);
  });

  it('donne à chacun au moins autant de chances que la méthode gloutonne', async () => {
    const { commitment } = await preparation();
    const greedy = Math.min(...greedyProbabilities(buildProblem(pool, draw), 2000));
    expect(commitment.probability.min).toBeGreaterThanOrEqual(greedy);
  });

  it('refait exactement la même loterie et le même panel', async () => {
    const again = await prepare(draw, pool, '2030-01-01', 300);
    const first = await preparation();
    expect(again.commitment).toEqual(first.commitment);
    const drawn = { ...draw, commitment: first.commitment };
    expect(drawRows('essai', drawn, [3, 1, 6], 40)).toEqual(drawRows('essai', drawn, [3, 1, 6], 40));
    expect(drawRows('essai', drawn, [3, 1, 6], 40).seats).not.toEqual([]);
  });

  it('refuse le tirage quand une ligne de la liste a changé', async () => {
    const drawn = { ...draw, commitment: (await preparation()).commitment };
    // One changed row: a volunteer's age bracket.
    const edited = parsePool(
      csv.replace(/^(V000005,[^\n]*,)(16-17|18-34|35-59|60\+)(,F\d+)$/m, (_, a, age, b) => `${a}${age === '60+' ? '35-59' : '60+'}${b}`),
      draw,
    );
    expect(edited.sha256).not.toBe(pool.sha256);
    expect(() => checkPool(drawn, edited)).toThrow(/ne correspond pas à l’engagement.*Le tirage est refusé/);
    expect(() => makeResult('essai', drawn, edited, [1, 2, 3], '2030-01-10', () => 'AAAA-AAAA')).toThrow(/refusé/);
  });

  it('refuse un tirage avant la date du hasard public', async () => {
    const drawn = { ...draw, commitment: (await preparation()).commitment };
    expect(() => makeResult('essai', drawn, pool, [1, 2, 3], '2030-01-09', () => 'AAAA-AAAA')).toThrow(/n’existe que le 2030-01-10/);
  });

  it('nomme le quota impossible et ses nombres, en français', async () => {
    const impossible = fixtureDraw({
      features: [
        {
          key: 'genre',
          label: 'Genre',
          values: [
            { value: 'femme', min: 3, max: 6 },
            { value: 'homme', min: 0, max: 6 },
          ],
        },
      ],
    });
    const few = parsePool('id,genre\nA,femme\nB,femme\nC,homme\nD,homme\nE,homme\nF,homme\nG,homme\n', impossible);
    await expect(prepare(impossible, few, '2030-01-01', 0)).rejects.toThrow(
      new QuotaError(
        'quota impossible : « Genre = femme » demande au moins 3 sièges, mais la liste ne compte que 2 volontaires avec cette valeur',
      ),
    );
  });
});

describe('codes pseudonymes', () => {
  it('dépendent du secret et du tirage', () => {
    expect(volunteerCode('s1', 'essai', 'V1')).toMatch(/^[A-Z2-9]{4}-[A-Z2-9]{4}$/);
    expect(volunteerCode('s1', 'essai', 'V1')).not.toBe(volunteerCode('s2', 'essai', 'V1'));
    expect(volunteerCode('s1', 'essai', 'V1')).not.toBe(volunteerCode('s1', 'autre', 'V1'));
  });
});

describe('définition d’un tirage', () => {
  it('refuse des quotas incohérents, en nommant le critère', () => {
    const result = drawSchema.safeParse({
      ...fixtureDraw(),
      features: [
        {
          key: 'genre',
          label: 'Genre',
          values: [
            { value: 'femme', min: 5, max: 2 },
            { value: 'homme', min: 0, max: 1 },
          ],
        },
      ],
    });
    expect(result.success).toBe(false);
    const messages = result.error!.issues.map((i) => i.message);
    expect(messages).toContain('le maximum (2) est plus petit que le minimum (5)');
    expect(messages).toContain('les maximums du critère « Genre » font 3 sièges, moins que les 6 sièges');
  });

  it('la méthode gloutonne donne des panels conformes', () => {
    const problem = buildProblem(pool, draw);
    const random = new PublicRandom('essai glouton');
    for (let run = 0; run < 20; run++) expect(meetsQuotas(problem, greedyPanel(problem, random)!)).toBe(true);
  });

  it('la liste de réserve ne reprend aucun membre tiré', async () => {
    const drawn = { ...draw, commitment: (await preparation()).commitment };
    const { seats, reserves } = drawRows('essai', drawn, [9, 9, 9], 40, 40);
    expect(reserves).toHaveLength(34);
    expect(reserves.filter((r) => seats.includes(r))).toEqual([]);
  });
});

describe('règles figées par l’engagement', () => {
  it('une règle changée après l’engagement est refusée à la construction', async () => {
    const { commitment } = await preparation();
    const file = { id: 'essai', file: 'content/tirages/essai.yaml' };
    const input = (data: DrawData) => ({
      services: new Map(),
      publicDir: '/nulle-part',
      register: [],
      charters: [],
      committees: [{ id: 'conseil-essai', file: 'content/comites/conseil-essai.yaml', data: {} as never }],
      minutes: [],
      consultations: [],
      archives: [],
      draws: [{ ...file, data }],
      referrals: [],
      opinions: [],
      tools: [],
      moderation: undefined,
      moderationFile: 'content/moderation.yaml',
    });
    expect(checkReferences(input({ ...draw, commitment }))).toEqual([]);
    const problems = checkReferences(input({ ...draw, seats: 7, commitment }));
    expect(problems.map((p) => p.message)).toEqual([
      'les règles du tirage (sièges, quotas, loterie, hasard) ont changé depuis l’engagement publié : remettez-les telles qu’elles étaient',
    ]);
  });
});
