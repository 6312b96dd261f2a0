/**
 * The follow-up of the councils' recommendations on the fixture site, built for today: the pages
 * say where things stand with the day of the computation, the exports match the content.
 */
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { parseCsv } from '../../src/lib/open-data/csv.ts';
import { followUpOpenDataSchema, type FollowUpOpenData } from '../../src/lib/open-data/recommendations.ts';
import { formatDate } from '../../src/lib/format.ts';
import { builtFile } from '../helpers/dist.ts';
import { fixtureSite } from '../helpers/fixture-site.ts';

const essai = fixtureSite('essai');
const opinion = essai.content.opinions[0]!;
const recommendations = opinion.recommendations;
const json = JSON.parse(builtFile('donnees/suivi.json', essai)) as FollowUpOpenData;
const text = (html: string) => html.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');

describe('suivi.json et son schéma', () => {
  it('reprend chaque recommandation du contenu, avec sa réponse et l’appréciation du conseil', () => {
    expect(json.computed_on).toBe(essai.today);
    expect(json.recommendations.map((r) => r.id)).toEqual(recommendations.map((r) => `${opinion.id}/${r.id}`));
    for (const r of recommendations) {
      const published = json.recommendations.find((p) => p.recommendation === r.id)!;
      expect(published).toMatchObject(JSON.parse(JSON.stringify({ answer: r.answer, assessment: r.assessment, title: r.title })));
    }
  });
  it('marque en retard la seule recommandation retenue dont l’échéance est passée', () => {
    expect(json.recommendations.filter((r) => r.late).map((r) => r.recommendation)).toEqual(['regle-urgence']);
  });
  it('est valide selon le schéma zod et selon suivi.schema.json', () => {
    expect(followUpOpenDataSchema.safeParse(json).error?.issues).toBeUndefined();
    const ajv = new Ajv2020({ strict: false, allErrors: true });
    addFormats.default(ajv);
    const validate = ajv.compile(JSON.parse(builtFile('donnees/suivi.schema.json', essai)));
    expect(validate(json), JSON.stringify(validate.errors)).toBe(true);
    expect(
      validate({
        ...json,
        recommendations: [{ ...json.recommendations[0], answer: { ...json.recommendations[0]!.answer, status: 'acceptee' } }],
      }),
    ).toBe(false);
  });
});

describe('suivi.csv et suivi-tableur.csv', () => {
  it('une ligne par recommandation, les codes et les dates ISO pour les programmes', () => {
    const [header, ...rows] = parseCsv(builtFile('donnees/suivi.csv', essai));
    expect(rows.map((row) => row[header!.indexOf('recommendation')])).toEqual(recommendations.map((r) => r.id));
    const first = rows[0]!;
    expect(first[header!.indexOf('status')]).toBe(recommendations[0]!.answer!.status);
    expect(first[header!.indexOf('due')]).toBe(recommendations[0]!.answer!.due);
    expect(first[header!.indexOf('late')]).toBe('true');
    expect(JSON.parse(first[header!.indexOf('milestones')]!)).toEqual(recommendations[0]!.answer!.milestones);
  });
  it('les libellés et les dates à la française pour un tableur', () => {
    const file = builtFile('donnees/suivi-tableur.csv', essai);
    expect(file.startsWith('\uFEFF')).toBe(true);
    const [header, ...rows] = parseCsv(file.slice(1), ';');
    expect(header).toContain('Réponse de la collectivité');
    const statuses = rows.map((row) => row[header!.indexOf('Réponse de la collectivité')]);
    expect(statuses).toEqual(['Retenue', 'Retenue en partie', 'Non retenue', 'À l’étude', 'Sans réponse']);
    const [year, month, day] = recommendations[0]!.answer!.due!.split('-');
    expect(rows[0]![header!.indexOf('Échéance')]).toBe(`${day}/${month}/${year}`);
  });
});

describe('suivi.atom', () => {
  it('une entrée par réponse et par étape, la plus récente d’abord', () => {
    const feed = builtFile('donnees/suivi.atom', essai);
    const answers = recommendations.filter((r) => r.answer).length;
    const milestones = recommendations.reduce((n, r) => n + (r.answer?.milestones.length ?? 0), 0);
    expect(feed.match(/<entry>/g)).toHaveLength(answers + milestones);
    const days = [...feed.matchAll(/<entry>[\s\S]*?<updated>([^<]+)<\/updated>/g)].map((m) => m[1]!);
    expect(days).toEqual([...days].sort().reverse());
  });
});

describe('les pages', () => {
  it('la page de l’avis montre la saisine, chaque recommandation, la réponse et l’appréciation côte à côte, et le jour du calcul', () => {
    const page = text(builtFile(`gouvernance/${opinion.committee}/avis/${opinion.id}/index.html`, essai));
    expect(page).toContain(essai.content.referrals.get(opinion.referral!)!.title);
    for (const r of recommendations) expect(page).toContain(`Recommandation ${r.number} — ${r.title}`);
    expect(page.match(/Appréciation du conseil/g)!.length).toBeGreaterThanOrEqual(recommendations.length);
    expect(page).toContain(`Retards calculés le ${formatDate(essai.today)}`);
    expect(page).toContain('En retard');
  });
  it('le suivi filtré par retard, sans JavaScript : une page par valeur', () => {
    const late = text(builtFile('suivi/retard/en-retard/index.html', essai));
    expect(late).toContain(recommendations[0]!.title);
    expect(late).not.toContain(recommendations[1]!.title);
    expect(builtFile('suivi/index.html', essai)).not.toMatch(/<script/);
  });
  it('la fiche du registre et l’article de la charte listent les recommandations qui les concernent', () => {
    const entry = text(builtFile('registre/priorisation-demandes-fsl/index.html', essai));
    expect(entry).toContain('Recommandations des conseils sur cet usage');
    expect(entry).toContain(recommendations[1]!.title);
    const charter = text(builtFile('charte/index.html', essai));
    expect(charter).toContain('Recommandations des conseils sur cet article');
  });
  it('l’accueil et la page de l’instance disent où en sont les recommandations', () => {
    for (const file of ['index.html', `gouvernance/${opinion.committee}/index.html`]) {
      const page = text(builtFile(file, essai));
      expect(page).toContain('5 recommandations : 1 retenue, 1 retenue en partie, 1 non retenue, 1 à l’étude, 1 sans réponse.');
      expect(page).toContain(`1 engagement en retard sur l’échéance au ${formatDate(essai.today)}`);
    }
  });
});
