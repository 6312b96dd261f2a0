/**
 * Validates content/ before Astro renders anything, so that a content error stops the build with
 * the file, the field and the reason instead of a stack trace from deep inside a page. In
 * development, a change under content/ is validated again and reloads the page.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AstroIntegration, AstroIntegrationLogger } from 'astro';
import { forgetContent, getContent } from '../lib/content/load.ts';
import { forgetHistory } from '../lib/history/history.ts';
import { forgetToolHistory } from '../lib/tools/history.ts';
import { ContentError } from '../lib/content/problems.ts';

function check(root: string, logger: AstroIntegrationLogger): ContentError | undefined {
  try {
    forgetContent();
    // A change under content/ may come with a commit: the history pages read git again.
    forgetHistory();
    forgetToolHistory();
    const started = performance.now();
    const { register, services } = getContent(root);
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    logger.info(`contenu valide : ${register.length} usages, ${services.size} services, lus et vérifiés en ${seconds} s`);
    return undefined;
  } catch (error) {
    if (!(error instanceof ContentError)) throw error;
    logger.error(error.message);
    return error;
  }
}

export function contentCheck(): AstroIntegration {
  return {
    name: 'registre-ia:content-check',
    hooks: {
      'astro:config:setup': ({ command, logger, config, updateConfig }) => {
        const root = path.join(fileURLToPath(config.root), 'content');
        process.env.REGISTRE_CONTENT_DIR = root;
        const error = check(root, logger);
        if (error && command === 'build') {
          const count = error.problems.length;
          const failure = new Error(
            `contenu invalide : ${count} erreur${count > 1 ? 's' : ''}, détaillée${count > 1 ? 's' : ''} ci-dessus.`,
          );
          failure.stack = failure.message;
          throw failure;
        }
        if (command !== 'dev') return;
        updateConfig({
          vite: {
            plugins: [
              {
                name: 'registre-ia:content-reload',
                configureServer(server) {
                  server.watcher.add(root);
                  server.watcher.on('all', (_event, file) => {
                    if (!file.startsWith(root)) return;
                    check(root, logger);
                    server.ws.send({ type: 'full-reload' });
                  });
                },
              },
            ],
          },
        });
      },
    },
  };
}
