/**
 * Kept only for src/pages/registre/[slug].astro, rewritten on another branch: delete this file
 * once that page imports consultationStatus from calendar.ts.
 */
export { consultationStatus } from './calendar.ts';
