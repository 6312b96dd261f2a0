/** Dangling references between content files fail the build, naming the file and the field. */
import { afterEach, describe, expect, it } from 'vitest';
import { loadContent } from '../../src/lib/content/load.ts';
import type { Problem } from '../../src/lib/content/problems.ts';
import { copyFixture, FIXTURE_ENTRY, problemsOf, type ContentCopy } from '../helpers/content.ts';
import yaml from 'js-yaml';

let copy: ContentCopy | undefined;
afterEach(() => copy?.remove());

const dump = (data: unknown) => yaml.dump(data, { schema: yaml.CORE_SCHEMA });

const charter = (version: string, status: string, ids: string[]) => ({
  version,
  title: 'Charte de l’IA',
  status,
  adopted: '2025-01-01',
  deliberation: `Délibération n° ${version}`,
  preamble: 'Le préambule de la charte.',
  articles: ids.map((id, i) => ({ id, number: String(i + 1), title: `Article ${id}`, body: 'Le texte de cet article.' })),
});

const committee = {
  name: 'Comité de veille',
  kind: 'comite-de-veille',
  mission: 'Suivre les usages de l’IA et donner un avis.',
  composition: [{ role: 'agents', count: 4 }],
  rhythm: 'Tous les deux mois',
  created: '2024-01-01',
};

const minutes = (decisions: object[], extra: object = {}) => ({
  committee: 'comite-veille',
  date: '2025-01-10',
  title: 'Réunion de janvier',
  attendees: [{ role: 'agents', count: 3 }],
  agenda: ['Bilan des essais'],
  decisions,
  body: 'Le comité a examiné les essais en cours.',
  ...extra,
});

/** A content folder with a charter in force, a committee and one meeting with one decision. */
function governed(): ContentCopy {
  const c = copyFixture();
  c.write('charte/charte-v1.yaml', dump(charter('1', 'en-vigueur', ['humain-decide', 'transparence'])));
  c.write('comites/comite-veille.yaml', dump(committee));
  c.write(
    'comptes-rendus/reunion-janvier.yaml',
    dump(
      minutes([
        {
          id: 'cv-2025-01',
          title: 'Généralisation',
          outcome: 'avis-favorable',
          entry: 'detection-fuites',
          text: 'Avis favorable à la généralisation.',
        },
      ]),
    ),
  );
  return c;
}

function problemsAfter(change: (c: ContentCopy) => void): Problem[] {
  copy = governed();
  change(copy);
  return problemsOf(copy);
}

describe('références entre fichiers du contenu', () => {
  it('accepte une fiche qui cite un article en vigueur et une décision qui existe', () => {
    copy = governed();
    copy.edit(FIXTURE_ENTRY, (d) => {
      d.charter_articles = ['humain-decide'];
      d.lifecycle[1].decision = 'cv-2025-01';
    });
    const content = loadContent(copy.root);
    expect(content.minutes[0]!.decisions[0]!.entry).toBe('detection-fuites');
    expect(content.register[0]!.charter_articles).toEqual(['humain-decide']);
  });

  it('un article absent de la charte en vigueur', () => {
    const problems = problemsAfter((c) => c.edit(FIXTURE_ENTRY, (d) => (d.charter_articles = ['article-imaginaire'])));
    expect(problems).toEqual([
      expect.objectContaining({
        file: 'content/registre/detection-fuites.yaml',
        field: 'charter_articles.0',
        message: expect.stringContaining('« article-imaginaire » n’existe pas dans la charte en vigueur'),
      }),
    ]);
  });

  it('une décision d’étape qu’aucun compte rendu ne contient', () => {
    const problems = problemsAfter((c) => c.edit(FIXTURE_ENTRY, (d) => (d.lifecycle[1].decision = 'cv-2099-01')));
    expect(problems).toEqual([
      expect.objectContaining({ field: 'lifecycle.1.decision', message: 'la décision « cv-2099-01 » n’existe dans aucun compte rendu' }),
    ]);
  });

  it('compte rendu d’une instance inconnue, décision sur un usage inconnu, pièce jointe manquante', () => {
    const problems = problemsAfter((c) =>
      c.write(
        'comptes-rendus/reunion-janvier.yaml',
        dump({
          ...minutes(
            [{ id: 'cv-2025-01', title: 'Avis', outcome: 'rejete', entry: 'usage-disparu', text: 'Un avis sur un usage disparu.' }],
            {
              attachments: [{ label: 'Présentation', file: '/documents/absent.pdf' }],
            },
          ),
          committee: 'comite-inconnu',
        }),
      ),
    );
    expect(problems.map((p) => p.field)).toEqual(['committee', 'decisions.0.entry', 'attachments.0.file']);
    expect(problems.every((p) => p.file === 'content/comptes-rendus/reunion-janvier.yaml')).toBe(true);
  });

  it('le même identifiant de décision dans deux comptes rendus', () => {
    const problems = problemsAfter((c) =>
      c.write(
        'comptes-rendus/reunion-fevrier.yaml',
        dump(minutes([{ id: 'cv-2025-01', title: 'Doublon', outcome: 'adopte', text: 'Le même identifiant une seconde fois.' }])),
      ),
    );
    expect(problems).toEqual([expect.objectContaining({ file: 'content/comptes-rendus/reunion-janvier.yaml', field: 'decisions.0.id' })]);
  });

  it('deux chartes en vigueur, ou aucune', () => {
    const two = problemsAfter((c) => c.write('charte/charte-v2.yaml', dump(charter('2', 'en-vigueur', ['humain-decide']))));
    expect(two.map((p) => `${p.file}#${p.field}`)).toEqual([
      'content/charte/charte-v1.yaml#status',
      'content/charte/charte-v2.yaml#status',
    ]);
    const none = problemsAfter((c) => c.write('charte/charte-v1.yaml', dump(charter('1', 'abrogee', ['humain-decide']))));
    expect(none[0]!.message).toBe('aucune version de la charte n’est en vigueur');
  });

  it('une consultation sur un usage inconnu, des règles de modération qui citent un article inconnu, des consultations sans règles', () => {
    const consultation = {
      title: 'Votre avis sur la détection des fuites',
      summary: 'Donnez votre avis sur la détection des fuites du réseau.',
      context: 'Le comité décidera après la consultation.',
      opens: '2026-01-01',
      closes: '2026-02-01',
      entries: ['usage-disparu'],
      questions: [{ id: 'avis', kind: 'avis', label: 'Votre avis ?' }],
    };
    const problems = problemsAfter((c) => {
      c.write('consultations/fuites.yaml', dump(consultation));
      c.write(
        'moderation.yaml',
        dump({
          rules: [
            { id: 'injures', label: 'Propos injurieux', description: 'Les injures sont refusées.', charter_article: 'article-absent' },
          ],
        }),
      );
    });
    expect(problems.map((p) => `${p.file}#${p.field}`)).toEqual([
      'content/consultations/fuites.yaml#entries.0',
      'content/moderation.yaml#rules.0.charter_article',
    ]);
    const missing = problemsAfter((c) => c.write('consultations/fuites.yaml', dump({ ...consultation, entries: [] })));
    expect(missing).toEqual([{ file: 'content/moderation.yaml', field: '', message: 'fichier introuvable' }]);
  });

  it('un identifiant d’article employé deux fois dans une version', () => {
    const problems = problemsAfter((c) =>
      c.write('charte/charte-v1.yaml', dump(charter('1', 'en-vigueur', ['transparence', 'transparence']))),
    );
    expect(problems).toEqual([expect.objectContaining({ field: 'articles.1.id' })]);
  });
});
