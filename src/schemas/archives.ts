/**
 * The archive of a closed consultation, written by `npm run consultation -- archive <slug>` into
 * content/contributions/<slug>.yaml and never edited by hand (so it is not in the CMS): the
 * figures, the profile of the published contributions in aggregate, and those contributions,
 * anonymised. The file name is the consultation's; the references are checked in
 * src/lib/content/references.ts.
 */
import { z } from 'astro/zod';
import { AGE_BRACKETS } from './contributions.ts';
import { plural } from '../lib/format.ts';
import { field, isoDate, slug } from './fields.ts';

const count = z.int().min(0, 'nombre entier positif ou nul attendu');

/** A profile question in aggregate: values at or above the threshold, the rest grouped. */
function profileGroup<K extends z.ZodType<string>>(key: K, title: string) {
  return field(
    z.strictObject({
      counts: field(z.partialRecord(key, count), 'Contributions par valeur', 'Seules les valeurs atteignant le seuil sont nommées.'),
      grouped: field(count, 'Valeurs sous le seuil, regroupées'),
      not_given: field(count, 'Non renseigné'),
    }),
    title,
  ).optional();
}

const ageBracket = z.enum(Object.keys(AGE_BRACKETS) as [keyof typeof AGE_BRACKETS & string, ...(keyof typeof AGE_BRACKETS & string)[]]);

const contribution = z.strictObject({
  date: isoDate('Jour de l’envoi'),
  entry: field(slug.optional(), 'Usage concerné'),
  answers: field(
    z
      .record(slug, z.union([z.string().min(1, 'réponse vide'), z.int()], { error: 'texte ou nombre entier attendu' }))
      .refine((answers) => Object.keys(answers).length > 0, 'une contribution publiée répond au moins à une question'),
    'Réponses',
    'Par identifiant de question : le texte d’un avis, la valeur d’un choix ou la note d’une échelle.',
  ),
});

export const contributionsArchiveSchema = z
  .strictObject({
    archived: isoDate('Date de l’archivage'),
    figures: field(
      z.strictObject({
        received: field(
          count,
          'Contributions reçues',
          'Celles encore enregistrées à l’archivage : les contributions en attente purgées avant n’y sont plus.',
        ),
        approved: field(count, 'Publiées'),
        rejected: field(count, 'Refusées'),
        rejected_by_reason: field(z.record(slug, count), 'Refus par motif', 'Identifiants des règles de modération.'),
        withdrawn: field(count, 'Retirées par leur auteur'),
        pending: field(count, 'Encore en attente de modération'),
      }),
      'Chiffres',
    ),
    profiles: field(
      z
        .strictObject({
          threshold: field(
            z.int().min(1).max(100),
            'Seuil de publication',
            'Une commune ou une tranche d’âge comptant moins de contributions est regroupée avec les autres.',
          ),
          commune: profileGroup(z.string().min(1), 'Par commune'),
          age_bracket: profileGroup(ageBracket, 'Par tranche d’âge'),
        })
        .optional(),
      'Profil des contributions publiées',
    ),
    contributions: field(z.array(contribution), 'Contributions publiées', 'Sans pseudonyme, sans profil, sans heure d’envoi.'),
  })
  .superRefine((archive, ctx) => {
    const { figures } = archive;
    const issue = (path: PropertyKey[], message: string) => ctx.addIssue({ code: 'custom', path, message });
    const total = figures.approved + figures.rejected + figures.withdrawn + figures.pending;
    if (figures.received !== total) {
      issue(['figures', 'received'], `${plural(figures.received, 'reçue')}, mais publiées, refusées, retirées et en attente font ${total}`);
    }
    const byReason = Object.values(figures.rejected_by_reason).reduce((sum, n) => sum + n, 0);
    if (byReason !== figures.rejected)
      issue(
        ['figures', 'rejected_by_reason'],
        `la somme des refus par motif (${byReason}) diffère du nombre de refus (${figures.rejected})`,
      );
    if (archive.contributions.length !== figures.approved) {
      issue(
        ['contributions'],
        `${plural(archive.contributions.length, 'contribution archivée', 'contributions archivées')} pour ${plural(figures.approved, 'publiée')}`,
      );
    }
    const profiles = archive.profiles;
    for (const key of ['commune', 'age_bracket'] as const) {
      const group = profiles?.[key];
      if (!profiles || !group) continue;
      const named = Object.values(group.counts as Record<string, number>);
      const sum = named.reduce((s, n) => s + n, 0) + group.grouped + group.not_given;
      if (sum !== figures.approved)
        issue(['profiles', key], `la répartition compte ${plural(sum, 'contribution')} pour ${plural(figures.approved, 'publiée')}`);
      if (named.some((n) => n < profiles.threshold))
        issue(
          ['profiles', key, 'counts'],
          `une valeur nommée compte moins de ${plural(profiles.threshold, 'contribution')} : elle doit être regroupée`,
        );
    }
  });

export type ContributionsArchiveData = z.output<typeof contributionsArchiveSchema>;
