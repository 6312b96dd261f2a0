/** Git for tests that build a repository of their own: no system, global or parent configuration is read. */
import { execFileSync } from 'node:child_process';
import path from 'node:path';

/** The environment of a git isolated in `work` (its home, its global configuration, its ceiling). */
export function isolatedGitEnv(work: string): NodeJS.ProcessEnv {
  return {
    ...process.env,
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_CONFIG_GLOBAL: path.join(work, 'gitconfig'),
    HOME: work,
    GIT_CEILING_DIRECTORIES: work,
  };
}

/** Runs git in `cwd` with that environment; returns its output. */
export function runGit(env: NodeJS.ProcessEnv, cwd: string, ...args: string[]): string {
  return execFileSync('git', args, { cwd, env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}
