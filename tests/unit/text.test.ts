import { describe, expect, it } from 'vitest';
import { linkify } from '../../src/lib/text.ts';

describe('linkify', () => {
  it('links e-mail and web addresses and keeps the rest as text', () => {
    expect(linkify('Écrivez à eau@metropole.fr ou sur https://exemple.fr/recours, merci.')).toEqual([
      { text: 'Écrivez à ' },
      { text: 'eau@metropole.fr', href: 'mailto:eau@metropole.fr' },
      { text: ' ou sur ' },
      { text: 'https://exemple.fr/recours', href: 'https://exemple.fr/recours' },
      { text: ', merci.' },
    ]);
  });

  it('leaves text without address untouched, markup included', () => {
    expect(linkify('<script>alert(1)</script> 18 esplanade')).toEqual([{ text: '<script>alert(1)</script> 18 esplanade' }]);
  });

  it('does not turn javascript: into a link', () => {
    expect(linkify('javascript:alert(1)').every((p) => p.href === undefined)).toBe(true);
  });
});
