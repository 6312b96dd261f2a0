/**
 * Kept only for src/pages/registre/[slug].astro, rewritten on another branch, which compares the
 * status with its former French value 'close': delete this file once that page imports
 * consultationStatus from calendar.ts and compares with 'closed'.
 */
import type { ConsultationData } from '../../schemas/consultations.ts';
import { consultationStatus as statusOf } from './calendar.ts';

export function consultationStatus(consultation: Pick<ConsultationData, 'opens' | 'closes'>): string {
  const status = statusOf(consultation);
  return status === 'closed' ? 'close' : status;
}
