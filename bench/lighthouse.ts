/**
 * `npm run bench:lighthouse` — Lighthouse (mobile defaults) on every template of the built demo
 * site, with Debian's Chromium, offline: prints the four scores per template (target 100 each).
 * Run `npm run build` first. Printed, not asserted.
 */
import * as chromeLauncher from 'chrome-launcher';
import lighthouse from 'lighthouse';
import { loadContent } from '../src/lib/content/load.ts';
import { CHROMIUM, CHROMIUM_FLAGS } from '../tests/helpers/chromium.ts';
import { DEMO } from '../tests/helpers/dist.ts';
import { startSite } from '../tests/helpers/server.ts';
import { otherTemplates, registerTemplates } from '../tests/helpers/templates.ts';

const demo = loadContent(DEMO.contentDir);
const templates = { ...registerTemplates(demo), ...otherTemplates(demo) };

const site = await startSite(DEMO);
const chrome = await chromeLauncher.launch({ chromePath: CHROMIUM, chromeFlags: CHROMIUM_FLAGS });
const categories = ['performance', 'accessibility', 'best-practices', 'seo'] as const;
const names = { performance: 'Performance', accessibility: 'Accessibilité', 'best-practices': 'Bonnes pratiques', seo: 'SEO' };
let perfect = 0;
try {
  console.log(`Lighthouse ${'(mobile, réseau simulé)'} sur ${Object.keys(templates).length} gabarits de ${site.origin}`);
  console.log(`${'gabarit'.padEnd(28)} ${categories.map((c) => names[c].padStart(16)).join('')}`);
  for (const [name, url] of Object.entries(templates)) {
    const result = await lighthouse(`${site.origin}${url}`, {
      port: chrome.port,
      output: 'json',
      logLevel: 'error',
      onlyCategories: [...categories],
    });
    const lhr = result?.lhr;
    if (!lhr) throw new Error(`Lighthouse n’a rien rendu pour ${url}`);
    const scores = categories.map((c) => Math.round((lhr.categories[c]?.score ?? 0) * 100));
    if (scores.every((s) => s === 100)) perfect++;
    console.log(`${name.padEnd(28)} ${scores.map((s) => String(s).padStart(16)).join('')}`);
    for (const c of categories) {
      if ((lhr.categories[c]?.score ?? 1) === 1) continue;
      const failing = lhr.categories[c]!.auditRefs.map((ref) => lhr.audits[ref.id]!).filter(
        (audit) =>
          audit.score !== null && audit.score < 1 && audit.scoreDisplayMode !== 'informative' && audit.scoreDisplayMode !== 'manual',
      );
      for (const audit of failing.slice(0, 4)) console.log(`    ${names[c]} : ${audit.id} — ${audit.title}`);
    }
  }
  console.log(`\n${perfect} gabarit(s) sur ${Object.keys(templates).length} à 100 dans les quatre catégories.`);
} finally {
  await chrome.kill();
  await site.stop();
}
