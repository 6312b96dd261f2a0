/**
 * The archive of a consultation (content/contributions/<slug>.yaml) is validated like any
 * content: its schema, then its references to the consultation and the moderation rules. Every
 * problem is reported at once, with the file, the field and a French reason.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { profileRows } from '../../src/lib/consultations/archive.ts';
import { answerText } from '../../src/lib/consultations/present.ts';
import { loadContent } from '../../src/lib/content/load.ts';
import type { Problem } from '../../src/lib/content/problems.ts';
import { copyFixture, problemsOf, type ContentCopy } from '../helpers/content.ts';
import { archiveYaml } from '../../src/server/consultations/archive.ts';
import { consultationSchema } from '../../src/schemas/consultations.ts';
import { addArchive, ARCHIVE_FILE, CONSULTATION, consultation, validArchive } from '../helpers/consultation.ts';
import { FIXTURE_SITES, materializeContent } from '../helpers/fixture-site.ts';
import { PROJECT } from '../helpers/project.ts';

let copy: ContentCopy | undefined;
afterEach(() => copy?.remove());

const FILE = `content/${ARCHIVE_FILE}`;

function problemsAfter(change: (archive: Record<string, any>) => void): Problem[] {
  copy?.remove();
  copy = copyFixture();
  addArchive(copy, change);
  return problemsOf(copy);
}

describe('archive des contributions : schéma et références', () => {
  it('charge une archive valide, rattachée à sa consultation', () => {
    copy = copyFixture();
    addArchive(copy);
    const archive = loadContent(copy.root).archives.get(CONSULTATION);
    expect(archive?.slug).toBe(CONSULTATION);
    expect(archive?.contributions[1]!.answers.avis).toBe('<b>Pas</b> convaincu : *trop cher*.');
  });

  it('des chiffres qui ne s’additionnent pas', () => {
    const problems = problemsAfter((a) => {
      a.figures.received = 7;
      a.figures.rejected_by_reason['hors-sujet'] = 1;
      a.figures.approved = 3;
    });
    expect(problems).toEqual([
      {
        file: FILE,
        field: 'figures.rejected_by_reason',
        label: 'Refus par motif',
        message: 'la somme des refus par motif (1) diffère du nombre de refus (2)',
      },
      { file: FILE, field: 'contributions', label: 'Contributions publiées', message: '2 contributions archivées pour 3 publiées' },
      { file: FILE, field: 'profiles.commune', label: 'Par commune', message: 'la répartition compte 2 contributions pour 3 publiées' },
      {
        file: FILE,
        field: 'profiles.age_bracket',
        label: 'Par tranche d’âge',
        message: 'la répartition compte 2 contributions pour 3 publiées',
      },
    ]);
    expect(problemsAfter((a) => (a.figures.received = 5))[0]).toMatchObject({
      field: 'figures.received',
      label: 'Contributions reçues',
      message: '5 reçues, mais publiées, refusées, retirées et en attente font 6',
    });
  });

  it('un profil qui nommerait une valeur sous le seuil, ou une tranche d’âge inconnue', () => {
    const problems = problemsAfter((a) => {
      a.profiles.threshold = 3;
      a.profiles.age_bracket.counts = { '25-35': 1 };
      a.profiles.age_bracket.grouped = 0;
    });
    expect(problems.map((p) => [p.field, p.message])).toEqual([
      ['profiles.age_bracket.counts', 'champ inconnu : « 25-35 » (faute de frappe ?)'],
      ['profiles.commune.counts', 'une valeur nommée compte moins de 3 contributions : elle doit être regroupée'],
      // The unknown bracket is not counted, so the total no longer matches either.
      ['profiles.age_bracket', 'la répartition compte 1 contribution pour 2 publiées'],
    ]);
  });

  it('des champs en trop, manquants ou mal formés, comme ailleurs', () => {
    const problems = problemsAfter((a) => {
      a.contributions[0].pseudonym = 'Camille';
      delete a.archived;
      a.contributions[1].date = '2026-01-20T10:04:00Z';
      a.contributions[1].answers = {};
    });
    expect(problems).toEqual([
      { file: FILE, field: 'archived', label: 'Date de l’archivage', message: 'champ obligatoire manquant' },
      {
        file: FILE,
        field: 'contributions.0',
        label: 'Contributions publiées',
        message: 'champ inconnu : « pseudonym » (faute de frappe ?)',
      },
      {
        file: FILE,
        field: 'contributions.1.date',
        label: 'Jour de l’envoi',
        message: 'date attendue au format AAAA-MM-JJ (par exemple 2025-06-30)',
      },
      {
        file: FILE,
        field: 'contributions.1.answers',
        label: 'Réponses',
        message: 'une contribution publiée répond au moins à une question',
      },
    ]);
  });

  it('des réponses qui ne correspondent pas aux questions de la consultation', () => {
    const problems = problemsAfter((a) => {
      a.contributions[0].answers = { avis: 'x'.repeat(201), usage: 'peut-etre', confiance: 6, inconnue: 'texte' };
      a.contributions[1].answers = { avis: 3, confiance: 'beaucoup' };
    });
    expect(problems.map((p) => [p.field, p.message])).toEqual([
      ['contributions.0.answers.avis', '200 caractères au plus'],
      ['contributions.0.answers.usage', '« peut-etre » n’est pas une des réponses proposées (oui, non)'],
      ['contributions.0.answers.confiance', 'note de 1 à 5 attendue'],
      ['contributions.0.answers.inconnue', 'la consultation n’a pas de question « inconnue » (questions : avis, usage, confiance)'],
      ['contributions.1.answers.avis', 'un texte est attendu'],
      ['contributions.1.answers.confiance', 'note de 1 à 5 attendue'],
    ]);
  });

  it('un usage, un motif de refus, des dates étrangers à la consultation', () => {
    const problems = problemsAfter((a) => {
      a.archived = '2026-02-01';
      a.figures.rejected_by_reason = { 'hors-sujet': 1, 'motif-disparu': 1 };
      a.contributions[0].entry = 'detection-fuites-bis';
      a.contributions[1].date = '2026-02-02';
    });
    expect(problems).toEqual([
      {
        file: FILE,
        field: 'archived',
        label: 'Date de l’archivage',
        message: 'archivée avant la fin de la consultation (close le 2026-02-01)',
      },
      {
        file: FILE,
        field: 'figures.rejected_by_reason.motif-disparu',
        label: 'Refus par motif',
        message: 'le motif « motif-disparu » n’existe pas dans les règles de modération (motifs : hors-sujet, propos-injurieux)',
      },
      {
        file: FILE,
        field: 'contributions.0.entry',
        label: 'Usage concerné',
        message: 'l’usage « detection-fuites-bis » n’est pas un de ceux de la consultation (detection-fuites)',
      },
      {
        file: FILE,
        field: 'contributions.1.date',
        label: 'Jour de l’envoi',
        message: 'hors de la période de la consultation (du 2026-01-05 au 2026-02-01)',
      },
    ]);
  });

  it('une archive sans consultation du même nom', () => {
    copy = copyFixture();
    addArchive(copy);
    copy.write('contributions/consultation-disparue.yaml', readFileSync(path.join(copy.root, ARCHIVE_FILE), 'utf8'));
    const problems = problemsOf(copy);
    expect(problems).toEqual([
      {
        file: 'content/contributions/consultation-disparue.yaml',
        field: '',
        message: 'aucune consultation « consultation-disparue » : le nom du fichier doit être celui de la consultation archivée',
      },
    ]);
  });
});

describe('archive : ce que la page affiche', () => {
  const questions = consultationSchema.parse(consultation).questions;

  it('une réponse en mots : le libellé d’un choix, une note avec son échelle, un avis tel quel', () => {
    expect(answerText(questions[1]!, 'non')).toBe('Non, il faut arrêter');
    expect(answerText(questions[2]!, 4)).toBe('4, sur une échelle de 1 (Aucune) à 5 (Totale)');
    expect(answerText(questions[0]!, '<b>tel quel</b>')).toBe('<b>tel quel</b>');
  });

  it('le profil : les valeurs nommées, puis les regroupées et les non renseignées', () => {
    const profiles = { threshold: 5, age_bracket: { counts: { '30-44': 6 }, grouped: 3, not_given: 2 } };
    expect(profileRows(profiles, 'age_bracket')).toEqual([
      { label: '30 à 44 ans', count: 6 },
      { label: 'Autres tranches d’âge (moins de 5 contributions chacune)', count: 3 },
      { label: 'Âge non indiqué', count: 2 },
    ]);
    expect(profileRows(profiles, 'commune')).toEqual([]);
    expect(profileRows(validArchive().profiles, 'commune')).toEqual([{ label: 'Essai-le-Haut', count: 2 }]);
  });

  it('chaque archive de content/, et celle du site de test, est octet pour octet celle qu’écrirait la commande', () => {
    const fixture = path.join(mkdtempSync(path.join(tmpdir(), 'registre-archives-')), 'content');
    materializeContent('essai', fixture);
    cpSync(path.join(FIXTURE_SITES, 'essai', 'public'), path.join(path.dirname(fixture), 'public'), { recursive: true });
    for (const root of [path.join(PROJECT, 'content'), fixture]) {
      for (const { slug, ...data } of loadContent(root).archives.values()) {
        const file = readFileSync(path.join(root, 'contributions', `${slug}.yaml`), 'utf8');
        expect(archiveYaml(slug, data)).toBe(file);
      }
    }
    expect(loadContent(fixture).archives.size).toBeGreaterThan(0);
    rmSync(path.dirname(fixture), { recursive: true, force: true });
  });
});
