/**
 * What the generic reference check cannot see in the councils' opinions: that each reference
 * exists is checked there; here, that it fits. An opinion answers a referral put to its own
 * council, after it; the council adopts its opinion and its assessments in its own sessions.
 */
import type { MinutesData } from '../../schemas/governance.ts';
import type { OpinionData, ReferralData } from '../../schemas/opinions.ts';
import type { Parsed } from './load.ts';
import type { Problem } from './problems.ts';

export function checkOpinions(referrals: Parsed<ReferralData>[], opinions: Parsed<OpinionData>[], minutes: Parsed<MinutesData>[]): Problem[] {
  const problems: Problem[] = [];
  const referralsById = new Map(referrals.map((r) => [r.id, r.data]));
  // Which committee took each decision, and on which day.
  const decisions = new Map(minutes.flatMap((m) => m.data.decisions.map((d) => [d.id, { committee: m.data.committee, date: m.data.date }] as const)));

  for (const { file, data: opinion } of opinions) {
    const referral = opinion.referral ? referralsById.get(opinion.referral) : undefined;
    if (referral && referral.committee !== opinion.committee) {
      problems.push({
        file,
        field: 'referral',
        label: 'Saisine',
        message: `la saisine « ${opinion.referral} » a été adressée à l’instance « ${referral.committee} », pas à « ${opinion.committee} »`,
      });
    }
    if (referral && referral.date > opinion.date) {
      problems.push({ file, field: 'date', label: 'Date d’adoption', message: `l’avis précède sa saisine (du ${referral.date})` });
    }
    const adopting = opinion.decision ? decisions.get(opinion.decision) : undefined;
    if (adopting && adopting.committee !== opinion.committee) {
      problems.push({
        file,
        field: 'decision',
        label: 'Décision qui adopte l’avis',
        message: `la décision « ${opinion.decision} » a été prise par l’instance « ${adopting.committee} », pas par celle qui rend l’avis`,
      });
    }
    opinion.recommendations.forEach((recommendation, i) => {
      const session = recommendation.assessment ? decisions.get(recommendation.assessment.session) : undefined;
      if (session && session.committee !== opinion.committee) {
        problems.push({
          file,
          field: `recommendations.${i}.assessment.session`,
          label: 'Séance qui l’a adoptée',
          message: `l’appréciation est celle du conseil : la décision « ${recommendation.assessment!.session} » a été prise par l’instance « ${session.committee} »`,
        });
      }
    });
  }
  return problems;
}
