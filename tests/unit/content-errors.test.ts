import { afterEach, describe, expect, it } from 'vitest';
import { loadContent } from '../../src/lib/content/load.ts';
import type { Problem } from '../../src/lib/content/problems.ts';
import { copyFixture, FIXTURE_ENTRY, problemsOf, type ContentCopy } from '../helpers/content.ts';

let copy: ContentCopy | undefined;
afterEach(() => copy?.remove());

function problemsAfter(change: (copy: ContentCopy) => void): Problem[] {
  copy = copyFixture();
  change(copy);
  return problemsOf(copy);
}

describe('les erreurs de contenu nomment le fichier, le champ et la raison', () => {
  it('charge le contenu de test intact', () => {
    copy = copyFixture();
    const content = loadContent(copy.root);
    expect(content.register.map((e) => e.slug)).toEqual(['detection-fuites']);
    expect(content.services.get('service-eau')?.name).toBe('Service de l’eau');
  });

  it('champ obligatoire manquant', () => {
    const problems = problemsAfter((c) => c.edit(FIXTURE_ENTRY, (d) => delete d.summary));
    expect(problems).toEqual([
      { file: 'content/registre/detection-fuites.yaml', field: 'summary', label: 'En bref', message: 'champ obligatoire manquant' },
    ]);
  });

  it('champ obligatoire imbriqué manquant', () => {
    const problems = problemsAfter((c) => c.edit(FIXTURE_ENTRY, (d) => delete d.recourse.human_review));
    expect(problems[0]).toMatchObject({
      field: 'recourse.human_review',
      label: 'Obtenir un examen par une personne',
      message: 'champ obligatoire manquant',
    });
  });

  it('valeur inconnue d’une liste fermée', () => {
    const problems = problemsAfter((c) => c.edit(FIXTURE_ENTRY, (d) => (d.system.hosting = 'nuage')));
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ field: 'system.hosting', label: 'Hébergement' });
    expect(problems[0]!.message).toMatch(/interne.*france.*ue.*hors-ue/);
  });

  it('date mal formée', () => {
    const problems = problemsAfter((c) => c.edit(FIXTURE_ENTRY, (d) => (d.lifecycle[0].date = '01/03/2024')));
    expect(problems).toEqual([
      {
        file: 'content/registre/detection-fuites.yaml',
        field: 'lifecycle.0.date',
        label: 'Date',
        message: 'date attendue au format AAAA-MM-JJ (par exemple 2025-06-30)',
      },
    ]);
  });

  it('date impossible', () => {
    const problems = problemsAfter((c) => c.edit(FIXTURE_ENTRY, (d) => (d.start_date = '2025-02-30')));
    expect(problems.map((p) => p.field)).toEqual(['start_date']);
  });

  it('référence à rien', () => {
    const problems = problemsAfter((c) => c.edit(FIXTURE_ENTRY, (d) => (d.service = 'service-inexistant')));
    expect(problems).toEqual([
      {
        file: 'content/registre/detection-fuites.yaml',
        field: 'service',
        label: 'Service responsable',
        message: 'le service « service-inexistant » n’existe pas (services connus : service-eau)',
      },
    ]);
  });

  it('champ inconnu', () => {
    const problems = problemsAfter((c) => c.edit(FIXTURE_ENTRY, (d) => (d.sumary = 'faute de frappe')));
    expect(problems[0]?.message).toBe('champ inconnu : « sumary » (faute de frappe ?)');
  });

  it('YAML illisible', () => {
    const problems = problemsAfter((c) => c.write(FIXTURE_ENTRY, 'title: [non fermé\n'));
    expect(problems[0]).toMatchObject({ file: 'content/registre/detection-fuites.yaml', field: '' });
    expect(problems[0]!.message).toMatch(/^YAML illisible/);
  });

  it('nom de fichier qui ne peut pas être une adresse, et nom réservé', () => {
    const problems = problemsAfter((c) => {
      c.write('registre/Mon Usage.yaml', 'title: x\n');
      c.write('registre/filtre.yaml', JSON.stringify(c.read(FIXTURE_ENTRY)));
    });
    expect(problems.map((p) => p.file)).toEqual(['content/registre/Mon Usage.yaml', 'content/registre/filtre.yaml']);
    expect(problems[0]!.message).toMatch(/nom de fichier invalide/);
    expect(problems[1]!.message).toMatch(/réservé/);
  });

  it('une consultation qui porte le nom de la page du reçu est refusée', () => {
    const problems = problemsAfter((c) => {
      c.write(
        'moderation.yaml',
        'rules:\n  - id: hors-sujet\n    label: Hors sujet\n    description: Sans rapport avec les questions posées.\n',
      );
      c.write(
        'consultations/ma-contribution.yaml',
        [
          'title: Une consultation mal nommée',
          'summary: Un résumé assez long pour être accepté par le schéma.',
          'context: Un contexte assez long pour être accepté par le schéma.',
          'opens: 2026-01-01',
          'closes: 2026-02-01',
          'questions:',
          '  - id: avis',
          '    kind: avis',
          '    label: Votre avis ?',
          '',
        ].join('\n'),
      );
    });
    expect(problems).toEqual([
      expect.objectContaining({ file: 'content/consultations/ma-contribution.yaml', message: expect.stringMatching(/réservé/) }),
    ]);
  });

  it('rassemble chaque problème de chaque fichier avant d’échouer', () => {
    const problems = problemsAfter((c) => {
      c.edit(FIXTURE_ENTRY, (d) => {
        d.status = 'abandonne';
        d.published = 'hier';
      });
      c.edit('services/service-eau.yaml', (d) => (d.email = 'pas-une-adresse'));
    });
    expect(problems.map((p) => `${p.file}#${p.field}`)).toEqual([
      'content/services/service-eau.yaml#email',
      'content/registre/detection-fuites.yaml#status',
      'content/registre/detection-fuites.yaml#published',
    ]);
  });

  it('présente les problèmes en un seul message lisible', () => {
    copy = copyFixture();
    copy.edit(FIXTURE_ENTRY, (d) => delete d.summary);
    expect(() => loadContent(copy!.root)).toThrow(
      /content\/registre\/detection-fuites\.yaml\n {4}• champ « summary » \(En bref\) : champ obligatoire manquant/,
    );
  });
});
