/**
 * The address of every page and file of the site, in one place (French URLs, DESIGN §3): pages,
 * components, feeds, exports, the search index and the server ask here. Page addresses end with
 * a slash, as the site's `trailingSlash: 'always'` wants.
 */

export const HOME_PATH = '/';
export const REGISTER_PATH = '/registre/';
export const STATISTICS_PATH = '/registre/statistiques/';
export const CHARTER_PATH = '/charte/';
export const GOVERNANCE_PATH = '/gouvernance/';
export const CONSULTATIONS_PATH = '/consultations/';
export const MY_CONTRIBUTION_PATH = '/consultations/ma-contribution/';
export const CHANGES_PATH = '/modifications/';
export const CHANGES_FEED_PATH = '/modifications/flux.atom';
export const OPEN_DATA_PATH = '/donnees/';
export const REGISTER_FEED_PATH = '/donnees/registre.atom';
export const REGISTER_JSON_PATH = '/donnees/registre.json';
export const REGISTER_CSV_PATH = '/donnees/registre.csv';
/** registre.csv made for a French spreadsheet (semicolons, labels, French dates). */
export const REGISTER_SPREADSHEET_PATH = '/donnees/registre-tableur.csv';
export const REGISTER_SCHEMA_PATH = '/donnees/registre.schema.json';
export const SEARCH_PATH = '/recherche/';
export const SITE_MAP_PATH = '/plan-du-site/';
/** Why and how a service shows the « ce service utilise l’IA » badge. */
export const BADGE_GUIDE_PATH = '/informer-les-usagers/';
export const MODERATION_PATH = '/moderation/';
export const LOGIN_PATH = `${MODERATION_PATH}connexion/`;
export const LOGOUT_PATH = `${MODERATION_PATH}deconnexion/`;
export const AUDIT_LOG_PATH = `${MODERATION_PATH}journal/`;

/** A page written in content/pages/ (legal pages, about). */
export const pagePath = (slug: string) => `/${slug}/`;
/** The register exported to a standard (/donnees/standards/eurocities.json…). */
export const standardPath = (file: string) => `${OPEN_DATA_PATH}standards/${file}`;
export const entryPath = (slug: string) => `${REGISTER_PATH}${slug}/`;
export const entryHistoryPath = (slug: string) => `${entryPath(slug)}historique/`;
/** One entry in the shape of registre.json: /registre/<slug>.json. */
export const entryJsonPath = (slug: string) => `${REGISTER_PATH}${slug}.json`;
/** One entry as a line of registre-tableur.csv: /registre/<slug>-tableur.csv. */
export const entrySpreadsheetPath = (slug: string) => `${REGISTER_PATH}${slug}-tableur.csv`;
/** The page that publishes docs/standards.md. */
export const STANDARDS_MAPPING_PATH = '/donnees/correspondance-standards/';
/** A register filtered on one value of a facet: /registre/filtre/<facet>/<value>/. */
export const filterPath = (facet: string, value: string) => `${REGISTER_PATH}filtre/${facet}/${value}/`;
export const charterPath = (slug: string) => `${CHARTER_PATH}${slug}/`;
export const charterChangesPath = (slug: string) => `${charterPath(slug)}modifications/`;
export const committeePath = (id: string) => `${GOVERNANCE_PATH}${id}/`;
export const minutesPath = (slug: string) => `/comptes-rendus/${slug}/`;
export const consultationPath = (slug: string) => `${CONSULTATIONS_PATH}${slug}/`;
export const consultationArchivePath = (slug: string) => `${consultationPath(slug)}archive/`;
/** The anchor of a consultation's form; `usage` preselects the register entry the opinion is about. */
export const CONSULTATION_FORM_ANCHOR = 'formulaire';
export const consultationFormPath = (slug: string, usage?: string) =>
  `${consultationPath(slug)}${usage ? `?usage=${encodeURIComponent(usage)}` : ''}#${CONSULTATION_FORM_ANCHOR}`;
/** The receipt shown after sending (the code follows in the fragment, never sent to the server). */
export const consultationReceiptPath = (slug: string) => `${consultationPath(slug)}merci/`;
/** The proof-of-work challenge of a consultation's form. */
export const challengePath = (slug: string) => `${consultationPath(slug)}defi.json`;
export const moderationQueuePath = (slug: string) => `${MODERATION_PATH}${slug}/`;

/**
 * An address written in the content, as a link of the site: one on the site's own origin (a PDF
 * under /documents/ written with the production address) becomes a path, so that it works in a
 * preview or a demo served elsewhere; any other address is kept.
 */
export function siteLink(href: string, siteUrl: string): string {
  let url: URL;
  let site: URL;
  try {
    url = new URL(href);
    site = new URL(siteUrl);
  } catch {
    return href;
  }
  return url.origin === site.origin ? `${url.pathname}${url.search}${url.hash}` : href;
}

/** The full address, for feeds, exports and badges read outside the site. */
export function absoluteUrl(path: string, siteUrl: string): string {
  return new URL(path, siteUrl).href;
}

/** A draw by lot of a council's members, its open data and the JSON Schema of that data. */
export const drawPath = (council: string, draw: string) => `${GOVERNANCE_PATH}${council}/tirages/${draw}/`;
export const drawJsonPath = (council: string, draw: string) => `${GOVERNANCE_PATH}${council}/tirages/${draw}.json`;
export const DRAW_SCHEMA_PATH = '/donnees/tirage.schema.json';
/** The catalogue of AI tools: /outils/, a tool, its history, its filters, its open data. */
export const TOOLS_PATH = '/outils/';
export const toolPath = (slug: string) => `${TOOLS_PATH}${slug}/`;
export const toolHistoryPath = (slug: string) => `${toolPath(slug)}historique/`;
/** The catalogue filtered on one value: /outils/filtre/<facet>/<value>/. */
export const toolFilterPath = (facet: string, value: string) => `${TOOLS_PATH}filtre/${facet}/${value}/`;
export const TOOLS_JSON_PATH = '/donnees/outils.json';
export const TOOLS_SCHEMA_PATH = '/donnees/outils.schema.json';
export const TOOLS_CSV_PATH = '/donnees/outils.csv';
export const TOOLS_SPREADSHEET_PATH = '/donnees/outils-tableur.csv';
export const TOOLS_FEED_PATH = '/donnees/outils.atom';
