import type { z } from 'astro/zod';
import { charterSchema } from '../schemas/charter.ts';
import { consultationSchema, moderationRulesSchema } from '../schemas/consultations.ts';
import { committeeSchema, minutesSchema } from '../schemas/governance.ts';
import { pageSchema } from '../schemas/pages.ts';
import { registerEntrySchema } from '../schemas/register.ts';
import { serviceSchema } from '../schemas/services.ts';
import { siteSchema } from '../schemas/site.ts';

/** The schema each collection's entries, or each settings file, must pass (names: src/cms/config.ts). */
export const SCHEMAS: Readonly<Record<string, z.ZodType>> = {
  registre: registerEntrySchema,
  services: serviceSchema,
  charte: charterSchema,
  comites: committeeSchema,
  'comptes-rendus': minutesSchema,
  consultations: consultationSchema,
  pages: pageSchema,
  site: siteSchema,
  moderation: moderationRulesSchema,
};
