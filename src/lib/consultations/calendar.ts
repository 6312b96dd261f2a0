/** Where a consultation stands on a given day: to come, open or closed, from its dates. */
import type { ConsultationData } from '../../schemas/consultations.ts';
import { frenchToday } from '../format.ts';

export type ConsultationStatus = 'upcoming' | 'open' | 'closed';

/**
 * The status as the pages write it in anchors and classes (#groupe-a-venir, .consultation-close):
 * French, and kept as first published since links and styles rely on them.
 */
export const STATUS_SLUGS: Readonly<Record<ConsultationStatus, string>> = { upcoming: 'a-venir', open: 'ouverte', closed: 'close' };

/** Open from the first minute of `opens` to the last minute of `closes`, French time. */
export function consultationStatus(consultation: Pick<ConsultationData, 'opens' | 'closes'>, today = frenchToday()): ConsultationStatus {
  if (today < consultation.opens) return 'upcoming';
  if (today > consultation.closes) return 'closed';
  return 'open';
}
