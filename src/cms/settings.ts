/**
 * The CMS back-end settings, in ONE place. The values below are the defaults; each can be
 * overridden at build time by an environment variable (CMS_BACKEND, CMS_REPO, CMS_BRANCH,
 * CMS_BASE_URL, CMS_API_ROOT, CMS_APP_ID), so that the same code serves any authority.
 */

export const BACKENDS = ['gitlab', 'gitea', 'github'] as const;
export type BackendName = (typeof BACKENDS)[number];

export interface CmsSettings {
  /** Git forge that hosts the content repository. */
  backend: BackendName;
  /** « groupe/projet » on the forge. */
  repo: string;
  branch: string;
  /** Root of the forge (OAuth): https://gitlab.collectivite.fr */
  baseUrl: string;
  /** Its API: https://gitlab.collectivite.fr/api/v4 (GitLab), …/api/v1 (Gitea). */
  apiRoot: string;
  /** Client id of the OAuth application declared on the forge (PKCE: no secret). */
  appId: string;
  /** Largest upload (PDF, image), in bytes: stated in the CMS hints too. */
  maxFileSize: number;
}

export const DEFAULT_SETTINGS: CmsSettings = {
  backend: 'gitlab',
  repo: 'collectivite/registre-ia',
  branch: 'main',
  baseUrl: 'https://gitlab.example.org',
  apiRoot: 'https://gitlab.example.org/api/v4',
  appId: 'a-remplacer-par-l-identifiant-de-l-application-oauth',
  maxFileSize: 5 * 1000 * 1000,
};

/**
 * Whether the build was told which forge to use: with the defaults above, the login button of
 * /admin/ would lead to a forge that does not exist. GitHub needs only its repository; GitLab and
 * Gitea need their address and the OAuth application's id too.
 */
export function cmsConfigured(settings: CmsSettings): boolean {
  if (settings.repo === DEFAULT_SETTINGS.repo) return false;
  if (settings.backend === 'github') return true;
  return settings.appId !== DEFAULT_SETTINGS.appId && !/(^|\.)example\.(org|com|net)$/.test(new URL(settings.baseUrl).hostname);
}

/** The settings with the environment's overrides (an unknown back-end stops the build). */
export function cmsSettings(env: Record<string, string | undefined> = process.env): CmsSettings {
  const backend = (env.CMS_BACKEND ?? DEFAULT_SETTINGS.backend) as BackendName;
  if (!BACKENDS.includes(backend)) throw new Error(`CMS_BACKEND « ${backend} » inconnu (attendu : ${BACKENDS.join(', ')})`);
  const baseUrl = (env.CMS_BASE_URL ?? DEFAULT_SETTINGS.baseUrl).replace(/\/+$/, '');
  const defaultApi = backend === 'gitea' ? `${baseUrl}/api/v1` : backend === 'gitlab' ? `${baseUrl}/api/v4` : 'https://api.github.com';
  return {
    backend,
    repo: env.CMS_REPO ?? DEFAULT_SETTINGS.repo,
    branch: env.CMS_BRANCH ?? DEFAULT_SETTINGS.branch,
    baseUrl,
    apiRoot: (env.CMS_API_ROOT ?? (env.CMS_BASE_URL ? defaultApi : DEFAULT_SETTINGS.apiRoot)).replace(/\/+$/, ''),
    appId: env.CMS_APP_ID ?? DEFAULT_SETTINGS.appId,
    maxFileSize: Number(env.CMS_MAX_FILE_SIZE ?? DEFAULT_SETTINGS.maxFileSize),
  };
}
