import { describe, expect, it } from 'vitest';
import { searchQueries } from '../../src/lib/search/query.ts';

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
