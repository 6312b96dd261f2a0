/**
 * The archive page, built from a copy of the fixture whose archive holds text that looks like
 * HTML and Markdown: it must come out as plain text. Then the demo's archive page in dist/.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { builtFile } from '../helpers/dist.ts';
import { fixtureSite } from '../helpers/fixture-site.ts';
import { copyFixture } from '../helpers/content.ts';
import { addArchive, CONSULTATION } from '../helpers/consultation.ts';
import { copyProject } from '../helpers/project.ts';

/** The text of <main>, tags removed and entities decoded, on one line. */
function mainText(html: string): string {
  const main = html.slice(html.indexOf('<main'), html.indexOf('</main>'));
  const decoded = main
    .replace(/<[^>]+>/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, '’')
    .replace(/&amp;/g, '&');
  return decoded.replace(/\s+/g, ' ');
}

describe('page d’archive d’une consultation', () => {
  const content = copyFixture();
  addArchive(content, (archive) => {
    archive.contributions[1].answers.avis = '<script>alert("x")</script> <b>Pas</b> convaincu : *trop cher*.\n\n[lien](https://exemple.fr)';
  });
  const project = copyProject(content.root);
  afterAll(() => {
    project.remove();
    content.remove();
  });

  it('montre les chiffres, les motifs, le profil et les contributions, le texte des habitants en clair', () => {
    const { status, output } = project.build();
    expect(status, output).toBe(0);
    const html = readFileSync(path.join(project.root, 'dist', 'client', 'consultations', CONSULTATION, 'archive', 'index.html'), 'utf8');
    expect(html).toContain('data-pagefind-filter="type:Consultation"');
    expect(html).not.toContain('<script>alert');
    expect(html).not.toContain('<b>Pas</b>');
    expect(html).not.toContain('<em>');
    expect(html).not.toContain('href="https://exemple.fr"');
    expect(html).toContain('&lt;b&gt;Pas&lt;/b&gt; convaincu : *trop cher*.');
    // A typed answer takes its own direction: written right to left, it cannot reorder the page.
    expect(html).toMatch(/<dd dir="auto"[^>]*><p>&lt;script&gt;alert/);
    expect(html).toContain('<a href="/registre/detection-fuites/"');
    const text = mainText(html);
    expect(text).toContain('Archive de la consultation « Votre avis sur la détection des fuites »');
    expect(text).toContain('6 contributions reçues en ligne, et ce qu’elles sont devenues');
    expect(text).toContain('Publiées 2 Refusées par les modérateurs 2 Retirées par leur auteur 1 Encore en attente de modération 1');
    expect(text).toContain('Hors sujet 2');
    expect(text).toContain('Essai-le-Haut 2');
    expect(text).toContain('Autres tranches d’âge (moins de 2 contributions chacune) 1 Âge non indiqué 1');
    expect(text).toContain('Contribution n° 1, envoyée le 6 janvier 2026');
    expect(text).toContain('Faut-il poursuivre ? Oui, tel quel');
    expect(text).toContain('Quelle confiance lui accordez-vous ? 4, sur une échelle de 1 (Aucune) à 5 (Totale)');
    expect(text).toContain('[lien](https://exemple.fr)');
  });

  it('existe pour la consultation close du site de test', () => {
    const html = builtFile('consultations/bilan-interpretes-accueil/archive/index.html', fixtureSite('essai'));
    const text = mainText(html);
    expect(text).toContain('17 contributions reçues en ligne');
    expect(text).toContain('Contribution envoyée plusieurs fois 1');
    expect(text).toContain('12 contributions publiées');
    expect(html).toContain('<a href="/registre/traduction-orale-accueil/"');
  });
});
