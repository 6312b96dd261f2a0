import type { z } from 'astro/zod';
import { ALL_COLLECTIONS, cmsName } from '../schemas/collections.ts';

/** The schema each CMS collection's entries, or each settings file, must pass before saving, by CMS name. */
export const SCHEMAS: Readonly<Record<string, z.ZodType>> = Object.fromEntries(
  ALL_COLLECTIONS.filter((collection) => collection.cms).map((collection) => [cmsName(collection), collection.schema]),
);

/** The loose schema of a draft (`draft: true`), for the collections that have drafts, by CMS name. */
export const DRAFT_SCHEMAS: Readonly<Record<string, z.ZodType>> = Object.fromEntries(
  ALL_COLLECTIONS.flatMap((collection) =>
    collection.cms && 'draftSchema' in collection && collection.draftSchema ? [[cmsName(collection), collection.draftSchema]] : [],
  ),
);
