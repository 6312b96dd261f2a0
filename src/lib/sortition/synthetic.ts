/** Invented volunteers for tests, the bench and the demo: never a real pool. */
import { PublicRandom } from './randomness.ts';

export interface SyntheticOptions {
  size: number;
  seed: string;
  communes: readonly string[];
  /** Share of volunteers who share a household with the previous one. */
  householdShare?: number;
}

export const AGE_BRACKETS = ['16-17', '18-34', '35-59', '60+'] as const;
export const FIRST_NAMES = ['Camille', 'Dominique', 'Claude', 'Alix', 'Sacha', 'Maxime', 'Morgan', 'Lou', 'Noa', 'Eden'];
export const LAST_NAMES = ['Martin', 'Bernard', 'Durand', 'Lefèvre', 'Moreau', 'Garnier', 'Roux', 'Fontaine', 'Chevalier', 'Blanc'];

export function syntheticPoolCsv(options: SyntheticOptions): string {
  const random = new PublicRandom(options.seed);
  const lines = ['id,nom,commune,genre,age,foyer'];
  let household = 0;
  for (let i = 0; i < options.size; i++) {
    // Uneven communes and ages, as real volunteering is.
    const commune = options.communes[Math.min(random.below(options.communes.length), random.below(options.communes.length))]!;
    const genre = random.below(100) < 55 ? 'femme' : 'homme';
    const roll = random.below(100);
    const age = roll < 6 ? AGE_BRACKETS[0] : roll < 30 ? AGE_BRACKETS[1] : roll < 70 ? AGE_BRACKETS[2] : AGE_BRACKETS[3];
    if (!(i > 0 && random.below(1000) < (options.householdShare ?? 0) * 1000)) household++;
    const name = `${FIRST_NAMES[random.below(FIRST_NAMES.length)]} ${LAST_NAMES[random.below(LAST_NAMES.length)]}-${i}`;
    lines.push(`V${String(i).padStart(6, '0')},${name},${commune},${genre},${age},F${household}`);
  }
  return lines.join('\n') + '\n';
}
