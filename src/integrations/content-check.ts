/**
 * Validates content/ before Astro renders anything, so that a content error stops the build with
 * the file, the field and the reason instead of a stack trace from deep inside a page.
 */
import path from 'node:path';
import type { AstroIntegration } from 'astro';
import { loadContent } from '../lib/content/load.ts';
import { ContentError } from '../lib/content/problems.ts';

export function contentCheck(): AstroIntegration {
  return {
    name: 'registre-ia:content-check',
    hooks: {
      'astro:config:setup': ({ command, logger, config }) => {
        try {
          const root = path.join(new URL('.', config.root).pathname, 'content');
          const { register, services } = loadContent(root);
          logger.info(`contenu valide : ${register.length} usages, ${services.size} services`);
        } catch (error) {
          if (!(error instanceof ContentError)) throw error;
          logger.error(error.message);
          // In development the server stays up so the officer can fix the file and reload.
          if (command === 'build') {
            const count = error.problems.length;
            const failure = new Error(`contenu invalide : ${count} erreur${count > 1 ? 's' : ''}, détaillée${count > 1 ? 's' : ''} ci-dessus.`);
            failure.stack = failure.message;
            throw failure;
          }
        }
      },
    },
  };
}
