import { describe, expect, it } from 'vitest';
import type { RegisterEntry, Service } from '../../src/lib/content/load.ts';
import { countBy, filterEntries, registerFacets, selectionFromQuery, selectionToQuery } from '../../src/lib/register/facets.ts';
import { similarEntries, similarity } from '../../src/lib/register/similar.ts';
import { registerEntrySchema } from '../../src/schemas/register.ts';
import { fixtureEntry } from '../helpers/content.ts';

function entry(slug: string, change: (d: Record<string, any>) => void = () => {}): RegisterEntry {
  const data = fixtureEntry();
  change(data);
  return { slug, ...registerEntrySchema.parse(data) };
}

const services = new Map<string, Service>([
  ['service-eau', { id: 'service-eau', name: 'Service de l’eau', description: 'Eau potable.', email: 'eau@essai.example' }],
  ['service-social', { id: 'service-social', name: 'Action sociale', description: 'Aides.', email: 'social@essai.example' }],
]);
const facets = registerFacets(services);
const fuites = entry('fuites');
const chatbot = entry('chatbot', (d) => {
  d.title = 'Assistant en ligne';
  d.system.kind = 'generative';
  d.system.hosting = 'france';
  d.ai_act.risk_class = 'limite';
});
const aides = entry('aides', (d) => {
  d.service = 'service-social';
  d.policy_area = 'social-solidarites';
  d.keywords = ['aides sociales'];
  d.data.personal_data = true;
  d.data.legal_basis = 'mission-interet-public';
  d.system.hosting = 'france';
});
const all = [fuites, chatbot, aides];

describe('filtres du registre', () => {
  it('range un usage sous chacun de ses thèmes, et le compte sous chacun', () => {
    const logement = entry('logement', (d) => (d.themes = ['logement', 'aides-sociales']));
    const eau = entry('eau', (d) => (d.themes = ['eau']));
    const sans = entry('sans-theme');
    const some = [logement, eau, sans];
    expect(filterEntries(some, facets, { theme: ['aides-sociales'] }).map((e) => e.slug)).toEqual(['logement']);
    expect(filterEntries(some, facets, { theme: ['logement', 'eau'] }).map((e) => e.slug)).toEqual(['logement', 'eau']);
    const counts = countBy(
      some,
      facets.find((f) => f.key === 'theme')!,
    );
    expect([counts.get('logement'), counts.get('aides-sociales'), counts.get('eau'), counts.get('dechets')]).toEqual([1, 1, 1, 0]);
  });

  it('retient une valeur quelconque au sein d’une facette, et toutes les facettes entre elles', () => {
    expect(filterEntries(all, facets, { hebergement: ['france'] }).map((e) => e.slug)).toEqual(['chatbot', 'aides']);
    expect(filterEntries(all, facets, { hebergement: ['france', 'interne'] })).toHaveLength(3);
    expect(filterEntries(all, facets, { hebergement: ['france'], type: ['generative'] }).map((e) => e.slug)).toEqual(['chatbot']);
    expect(filterEntries(all, facets, { 'donnees-personnelles': ['oui'] }).map((e) => e.slug)).toEqual(['aides']);
    expect(filterEntries(all, facets, {})).toHaveLength(3);
  });

  it('compte chaque valeur possible, zéro compris', () => {
    const hosting = facets.find((f) => f.key === 'hebergement')!;
    expect(Object.fromEntries(countBy(all, hosting))).toEqual({ interne: 1, france: 2, ue: 0, 'hors-ue': 0 });
  });

  it('lit et écrit la sélection dans l’adresse, en laissant de côté facettes et valeurs inconnues', () => {
    const query = new URLSearchParams('statut=en-service&statut=pirate&inconnu=1&service=service-eau&statut=en-service');
    const selection = selectionFromQuery(query, facets);
    expect(selection).toEqual({ service: ['service-eau'], statut: ['en-service'] });
    expect(selectionToQuery(selection, facets)).toBe('?service=service-eau&statut=en-service');
    expect(selectionToQuery({}, facets)).toBe('');
  });
});

describe('usages proches', () => {
  it('est symétrique et classe d’abord les traits communs', () => {
    expect(similarity(fuites, chatbot)).toBeCloseTo(similarity(chatbot, fuites));
    expect(similarity(fuites, chatbot)).toBeGreaterThan(similarity(fuites, aides));
    expect(similarEntries(fuites, all, 1).map((e) => e.slug)).toEqual(['chatbot']);
  });

  it('ne cite jamais l’usage lui-même', () => {
    expect(similarEntries(fuites, all).map((e) => e.slug)).not.toContain('fuites');
  });

  it('donne, grâce à son index, le même classement que la comparaison de toutes les paires', () => {
    const kinds = ['generative', 'vision', 'regles', 'parole'];
    const areas = ['eau-dechets', 'social-solidarites', 'mobilite-transports'];
    const many = Array.from({ length: 60 }, (_, i) =>
      entry(`usage-${i}`, (d) => {
        d.title = `Usage ${String(i).padStart(2, '0')}`;
        d.system.kind = kinds[i % kinds.length];
        d.policy_area = areas[(i * 7) % areas.length];
        d.keywords = [`mot ${i % 5}`, `thème ${i % 3}`].slice(0, 1 + (i % 2));
        d.data.categories = [`catégorie ${i % 4}`];
        d.affected = i % 2 ? 'agents' : 'habitants';
      }),
    );
    const strong = (a: RegisterEntry, b: RegisterEntry) =>
      a.policy_area === b.policy_area || a.service === b.service || a.keywords.some((k) => b.keywords.includes(k));
    for (const one of many) {
      const expected = many
        .filter((other) => other !== one && strong(one, other) && similarity(one, other) > 0.15)
        .sort((x, y) => similarity(one, y) - similarity(one, x) || x.title.localeCompare(y.title, 'fr'))
        .slice(0, 3)
        .map((e) => e.slug);
      expect(similarEntries(one, many).map((e) => e.slug)).toEqual(expected);
    }
  });
});
