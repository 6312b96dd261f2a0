/** The entry page's fields: labels read from the schema, values in words. */
import { describe, expect, it } from 'vitest';
import { loadContent } from '../../src/lib/content/load.ts';
import { entryField } from '../../src/lib/register/entry-fields.ts';
import { labelAt, metaOf, schemaAt } from '../../src/schemas/introspect.ts';
import { registerEntrySchema } from '../../src/schemas/register.ts';
import { FIXTURE } from '../helpers/content.ts';

const [entry] = loadContent(FIXTURE).register;

describe('les champs d’une fiche, tels que la page les montre', () => {
  it('prend chaque libellé dans le schéma', () => {
    for (const path of ['affected', 'data.personal_data', 'system.hosting', 'oversight.explicit_mention', 'environment.method']) {
      expect(entryField(entry!, path).label).toBe(labelAt(registerEntrySchema, path.split('.')));
    }
  });

  it('dit les valeurs en mots : libellé d’une liste fermée, Oui/Non, liste séparée par des points-virgules', () => {
    const hosting = entryField(entry!, 'system.hosting');
    expect(hosting.text).toBe(metaOf(schemaAt(registerEntrySchema, ['system', 'hosting'])!).labels![entry!.system.hosting]);
    expect(entryField(entry!, 'data.personal_data').text).toBe(entry!.data.personal_data ? 'Oui' : 'Non');
    expect(entryField(entry!, 'data.categories').text).toBe(entry!.data.categories.join(' ; '));
  });

  it('reconnaît une date et une adresse web, et un champ vide', () => {
    expect(entryField(entry!, 'revision.date')).toMatchObject({ kind: 'date', text: entry!.revision.date, empty: false });
    expect(entryField(entry!, 'system.source_code').kind).toBe('url');
    expect(entryField({ ...entry!, purpose: { ...entry!.purpose, volume: undefined } }, 'purpose.volume').empty).toBe(true);
  });

  it('dit qui est concerné précisément quand la fiche le précise, et rien sinon', () => {
    const detail = 'Les foyers qui demandent une aide du Fonds de solidarité pour le logement.';
    expect(entryField({ ...entry!, affected_detail: detail }, 'affected_detail')).toMatchObject({
      label: 'Qui précisément',
      text: detail,
      empty: false,
    });
    expect(entryField({ ...entry!, affected_detail: undefined }, 'affected_detail').empty).toBe(true);
  });

  it('refuse un chemin que le schéma ne connaît pas', () => {
    expect(() => entryField(entry!, 'system.inconnu')).toThrow('champ inconnu');
  });
});
