/** Where a consultation stands on a given day: to come, open or closed, from its dates. */
import type { ConsultationData } from '../../schemas/consultations.ts';
import { frenchToday } from '../format.ts';

export type ConsultationStatus = 'a-venir' | 'ouverte' | 'close';

/** Open from the first minute of `opens` to the last minute of `closes`, French time. */
export function consultationStatus(consultation: Pick<ConsultationData, 'opens' | 'closes'>, today = frenchToday()): ConsultationStatus {
  if (today < consultation.opens) return 'a-venir';
  if (today > consultation.closes) return 'close';
  return 'ouverte';
}
