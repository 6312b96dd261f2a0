/**
 * What the form says of each field's obligation, since Decap itself knows only « required » or
 * « (optionnel) »: the build's rules between fields (src/schemas/register.ts, superRefine) make a
 * few optional fields obligatory once another field has a value. Their labels say when, and the
 * check before saving (src/cms/admin.ts, the zod schema itself) asks for them at that moment.
 *
 * Keys are `collection:path`, as in widgets.ts; a unit test checks that each one is a field.
 */
export const REQUIRED_WHEN: Readonly<Record<string, string>> = {
  'registre:data.legal_basis': 'données personnelles, décisions individuelles ou risque haut',
  'registre:oversight.explicit_mention': 'décisions individuelles',
  'registre:ai_act.annex_iii_area': 'risque haut',
  'registre:ai_act.eu_database': 'risque haut et usage en cours',
  'registre:ai_act.fria': 'risque haut et usage en cours',
  'registre:risks': 'risque haut ou décisions individuelles',
};

/** Inside an optional group: obligatory as soon as the group is started. */
export const WITHIN_GROUP = 'le groupe est rempli';

/**
 * The label the officer reads: the schema's title, and what makes the field obligatory when it
 * is not always. Decap's own « (optionnel) » is hidden (src/cms/admin.ts), so that a field
 * obligatory under a condition is never called optional.
 */
export function labelWithObligation(title: string, obligation: 'required' | 'optional' | { when: string }): string {
  if (obligation === 'required') return title;
  if (obligation === 'optional') return `${title} (optionnel)`;
  return `${title} (obligatoire si ${obligation.when})`;
}
