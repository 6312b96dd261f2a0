import { describe, expect, it } from 'vitest';
import { keepExactMatches, keepRelevantHighlights, searchQueries, wordsToMatchExactly } from '../../src/lib/search/query.ts';

describe('la requête de recherche', () => {
  it('laisse de côté les petits mots qui ne disent rien du sujet', () => {
    expect(searchQueries('aide au logement')).toEqual(['aide logement']);
    expect(searchQueries('  la reconnaissance   des visages ')).toEqual(['reconnaissance visages']);
    expect(searchQueries('Qui décide pour les aides ?')).toEqual(['décide aides ?']);
  });

  it('cherche un mot élidé sans son article, puis tel qu’il est écrit', () => {
    expect(searchQueries('caméras à l’accueil')).toEqual(['caméras accueil', 'caméras l’accueil']);
    expect(searchQueries("impayés d'énergie")).toEqual(['impayés énergie', "impayés d'énergie"]);
  });

  it('garde la requête quand elle n’est faite que de petits mots', () => {
    expect(searchQueries('de la')).toEqual(['de la']);
    expect(searchQueries('')).toEqual(['']);
  });
});

describe('les mots cherchés pour eux-mêmes', () => {
  it('vérifie les mots entiers, pas les mots élidés ni les lettres seules', () => {
    expect(wordsToMatchExactly('aide logement')).toEqual(['aide', 'logement']);
    expect(wordsToMatchExactly('caméras l’accueil x')).toEqual(['caméras']);
    expect(wordsToMatchExactly('eau eau')).toEqual(['eau']);
  });

  const ranked = [{ id: 'logiciel' }, { id: 'fsl' }, { id: 'prevision' }];

  it('garde l’ordre du classement et ne retient que les pages qui portent chaque mot', () => {
    expect(keepExactMatches(ranked, [new Set(['prevision', 'fsl'])])).toEqual([{ id: 'fsl' }, { id: 'prevision' }]);
    expect(keepExactMatches(ranked, [new Set(['fsl', 'prevision']), new Set(['fsl'])])).toEqual([{ id: 'fsl' }]);
  });

  it('laisse un mot en cours de frappe trouver ses prolongements', () => {
    expect(keepExactMatches(ranked, [new Set(), new Set(['fsl'])])).toEqual([{ id: 'fsl' }]);
    expect(keepExactMatches(ranked, [new Set()])).toEqual(ranked);
  });

  it('garde le résultat élargi quand aucune page ne porte tous les mots', () => {
    expect(keepExactMatches(ranked, [new Set(['fsl']), new Set(['prevision'])])).toEqual(ranked);
  });
});

describe('les mots surlignés', () => {
  it('ne surligne plus un mot qui ne partage qu’un radical court avec la recherche', () => {
    expect(keepRelevantHighlights('un <mark>logiciel</mark> pour le <mark>logement,</mark>', 'logement')).toBe(
      'un logiciel pour le <mark>logement,</mark>',
    );
  });

  it('garde les pluriels, les accents, les élisions et les mots commencés', () => {
    expect(keepRelevantHighlights('<mark>Logements</mark> et <mark>eaux</mark>', 'logement eau')).toBe(
      '<mark>Logements</mark> et <mark>eaux</mark>',
    );
    expect(keepRelevantHighlights('une <mark>aidé</mark> à <mark>l’accueil</mark>', 'aide accueil')).toBe(
      'une <mark>aidé</mark> à <mark>l’accueil</mark>',
    );
    expect(keepRelevantHighlights('<mark>logiciel</mark> et <mark>logement</mark>', 'log')).toBe(
      '<mark>logiciel</mark> et <mark>logement</mark>',
    );
  });
});
