/**
 * Runs a command and samples, every 100 ms, the resident memory of its whole process tree
 * (Astro's Node process with its threads, and Pagefind's own process): the peak is the largest
 * sum seen. The processor time of the tree (user and system, every process and thread) is the
 * larger of two counts that can each only fall short: the sum of the last counters sampled for
 * each process (missing a process's last 100 ms, and processes shorter than that, such as quick
 * git calls), and the kernel's count of the children that ended and were waited for (missing
 * Pagefind's process, which nobody waits for: 9.0 s counted against 23.3 s sampled for the
 * floor's build). Linux only (/proc); elsewhere both are reported as unknown.
 */
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { procStat, processTicks, TICKS_PER_SECOND } from './cpu-share.ts';

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

/** Processor ticks of this process's children that have ended and been waited for, with theirs (cutime and cstime). */
function reapedChildrenTicks(): number | undefined {
  const stat = procStat('self');
  return stat && Number(stat.fields[16]) + Number(stat.fields[17]);
}

function treeOf(pid: number): number[] {
  return [pid, ...childrenOf(pid).flatMap(treeOf)];
}

export interface MeasuredRun {
  status: number | null;
  output: string;
  seconds: number;
  /** Largest resident memory of the process tree, in MiB; undefined without /proc. */
  peakMiB?: number;
  /** Processor seconds (user and system) of the process tree; undefined without /proc. */
  cpuSeconds?: number;
}

export function runMeasured(command: string, args: string[], options: { cwd: string; env: NodeJS.ProcessEnv }): Promise<MeasuredRun> {
  const started = performance.now();
  const reapedBefore = reapedChildrenTicks();
  const child = spawn(command, args, { ...options, stdio: ['ignore', 'pipe', 'pipe'] });
  const chunks: Buffer[] = [];
  child.stdout.on('data', (chunk: Buffer) => chunks.push(chunk));
  child.stderr.on('data', (chunk: Buffer) => chunks.push(chunk));
  const proc = existsSync('/proc') && readdirSync('/proc').length > 0;
  let peakKiB = 0;
  const ticks = new Map<number, number>();
  const sampler = setInterval(() => {
    if (!child.pid) return;
    const tree = treeOf(child.pid);
    peakKiB = Math.max(
      peakKiB,
      tree.reduce((sum, pid) => sum + residentKiB(pid), 0),
    );
    for (const pid of tree) {
      const now = processTicks(pid)?.ticks;
      if (now !== undefined) ticks.set(pid, now);
    }
  }, 100);
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (status) => {
      clearInterval(sampler);
      const sampledTicks = [...ticks.values()].reduce((sum, value) => sum + value, 0);
      const reapedTicks = (reapedChildrenTicks() ?? 0) - (reapedBefore ?? 0);
      resolve({
        status,
        output: Buffer.concat(chunks).toString('utf8'),
        seconds: (performance.now() - started) / 1000,
        peakMiB: proc ? peakKiB / 1024 : undefined,
        cpuSeconds: proc ? Math.max(sampledTicks, reapedTicks) / TICKS_PER_SECOND : undefined,
      });
    });
  });
}
