import { describe, expect, it } from 'vitest';
import { diffCharters, diffWords } from '../../src/lib/charter/diff.ts';
import type { Charter } from '../../src/lib/content/load.ts';

const join = (pieces: { kind: string; text: string }[], keep: string) =>
  pieces
    .filter((p) => p.kind !== keep)
    .map((p) => p.text)
    .join('');

describe('différences mot à mot', () => {
  it('marque les mots ajoutés et retirés, et redonne les deux textes', () => {
    const before = 'Une personne décide toujours.';
    const after = 'Une personne formée décide toujours, seule.';
    const pieces = diffWords(before, after);
    expect(join(pieces, 'added')).toBe(before);
    expect(join(pieces, 'removed')).toBe(after);
    expect(pieces.filter((p) => p.kind === 'added').map((p) => p.text.trim())).toEqual(['formée', 'toujours, seule.']);
    expect(pieces.filter((p) => p.kind === 'removed').map((p) => p.text.trim())).toEqual(['toujours.']);
  });

  it('rend un seul morceau inchangé pour deux textes égaux, et accepte les textes vides', () => {
    expect(diffWords('même texte', 'même texte')).toEqual([{ kind: 'same', text: 'même texte' }]);
    expect(diffWords('', 'nouveau')).toEqual([{ kind: 'added', text: 'nouveau' }]);
  });
});

describe('différences entre versions de la charte', () => {
  const article = (id: string, body: string, title = id) => ({ id, number: '1', title, body });
  const version = (version: string, articles: ReturnType<typeof article>[]): Charter => ({
    slug: `charte-v${version}`,
    version,
    title: 'Charte',
    status: 'projet',
    preamble: 'Préambule de la charte.',
    articles,
  });

  it('apparie les articles par identifiant : ajoutés, retirés, modifiés et inchangés', () => {
    const v1 = version('1', [
      article('humain', 'Une personne décide de chaque demande.'),
      article('sobriete', 'Peu de calcul.'),
      article('ancien', 'Supprimé ensuite.'),
    ]);
    const v2 = version('2', [
      article('humain', 'Une personne décide toujours de chaque demande.'),
      article('sobriete', 'Peu de calcul.'),
      article('nouveau', 'Ajouté.'),
    ]);
    const changes = diffCharters(v1, v2);
    expect(changes.map((c) => c.kind)).toEqual(['changed', 'same', 'added', 'removed']);
    const changed = changes[0]!;
    expect(changed.kind === 'changed' && changed.body.some((p) => p.kind === 'added' && p.text.includes('toujours'))).toBe(true);
    expect(changed.kind === 'changed' && changed.rewritten).toBe(false);
  });

  it('signale un article réécrit pour l’essentiel', () => {
    const v1 = version('1', [article('humain', 'Aucune décision concernant un habitant n’est prise par une machine seule.')]);
    const v2 = version('2', [
      article('humain', 'Un système d’IA peut classer ou proposer ; il ne décide jamais à la place d’une personne.'),
    ]);
    const [change] = diffCharters(v1, v2);
    expect(change?.kind === 'changed' && change.rewritten).toBe(true);
  });
});
