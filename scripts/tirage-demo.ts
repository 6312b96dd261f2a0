/**
 * `npm run tirage:demo`: writes the demo's invented pool of volunteers (fixed seed) to
 * data/tirages/conseil-citoyen-ia-2026/volontaires.csv, outside git and content/ like a real pool.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { loadContent, contentRoot } from '../src/lib/content/load.ts';
import { syntheticPoolCsv } from '../src/lib/sortition/synthetic.ts';

const target = path.join('data', 'tirages', 'conseil-citoyen-ia-2026', 'volontaires.csv');
const { site } = loadContent(contentRoot());
mkdirSync(path.dirname(target), { recursive: true });
writeFileSync(target, syntheticPoolCsv({ size: 1000, seed: 'démo conseil citoyen 2026', communes: site.communes, householdShare: 0.08 }));
console.log(`1 000 volontaires inventés écrits dans ${target}`);
