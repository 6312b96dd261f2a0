/**
 * Runs a command and samples, every 100 ms, the resident memory of its whole process tree
 * (Astro's Node process with its threads, and Pagefind's own process): the peak is the largest
 * sum seen. Linux only (/proc); elsewhere the peak is reported as unknown.
 */
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';

function childrenOf(pid: number): number[] {
  const file = `/proc/${pid}/task/${pid}/children`;
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8').split(/\s+/).filter(Boolean).map(Number);
}

function residentKiB(pid: number): number {
  try {
    const match = /^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) : 0;
  } catch {
    return 0; // The process ended between listing and reading.
  }
}

function treeKiB(pid: number): number {
  return residentKiB(pid) + childrenOf(pid).reduce((sum, child) => sum + treeKiB(child), 0);
}

export interface MeasuredRun {
  status: number | null;
  output: string;
  seconds: number;
  /** Largest resident memory of the process tree, in MiB; undefined without /proc. */
  peakMiB?: number;
}

export function runMeasured(command: string, args: string[], options: { cwd: string; env: NodeJS.ProcessEnv }): Promise<MeasuredRun> {
  const started = performance.now();
  const child = spawn(command, args, { ...options, stdio: ['ignore', 'pipe', 'pipe'] });
  const chunks: Buffer[] = [];
  child.stdout.on('data', (chunk: Buffer) => chunks.push(chunk));
  child.stderr.on('data', (chunk: Buffer) => chunks.push(chunk));
  const proc = existsSync('/proc') && readdirSync('/proc').length > 0;
  let peakKiB = 0;
  const sampler = setInterval(() => {
    if (child.pid) peakKiB = Math.max(peakKiB, treeKiB(child.pid));
  }, 100);
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (status) => {
      clearInterval(sampler);
      resolve({
        status,
        output: Buffer.concat(chunks).toString('utf8'),
        seconds: (performance.now() - started) / 1000,
        peakMiB: proc ? peakKiB / 1024 : undefined,
      });
    });
  });
}
