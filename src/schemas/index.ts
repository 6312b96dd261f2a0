/** The single source of truth of the content: pages, exports, JSON Schema and CMS derive from here. */
export { siteSchema, type SiteData } from './site.ts';
export { serviceSchema, type ServiceData } from './services.ts';
export {
  registerEntryObject,
  registerEntrySchema,
  STANDARD_VERSION,
  WITHHOLDABLE,
  type RegisterEntryData,
  type RegisterEntryInput,
} from './register.ts';
export * from './options.ts';
export { metaOf } from './introspect.ts';
