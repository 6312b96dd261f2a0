/** What the archive page shows of an archived consultation, in words a resident reads. */
import type { ContributionsArchiveData } from '../../schemas/archives.ts';
import { plural } from '../format.ts';
import { AGE_BRACKETS } from '../../schemas/contributions.ts';

export interface ProfileRow {
  label: string;
  count: number;
}

const PROFILE_WORDS = {
  commune: { others: 'Autres communes', notGiven: 'Commune non indiquée' },
  age_bracket: { others: 'Autres tranches d’âge', notGiven: 'Âge non indiqué' },
} as const;

/** The rows of a profile table: the named values, then the grouped ones and those not given. */
export function profileRows(profiles: NonNullable<ContributionsArchiveData['profiles']>, key: keyof typeof PROFILE_WORDS): ProfileRow[] {
  const group = profiles[key];
  if (!group) return [];
  const words = PROFILE_WORDS[key];
  const labels: Readonly<Record<string, string>> = key === 'age_bracket' ? AGE_BRACKETS : {};
  const rows: ProfileRow[] = Object.entries(group.counts as Record<string, number>).map(([value, count]) => ({
    label: labels[value] ?? value,
    count,
  }));
  if (group.grouped > 0) {
    rows.push({ label: `${words.others} (moins de ${plural(profiles.threshold, 'contribution')} chacune)`, count: group.grouped });
  }
  if (group.not_given > 0) rows.push({ label: words.notGiven, count: group.not_given });
  return rows;
}
