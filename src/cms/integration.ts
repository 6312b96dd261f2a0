/**
 * Decap CMS at /admin/, served by the site itself: the bundle copied from node_modules (never a
 * CDN), config.yml generated from the zod schemas, the site's stylesheet for the previews and the
 * validation and preview script (src/cms/admin.ts, bundled with esbuild). In development the same
 * files are served by the dev server, which also passes /api/v1 on to decap-server when
 * `npm run cms` started one (DECAP_SERVER_PORT), so the browser only ever talks to one origin.
 */
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { request, type IncomingMessage, type ServerResponse } from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AstroIntegration } from 'astro';
import yaml from 'js-yaml';
import { configYaml } from './config.ts';
import { cmsConfigured, cmsSettings, type CmsSettings } from './settings.ts';

/** Files of node_modules/decap-cms/dist/ the page needs: the bundle, its lazy chunks and WebAssembly. */
export const DECAP_FILE = /^(?:\d+\.)?decap-cms\.js$|\.wasm$/;
export const ADMIN = 'admin';
/** Where the dev server passes the CMS's requests on to decap-server. */
export const LOCAL_API = '/api/v1/';

function decapDist(root: string): string {
  return path.join(root, 'node_modules', 'decap-cms', 'dist');
}

/** The register's script for /admin/ (validation before saving, previews), bundled for the browser. */
export async function bundleAdminScript(root: string): Promise<string> {
  const { build } = await import('esbuild');
  const result = await build({
    entryPoints: [path.join(root, 'src', 'cms', 'admin.ts')],
    bundle: true,
    format: 'iife',
    platform: 'browser',
    target: 'es2022',
    minify: true,
    legalComments: 'none',
    write: false,
    logLevel: 'silent',
  });
  return result.outputFiles[0]!.text;
}

/** The origins the CMS page talks to besides its own: the forge's API and OAuth endpoints. */
export function forgeOrigins(settings: CmsSettings): string[] {
  const urls = settings.backend === 'github' ? ['https://api.github.com', 'https://github.com'] : [settings.apiRoot, settings.baseUrl];
  return [...new Set(urls.map((url) => new URL(url).origin))];
}

/**
 * What /admin/ says when the build was not told which forge to use: what online editing needs,
 * and how to edit on a workstation meanwhile, rather than a login button towards nowhere.
 */
export function unconfiguredAdminPage(settings: CmsSettings): string {
  const variables = settings.backend === 'github' ? 'CMS_BACKEND=github et CMS_REPO' : 'CMS_BACKEND, CMS_BASE_URL, CMS_REPO et CMS_APP_ID';
  return `<!doctype html>
<html lang="fr">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <meta name="robots" content="noindex, nofollow">
  <meta http-equiv="Content-Security-Policy" content="default-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'">
  <title>Édition en ligne à configurer — Registre de l’IA</title>
  <link rel="stylesheet" href="/${ADMIN}/preview.css">
  <link rel="stylesheet" href="/theme.css">
</head>
<body>
  <main class="wrap" id="contenu">
    <h1>L’édition en ligne n’est pas encore configurée</h1>
    <p class="lead">Les fiches du registre se modifient ici, dans un éditeur qui enregistre chaque changement dans le dépôt git du contenu, sur la forge de la collectivité. Ce site a été construit sans l’adresse de cette forge : se connecter mènerait nulle part.</p>
    <h2>Pour l’équipe informatique</h2>
    <ol>
      <li>Sur la forge (GitLab, Gitea ou GitHub), déclarez une application OAuth dont l’adresse de retour est <code>https://&lt;adresse du site&gt;/admin/</code>.</li>
      <li>Construisez le site avec les variables ${variables} (le guide d’installation, README, section « Éditer le contenu », donne le détail).</li>
      <li>Donnez aux agents qui éditent le droit d’écrire sur le dépôt.</li>
    </ol>
    <h2>En attendant, sur un poste</h2>
    <p>Depuis une copie du dépôt, <code>npm run cms</code> ouvre le même éditeur sur le dossier <code>content/</code> de ce poste, sans forge ni compte : proposez ensuite les modifications par git.</p>
    <p><a href="/">Retour au site</a></p>
  </main>
</body>
</html>
`;
}

/** public/admin/index.html with the forge added to connect-src (its CSP allows 'self' only). */
export function adminPage(root: string, settings: CmsSettings): string {
  const html = readFileSync(path.join(root, 'public', ADMIN, 'index.html'), 'utf8');
  return html.replace(/connect-src 'self'/, `connect-src 'self' ${forgeOrigins(settings).join(' ')}`);
}

function siteUrl(root: string): string | undefined {
  try {
    const site = yaml.load(readFileSync(path.join(root, 'content', 'site.yaml'), 'utf8'), { schema: yaml.CORE_SCHEMA }) as { url?: string };
    return site?.url;
  } catch {
    return undefined;
  }
}

const TYPES: Readonly<Record<string, string>> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.wasm': 'application/wasm',
  '.yml': 'text/yaml; charset=utf-8',
  '.html': 'text/html; charset=utf-8',
};

function send(res: ServerResponse, file: string, body: string | Buffer): void {
  res.writeHead(200, { 'Content-Type': TYPES[path.extname(file)] ?? 'application/octet-stream', 'Cache-Control': 'no-cache' });
  res.end(body);
}

/** Passes a request on to decap-server (loopback only), which answers on /api/v1. */
function proxy(req: IncomingMessage, res: ServerResponse, port: number): void {
  const upstream = request(
    {
      host: '127.0.0.1',
      port,
      method: req.method,
      path: '/api/v1',
      headers: { ...req.headers, host: `127.0.0.1:${port}`, origin: `http://127.0.0.1:${port}` },
    },
    (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    },
  );
  upstream.on('error', (error) => {
    res.writeHead(502, { 'Content-Type': 'application/json; charset=utf-8' });
    res.end(JSON.stringify({ error: `decap-server injoignable : ${error.message}` }));
  });
  req.pipe(upstream);
}

export function decapCms(): AstroIntegration {
  let root = process.cwd();
  return {
    name: 'registre-ia:decap-cms',
    hooks: {
      'astro:config:setup': ({ command, config, updateConfig }) => {
        root = fileURLToPath(config.root);
        const settings = cmsSettings();
        if (command !== 'dev') return;
        const decapPort = Number(process.env.DECAP_SERVER_PORT ?? 0);
        let script: Promise<string> | undefined;
        updateConfig({
          vite: {
            plugins: [
              {
                name: 'registre-ia:decap-cms',
                configureServer(server) {
                  // The script is bundled again when its sources change.
                  server.watcher.on('change', (file) => {
                    if (file.includes(`${path.sep}src${path.sep}`)) script = undefined;
                  });
                  server.middlewares.use((req, res, next) => {
                    const url = new URL(req.url ?? '/', 'http://localhost');
                    const pathname = url.pathname;
                    // With a trailing slash: the site's trailingSlash 'always' turns /api/v1 into a 404.
                    if (pathname === LOCAL_API) {
                      if (!decapPort) return next();
                      return proxy(req, res, decapPort);
                    }
                    if (pathname !== `/${ADMIN}` && !pathname.startsWith(`/${ADMIN}/`)) return next();
                    void (async () => {
                      if (pathname === `/${ADMIN}`) {
                        res.writeHead(301, { Location: `/${ADMIN}/` }).end();
                      } else if (pathname === `/${ADMIN}/` || pathname === `/${ADMIN}/index.html`) {
                        send(res, 'index.html', adminPage(root, settings));
                      } else if (pathname === `/${ADMIN}/config.yml`) {
                        const host = req.headers.host ?? 'localhost:4321';
                        send(
                          res,
                          pathname,
                          configYaml({
                            settings,
                            localBackendUrl: decapPort ? `http://${host}${LOCAL_API}` : undefined,
                            siteUrl: `http://${host}`,
                          }),
                        );
                      } else if (pathname === `/${ADMIN}/registre-cms.js`) {
                        script ??= bundleAdminScript(root);
                        send(res, pathname, await script);
                      } else if (pathname === `/${ADMIN}/preview.css`) {
                        send(res, pathname, readFileSync(path.join(root, 'src', 'styles', 'global.css')));
                      } else if (pathname.startsWith(`/${ADMIN}/decap/`) && DECAP_FILE.test(path.basename(pathname))) {
                        const file = path.join(decapDist(root), path.basename(pathname));
                        if (!existsSync(file)) return next();
                        send(res, file, readFileSync(file));
                      } else {
                        next();
                      }
                    })().catch((error: unknown) => {
                      res.writeHead(500, { 'Content-Type': 'text/plain; charset=utf-8' });
                      res.end(String(error));
                    });
                  });
                },
              },
            ],
          },
        });
      },
      'astro:build:done': async ({ dir, logger }) => {
        const settings = cmsSettings();
        const admin = path.join(fileURLToPath(dir), ADMIN);
        const decap = path.join(admin, 'decap');
        mkdirSync(decap, { recursive: true });
        const files = readdirSync(decapDist(root)).filter((name) => DECAP_FILE.test(name));
        for (const name of files) copyFileSync(path.join(decapDist(root), name), path.join(decap, name));
        // The editor's files are written either way: `npm run cms` and a later configured build use them.
        writeFileSync(
          path.join(admin, 'index.html'),
          cmsConfigured(settings) ? adminPage(root, settings) : unconfiguredAdminPage(settings),
        );
        writeFileSync(path.join(admin, 'config.yml'), configYaml({ settings, siteUrl: siteUrl(root) }));
        writeFileSync(path.join(admin, 'registre-cms.js'), await bundleAdminScript(root));
        copyFileSync(path.join(root, 'src', 'styles', 'global.css'), path.join(admin, 'preview.css'));
        logger.info(
          cmsConfigured(settings)
            ? `/admin/ : Decap CMS (${files.length} fichiers), config.yml générée depuis les schémas, dépôt ${settings.backend} ${settings.repo}`
            : `/admin/ : forge non configurée (CMS_BACKEND, CMS_REPO…) : la page explique comment activer l’édition en ligne`,
        );
      },
    },
  };
}
