/** Decap's translations ship without types: the French phrases, read as a plain object tree. */
declare module 'decap-cms-locales' {
  export const fr: any;
}
