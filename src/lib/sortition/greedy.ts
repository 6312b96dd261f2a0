/**
 * The classic greedy stratified draw, as the baseline our lottery must beat: seat after seat, take
 * the quota cell whose unmet minimum is the largest share of the volunteers still available in
 * it, and draw one of those at random among the ones no quota or household rule forbids. It can
 * dead-end; then it starts again. Its selection probabilities are estimated by simulation.
 */
import { PublicRandom } from './randomness.ts';
import type { Problem } from './solver.ts';

export function greedyPanel(problem: Problem, random: PublicRandom, attempts = 100): number[] | undefined {
  const cellsOf: number[][] = Array.from({ length: problem.size }, () => []);
  problem.cells.forEach((c, j) => c.members.forEach((i) => cellsOf[i]!.push(j)));
  const householdOf = new Map<number, number>();
  problem.households.forEach((h, j) => h.forEach((i) => householdOf.set(i, j)));
  for (let attempt = 0; attempt < attempts; attempt++) {
    const taken = new Uint8Array(problem.size);
    const filled = new Array<number>(problem.cells.length).fill(0);
    const homes = new Set<number>();
    const panel: number[] = [];
    const allowed = (i: number) =>
      !taken[i] && cellsOf[i]!.every((j) => filled[j]! < problem.cells[j]!.max) && !(householdOf.has(i) && homes.has(householdOf.get(i)!));
    while (panel.length < problem.seats) {
      let candidates: number[] = [];
      let bestRatio = -1;
      problem.cells.forEach((c, j) => {
        const need = c.min - filled[j]!;
        if (need <= 0) return;
        const available = c.members.filter(allowed);
        const ratio = available.length ? need / available.length : Infinity;
        if (ratio > bestRatio) [bestRatio, candidates] = [ratio, available];
      });
      if (bestRatio < 0) candidates = Array.from({ length: problem.size }, (_, i) => i).filter(allowed);
      if (candidates.length === 0) break;
      const chosen = candidates[random.below(candidates.length)]!;
      taken[chosen] = 1;
      panel.push(chosen);
      cellsOf[chosen]!.forEach((j) => filled[j]!++);
      if (householdOf.has(chosen)) homes.add(householdOf.get(chosen)!);
    }
    if (panel.length === problem.seats && problem.cells.every((c, j) => filled[j]! >= c.min)) return panel.sort((a, b) => a - b);
  }
  return undefined;
}

/** Each volunteer's estimated probability over `runs` greedy draws from a fixed seed. */
export function greedyProbabilities(problem: Problem, runs: number, seed = 'glouton'): number[] {
  const random = new PublicRandom(seed);
  const hits = new Array<number>(problem.size).fill(0);
  let done = 0;
  for (let r = 0; r < runs; r++) {
    const panel = greedyPanel(problem, random);
    if (!panel) continue;
    done++;
    for (const i of panel) hits[i]!++;
  }
  return hits.map((h) => (done ? h / done : 0));
}
