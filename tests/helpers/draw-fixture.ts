/** The small draw the sortition unit tests share: 6 seats, 3 communes, parity, 4 age brackets. */
import { drawSchema, type DrawData } from '../../src/schemas/draws.ts';

export const COMMUNES = ['Aulnay', 'Brissac', 'Cormont'];

export function fixtureDraw(overrides: Partial<DrawData> = {}): DrawData {
  return drawSchema.parse({
    title: 'Tirage d’essai',
    council: 'conseil-essai',
    seats: 6,
    algorithm: 'maximin',
    lottery_size: 200,
    reserve_size: 4,
    randomness: { source: 'Trois dés lancés en séance publique', date: '2030-01-10', rule: 'sha256-v1' },
    features: [
      { key: 'commune', label: 'Commune', values: COMMUNES.map((value) => ({ value, min: 1, max: 3 })) },
      {
        key: 'genre',
        label: 'Genre',
        values: [
          { value: 'femme', min: 3, max: 3 },
          { value: 'homme', min: 3, max: 3 },
        ],
      },
      {
        key: 'age',
        label: 'Tranche d’âge',
        values: [
          { value: '16-17', min: 1, max: 1 },
          { value: '18-34', min: 1, max: 3 },
          { value: '35-59', min: 1, max: 3 },
          { value: '60+', min: 1, max: 3 },
        ],
      },
    ],
    ...overrides,
  });
}
