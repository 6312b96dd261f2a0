/** The one reader of zod's internals: each function on small schemas built here, then on the register's. */
import { z } from 'astro/zod';
import { describe, expect, it } from 'vitest';
import { choice, cmsHints, field, isoDate, slug } from '../../src/schemas/fields.ts';
import {
  childOf,
  elementOf,
  enumValues,
  kindOf,
  labelAt,
  literalValues,
  metaOf,
  minimumItems,
  regexCheck,
  registeredIn,
  schemaAt,
  shapeOf,
  stringFormat,
  unwrap,
  unwrapOptional,
} from '../../src/schemas/introspect.ts';
import { registerEntrySchema } from '../../src/schemas/register.ts';

const sample = z.strictObject({
  titre: field(z.string(), 'Titre'),
  statut: choice({ actif: 'Actif', clos: 'Clos' }, 'Statut').default('actif'),
  date: isoDate('Date').optional(),
  etapes: field(z.array(z.strictObject({ quand: isoDate('Quand'), code: slug.optional() })).min(2), 'Étapes'),
  version: z.literal('1.0'),
  note: field(z.string().nullable().optional(), 'Note', 'Une note libre.'),
  lu: z
    .string()
    .transform((s) => s.length)
    .pipe(z.number()),
});

describe('introspection des schémas zod', () => {
  it('retire les enveloppes optionnelles et par défaut en s’en souvenant, et elles seules', () => {
    const statut = shapeOf(sample)!.statut!;
    expect(kindOf(statut)).toBe('default');
    expect(unwrapOptional(statut)).toMatchObject({ optional: true, defaultValue: 'actif' });
    expect(kindOf(unwrapOptional(statut).schema)).toBe('enum');
    expect(unwrapOptional(shapeOf(sample)!.titre!)).toMatchObject({ optional: false, defaultValue: undefined });
    // nullable is not an optional wrapper: a form still has to ask for it.
    expect(kindOf(unwrapOptional(shapeOf(sample)!.note!).schema)).toBe('nullable');
  });

  it('va sous toutes les enveloppes, et côté entrée d’un tube', () => {
    expect(kindOf(unwrap(shapeOf(sample)!.note!))).toBe('string');
    expect(kindOf(unwrap(shapeOf(sample)!.lu!))).toBe('string');
  });

  it('descend le long d’un chemin : champ d’objet, élément de tableau', () => {
    expect(Object.keys(shapeOf(sample)!)).toEqual(['titre', 'statut', 'date', 'etapes', 'version', 'note', 'lu']);
    expect(kindOf(elementOf(shapeOf(sample)!.etapes!)!)).toBe('object');
    expect(stringFormat(schemaAt(sample, ['etapes', 0, 'quand'])!)).toBe('date');
    expect(childOf(sample, 'inconnu')).toBeUndefined();
    expect(schemaAt(sample, ['titre', 'plus-loin'])).toBeUndefined();
    expect(shapeOf(shapeOf(sample)!.titre!)).toBeUndefined();
    expect(elementOf(sample)).toBeUndefined();
  });

  it('lit les valeurs, le format, l’expression régulière et son message, le minimum d’éléments', () => {
    expect(enumValues(shapeOf(sample)!.statut!)).toEqual(['actif', 'clos']);
    expect(enumValues(shapeOf(sample)!.titre!)).toEqual([]);
    expect(literalValues(shapeOf(sample)!.version!)).toEqual(['1.0']);
    expect(stringFormat(shapeOf(sample)!.date!)).toBe('date');
    expect(stringFormat(shapeOf(sample)!.titre!)).toBeUndefined();
    const regex = regexCheck(schemaAt(sample, ['etapes', 0, 'code'])!);
    expect(regex?.pattern.test('direction-eau')).toBe(true);
    expect(regex?.message).toContain('minuscules, chiffres et tirets');
    expect(regexCheck(shapeOf(sample)!.titre!)).toBeUndefined();
    expect(minimumItems(shapeOf(sample)!.etapes!)).toBe(2);
  });

  it('trouve libellé, aide et libellés des valeurs à travers les enveloppes, et le libellé le long d’un chemin', () => {
    expect(metaOf(shapeOf(sample)!.statut!)).toEqual({ title: 'Statut', description: undefined, labels: { actif: 'Actif', clos: 'Clos' } });
    expect(metaOf(shapeOf(sample)!.note!)).toMatchObject({ title: 'Note', description: 'Une note libre.' });
    expect(metaOf(shapeOf(sample)!.version!)).toEqual({});
    expect(labelAt(sample, ['etapes', 1, 'quand'])).toBe('Quand');
    // A field without a label takes its nearest labelled parent's.
    expect(labelAt(sample, ['etapes', 1, 'code'])).toBe('Étapes');
    expect(labelAt(sample, ['inconnu'])).toBeUndefined();
  });

  it('répond pour les schémas du registre, tels que les pages et les exports les lisent', () => {
    expect(labelAt(registerEntrySchema, ['data', 'personal_data'])).toBe('Données personnelles');
    expect(stringFormat(schemaAt(registerEntrySchema, ['lifecycle', 0, 'date'])!)).toBe('date');
    expect(enumValues(schemaAt(registerEntrySchema, ['status'])!)).toContain('en-service');
    expect(metaOf(schemaAt(registerEntrySchema, ['system', 'hosting'])!).labels).toBeDefined();
  });

  it('lit un registre à part, comme les indications du CMS, à travers les enveloppes', () => {
    const hints = z.registry<{ widget: string }>();
    const note = z.string();
    hints.add(note, { widget: 'markdown' });
    expect(registeredIn(hints, note.optional().default('x'))).toEqual({ widget: 'markdown' });
    expect(registeredIn(hints, z.string())).toBeUndefined();
    expect(registeredIn(cmsHints, schemaAt(registerEntrySchema, ['service'])!)).toEqual({ ref: 'services' });
    expect(registeredIn(cmsHints, schemaAt(registerEntrySchema, ['lifecycle', 0, 'decision'])!)).toEqual({ ref: 'decisions' });
  });
});
