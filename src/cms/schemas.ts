import type { z } from 'astro/zod';
import { ALL_COLLECTIONS, cmsName } from '../schemas/collections.ts';

/** The schema each CMS collection's entries, or each settings file, must pass before saving, by CMS name. */
export const SCHEMAS: Readonly<Record<string, z.ZodType>> = Object.fromEntries(
  ALL_COLLECTIONS.filter((collection) => collection.cms).map((collection) => [cmsName(collection), collection.schema]),
);
