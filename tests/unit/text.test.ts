import { describe, expect, it } from 'vitest';
import { linkify } from '../../src/lib/text.ts';

describe('liens dans le texte', () => {
  it('fait des liens des adresses électroniques et web, et garde le reste en texte', () => {
    expect(linkify('Écrivez à eau@metropole.fr ou sur https://exemple.fr/recours, merci.')).toEqual([
      { text: 'Écrivez à ' },
      { text: 'eau@metropole.fr', href: 'mailto:eau@metropole.fr' },
      { text: ' ou sur ' },
      { text: 'https://exemple.fr/recours', href: 'https://exemple.fr/recours' },
      { text: ', merci.' },
    ]);
  });

  it('laisse intact un texte sans adresse, balises comprises', () => {
    expect(linkify('<script>alert(1)</script> 18 esplanade')).toEqual([{ text: '<script>alert(1)</script> 18 esplanade' }]);
  });

  it('ne fait pas un lien d’une adresse javascript:', () => {
    expect(linkify('javascript:alert(1)').every((p) => p.href === undefined)).toBe(true);
  });
});
