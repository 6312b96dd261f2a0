/**
 * Where the processor went during a measured run (Linux, from /proc): the share of each group of
 * processes (the servers measured, the proxy, PostgreSQL, the load generator) and what stayed
 * idle. On a machine where they all share the same cores, it says whether a configuration was
 * limited by its own process or by the machine as a whole.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';

export interface CpuSnapshot {
  /** Ticks of the whole machine, all cores: total and idle (iowait included). */
  total: number;
  idle: number;
  /** Ticks (user + system) of each process, by pid, with its command name. */
  processes: Map<number, { name: string; ticks: number }>;
}

/**
 * The command name of a process (`self` or a pid) and its /proc/<pid>/stat fields, numbered as in
 * proc(5) (field 14 is `fields[14]`); undefined if it ended while being read.
 */
export function procStat(pid: number | 'self'): { name: string; fields: string[] } | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name is in parentheses and may hold spaces: the fields start after the last ')'.
    const name = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
    // Fields 1 and 2 are the pid and the name; the rest follow from field 3.
    const fields = ['', '', '', ...stat.slice(stat.lastIndexOf(')') + 2).split(' ')];
    return { name, fields };
  } catch {
    return undefined;
  }
}

/** Ticks of one process (utime and stime, fields 14 and 15), or undefined if it ended while being read. */
export function processTicks(pid: number): { name: string; ticks: number } | undefined {
  const stat = procStat(pid);
  return stat && { name: stat.name, ticks: Number(stat.fields[14]) + Number(stat.fields[15]) };
}

export const cpuAccountingAvailable = existsSync('/proc/stat');

/** Clock ticks per second of /proc's counters (USER_HZ, 100 on Linux unless told otherwise). */
export const TICKS_PER_SECOND = (() => {
  const run = spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' });
  const value = Number(run.stdout?.trim());
  return run.status === 0 && value > 0 ? value : 100;
})();

/** The counters now; undefined where /proc is missing. */
export function cpuSnapshot(): CpuSnapshot | undefined {
  if (!cpuAccountingAvailable) return undefined;
  const line = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
  // user nice system idle iowait irq softirq steal (guest time is already in user).
  const total = line.slice(0, 8).reduce((sum, value) => sum + value, 0);
  const idle = line[3]! + line[4]!;
  const processes = new Map<number, { name: string; ticks: number }>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const ticks = processTicks(Number(entry));
    if (ticks) processes.set(Number(entry), ticks);
  }
  return { total, idle, processes };
}

/**
 * A group of processes: given pids, or every process of a command name (PostgreSQL's backends;
 * any other PostgreSQL of the machine too). Only processes alive at the end of the run are
 * counted: one that ended meanwhile (an autovacuum worker) falls into « autres ».
 */
export interface ProcessGroup {
  label: string;
  pids?: number[];
  name?: string;
}

export interface CpuShares {
  cores: number;
  /** Percent of one core, per group label, then « autres » and « inoccupé ». */
  shares: [string, number][];
}

/** Shares of each group between two snapshots, in percent of one core (200 % = two cores busy). */
export function cpuShares(before: CpuSnapshot, after: CpuSnapshot, groups: ProcessGroup[], cores: number): CpuShares {
  const elapsed = after.total - before.total;
  const percent = (ticks: number) => (elapsed > 0 ? (ticks / elapsed) * cores * 100 : 0);
  const counted = new Set<number>();
  const shares: [string, number][] = [];
  for (const group of groups) {
    let ticks = 0;
    for (const [pid, now] of after.processes) {
      const member = group.pids ? group.pids.includes(pid) : now.name === group.name;
      if (!member || counted.has(pid)) continue;
      counted.add(pid);
      ticks += now.ticks - (before.processes.get(pid)?.ticks ?? 0);
    }
    shares.push([group.label, percent(ticks)]);
  }
  const idle = percent(after.idle - before.idle);
  const busy = cores * 100 - idle;
  const grouped = shares.reduce((sum, [, value]) => sum + value, 0);
  shares.push(['autres', Math.max(0, busy - grouped)], ['inoccupé', idle]);
  return { cores, shares };
}

/** « serveur 62 %, PostgreSQL 75 %, … » */
export const formatShares = ({ cores, shares }: CpuShares) =>
  `processeur pendant la mesure (${cores} cœurs = ${cores * 100} %) : ${shares.map(([label, value]) => `${label} ${Math.round(value)} %`).join(', ')}`;
