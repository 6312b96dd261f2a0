/** Runs `node <args>` in the project folder to its end, keeping what it printed and how long it took. */
import { spawn } from 'node:child_process';
import { PROJECT } from '../../scripts/lib/project-copy.ts';

export interface NodeRun {
  code: number | null;
  output: string;
  ms: number;
}

export function runNode(args: string[], env: NodeJS.ProcessEnv): Promise<NodeRun> {
  const started = performance.now();
  return new Promise((resolve) => {
    const child = spawn(process.execPath, args, { cwd: PROJECT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    child.once('exit', (code) => resolve({ code, output, ms: performance.now() - started }));
  });
}
