import { describe, expect, it } from 'vitest';
import { loadContent } from '../../src/lib/content/load.ts';
import { registerStatistics } from '../../src/lib/register/statistics.ts';
import { BADGE_LABEL, BADGE_VALUE, badgeSnippet, badgeSvg, badgeWidth } from '../../src/lib/badge/badge.ts';
import { FIXTURE } from '../helpers/content.ts';

describe('statistiques du registre', () => {
  const content = loadContent(FIXTURE);
  const series = registerStatistics(content.register, content.services);

  it('compte chaque facette, et les totaux font le nombre de fiches', () => {
    const status = series.find((s) => s.id === 'statut')!;
    expect(status.rows.find((r) => r.label === 'En service')?.value).toBe(1);
    expect(status.rows.reduce((sum, r) => sum + r.value, 0)).toBe(content.register.length);
  });

  it('compte les étapes par année, dans l’ordre', () => {
    const years = series.find((s) => s.id === 'etapes-par-an')!;
    expect(years.rows).toEqual([
      { label: '2024', value: 1 },
      { label: '2025', value: 1 },
    ]);
  });
});

describe('le badge', () => {
  it('est un SVG avec un titre et un texte échappé', () => {
    const svg = badgeSvg({ label: BADGE_LABEL, value: 'A & <B>', colour: '#1d3a6e', title: 'Titre "cité"' });
    expect(svg).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    expect(svg).toContain('<title>Titre &quot;cité&quot;</title>');
    expect(svg).toContain('A &amp; &lt;B&gt;');
    expect(svg).not.toContain('<B>');
  });

  it('donne un code avec des adresses absolues, un texte de remplacement et la taille du badge', () => {
    const snippet = badgeSnippet('https://registre.example', 'fuites', 'Fuites « eau » & <réseau>');
    expect(snippet).toBe(
      `<a href="https://registre.example/registre/fuites/"><img src="https://registre.example/badge-ia.svg" alt="Ce service utilise l’intelligence artificielle : en savoir plus sur « Fuites « eau » &amp; &lt;réseau&gt; » dans le registre" width="${badgeWidth(BADGE_LABEL, BADGE_VALUE)}" height="28"></a>`,
    );
  });
});
