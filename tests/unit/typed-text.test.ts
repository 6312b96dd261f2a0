import { describe, expect, it } from 'vitest';
import {
  forbiddenInAnswer,
  forbiddenInPseudonym,
  imitatesAuthority,
  mixedScripts,
  scriptsOf,
  skeleton,
} from '../../src/schemas/typed-text.ts';

const authority = 'Ville de Sèvres';

describe('caractères interdits dans un pseudonyme', () => {
  it('refuse les caractères qui changent le sens de lecture', () => {
    for (const char of [
      '\u200E',
      '\u200F',
      '\u061C',
      '\u202A',
      '\u202B',
      '\u202C',
      '\u202D',
      '\u202E',
      '\u2066',
      '\u2067',
      '\u2068',
      '\u2069',
    ]) {
      expect(forbiddenInPseudonym(`Camille${char}`)?.kind, char.codePointAt(0)!.toString(16)).toBe('bidi');
    }
    expect(forbiddenInPseudonym('\u202Etrevès ed eiriaM')).toEqual({ char: '\u202E', codePoint: 'U+202E', kind: 'bidi' });
  });

  it('refuse les caractères invisibles : espaces sans largeur, liants, sélecteurs de variante, étiquettes, remplissages', () => {
    const invisible = [
      '\u200B',
      '\u200C',
      '\u200D',
      '\u2060',
      '\u2064',
      '\uFEFF',
      '\u00AD',
      '\u180E',
      '\uFE0F',
      '\u{E0041}',
      '\u{E0100}',
      '\u3164',
      '\u2800',
    ];
    for (const char of invisible) {
      expect(forbiddenInPseudonym(`Cam${char}ille`)?.kind, char.codePointAt(0)!.toString(16)).toBe('invisible');
    }
  });

  it('refuse les autres caractères de contrôle et de mise en forme', () => {
    for (const char of ['\u0000', '\u0007', '\n', '\u0085', '\u2028', '\u{1D173}', '\uE000']) {
      expect(forbiddenInPseudonym(`Camille${char}`)?.kind, char.codePointAt(0)!.toString(16)).toBe('control');
    }
  });

  it('accepte un pseudonyme ordinaire, dans n’importe quel alphabet', () => {
    for (const pseudonym of ['Élodie R.', 'Jean-Pierre d’Aubigné', 'سارة', 'שרה', 'Анна Иванова', '佐藤さん', 'Zoë 🌻']) {
      expect(forbiddenInPseudonym(pseudonym), pseudonym).toBeUndefined();
    }
  });
});

describe('caractères interdits dans une réponse', () => {
  it('refuse les caractères qui réordonnent le texte et les caractères de contrôle', () => {
    expect(forbiddenInAnswer('Bien \u202Eneib')?.codePoint).toBe('U+202E');
    expect(forbiddenInAnswer('Bien\u0000')?.kind).toBe('control');
  });

  it('signale le premier caractère refusé, quelle que soit sa sorte, et une moitié de paire isolée', () => {
    expect(forbiddenInAnswer('a\u0007b\u202Ec')).toMatchObject({ codePoint: 'U+0007', kind: 'control' });
    expect(forbiddenInAnswer('a\u2066b\u0007c')).toMatchObject({ codePoint: 'U+2066', kind: 'bidi' });
    expect(forbiddenInAnswer('coupé \uD83D au milieu')).toMatchObject({ codePoint: 'U+D83D', kind: 'control' });
    expect(forbiddenInAnswer('\r')?.kind).toBe('control');
    expect(forbiddenInAnswer('😀\uDE00')).toMatchObject({ codePoint: 'U+DE00', kind: 'control' });
  });

  it('garde les retours à la ligne, les marques de sens, les liants et les emojis', () => {
    for (const answer of ['Oui.\n\tSans doute.', 'Le mot \u200Fمرحبا\u200F', 'می\u200Cخواهم', '👩\u200D💻 ❤\uFE0F']) {
      expect(forbiddenInAnswer(answer), answer).toBeUndefined();
    }
  });
});

describe('squelette d’un texte', () => {
  it('ramène à la même forme ce qui se ressemble : casse, accents, chiffres, lettres cyrilliques et grecques, pleine chasse', () => {
    const mairie = skeleton('mairie');
    for (const lookalike of [
      'MAIRIE',
      'Mаirie',
      'M4irie',
      'MAlRlE',
      'Ｍａｉｒｉｅ',
      '𝐌𝐚𝐢𝐫𝐢𝐞',
      'Rnairie',
      'M.a.i.r.i.e',
      'Maïrie',
      'ΜΑΙRΙΕ',
    ]) {
      expect(skeleton(lookalike), lookalike).toBe(mairie);
    }
    expect(skeleton('Marie')).not.toBe(mairie);
  });
});

describe('pseudonyme qui imite la collectivité ou son personnel', () => {
  it('refuse le nom de la collectivité, même écrit avec un « а » cyrillique ou sans accents', () => {
    expect(imitatesAuthority('Ville de Sèvres', authority)).toBe(true);
    expect(imitatesAuthority('VILLE DE SEVRES', authority)).toBe(true);
    expect(imitatesAuthority('Mairie de Sèvres', authority)).toBe(true);
    expect(imitatesAuthority('M\u0430irie de S\u0435vres', authority)).toBe(true);
    expect(imitatesAuthority('Communauté urbaine d’Essai-sur-Loue', 'Communauté urbaine d’Essai-sur-Loue')).toBe(true);
  });

  it('compare au nom de la collectivité donné à chaque appel, même quand il change', () => {
    expect(imitatesAuthority('Kerbriant', 'Kerbriant')).toBe(true);
    expect(imitatesAuthority('Kerbriant', 'Lanvénec')).toBe(false);
    expect(imitatesAuthority('Lanvenec', 'Lanvénec')).toBe(true);
  });

  it('refuse les mots qui parlent au nom de la collectivité ou de son personnel', () => {
    const imitations = [
      'M4irie',
      'LaMairie',
      'Le Maire',
      'Modérateur',
      'm0dératrice',
      'Modération du site',
      'Modo',
      'ADMIN',
      'Admin2',
      'a.d.m.i.n',
      'Administrateur',
      'Service communication',
      'Métropole',
      'Ville de Paris',
      'La collectivité',
      'Compte officiel',
      'Hôtel de ville',
    ];
    for (const pseudonym of imitations) expect(imitatesAuthority(pseudonym, authority), pseudonym).toBe(true);
  });

  it('accepte les noms ordinaires, même ceux qui contiennent un de ces mots en partie', () => {
    const names = [
      'Élodie R.',
      'Marie',
      'Mairesse',
      'Badminton69',
      'Neuville de Poitou',
      'Sèvres',
      'Habitante de Sèvres',
      'سارة',
      'Анна',
      'Camille',
      'Jean-Pierre',
    ];
    for (const pseudonym of names) expect(imitatesAuthority(pseudonym, authority), pseudonym).toBe(false);
  });
});

describe('alphabets mêlés dans un mot', () => {
  it('nomme les alphabets d’un mot qui en mêle plusieurs', () => {
    expect(mixedScripts('M\u0430irie de Sèvres')).toEqual(['latin', 'cyrillique']);
    expect(mixedScripts('Οfficiel')).toEqual(['grec', 'latin']);
  });

  it('ne signale pas des mots qui restent chacun dans un alphabet, ni le japonais', () => {
    for (const text of ['Élodie R.', 'Anna Иванова', 'سارة', 'M4irie', '佐藤さんはカメラを買った', '']) {
      expect(mixedScripts(text), text).toEqual([]);
    }
    expect(scriptsOf('Anna Иванова')).toEqual(['latin', 'cyrillique']);
  });
});
