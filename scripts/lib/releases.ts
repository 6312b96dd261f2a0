/**
 * The layout of a deploy target, and the moves on it that must never leave it half-done.
 *
 *   <target>/current               → releases/<id>, switched by an atomic rename
 *   <target>/releases/<id>/        one release: dist/, content/, the server's code, release.json
 *   <target>/shared/data/          DATA_DIR: contributions and secret, outlive every release
 *   <target>/shared/modules/<key>/ node_modules, shared by the releases of one lock file
 *   <target>/deploiements.log      one line per switch
 *
 * A release id starts with its UTC build time, so that name order is age order.
 */
import { appendFileSync, existsSync, mkdirSync, readdirSync, readlinkSync, renameSync, rmSync, symlinkSync } from 'node:fs';
import path from 'node:path';

export const RELEASE_ID = /^\d{8}T\d{6}Z-[0-9a-z-]+$/;

export interface TargetLayout {
  root: string;
  current: string;
  releases: string;
  data: string;
  modules: string;
  log: string;
}

export function targetLayout(root: string): TargetLayout {
  const resolved = path.resolve(root);
  return {
    root: resolved,
    current: path.join(resolved, 'current'),
    releases: path.join(resolved, 'releases'),
    data: path.join(resolved, 'shared', 'data'),
    modules: path.join(resolved, 'shared', 'modules'),
    log: path.join(resolved, 'deploiements.log'),
  };
}

/** `20261205T101500Z-1a2b3c4`: the build time to the second, then the commit. */
export function releaseId(now: Date, commit: string): string {
  const stamp = now
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}Z$/, 'Z');
  return `${stamp}-${commit.toLowerCase().replace(/[^0-9a-z]+/g, '-')}`;
}

/** The target's releases, oldest first; folders left by an interrupted deploy are not releases. */
export function listReleases(layout: TargetLayout): string[] {
  if (!existsSync(layout.releases)) return [];
  return readdirSync(layout.releases)
    .filter((name) => RELEASE_ID.test(name))
    .sort();
}

/** The id of the live release, or undefined before the first deploy. */
export function liveRelease(layout: TargetLayout): string | undefined {
  try {
    return path.basename(readlinkSync(layout.current));
  } catch {
    return undefined;
  }
}

/** The release before `id` in age order: where a rollback goes. */
export function previousRelease(releases: readonly string[], id: string): string | undefined {
  const index = releases.indexOf(id);
  return index > 0 ? releases[index - 1] : undefined;
}

/**
 * Points `current` at a release in one step: a new link under a temporary name, renamed over the
 * old one (rename(2) replaces atomically), so a reader sees the old release or the new one.
 */
export function switchCurrent(layout: TargetLayout, id: string): void {
  const temporary = `${layout.current}.${process.pid}.tmp`;
  rmSync(temporary, { force: true });
  symlinkSync(path.join('releases', id), temporary);
  renameSync(temporary, layout.current);
}

export function logSwitch(layout: TargetLayout, action: string, id: string, from: string | undefined, now = new Date()): void {
  appendFileSync(layout.log, `${now.toISOString()}\t${action}\t${id}\t${from ?? '-'}\n`);
}

/**
 * The releases to delete: all but the `keep` newest, never the live one nor the one a rollback
 * would go back to.
 */
export function releasesToPrune(releases: readonly string[], live: string | undefined, keep: number): string[] {
  const kept = new Set(releases.slice(-keep));
  if (live) {
    kept.add(live);
    const before = previousRelease(releases, live);
    if (before) kept.add(before);
  }
  return releases.filter((id) => !kept.has(id));
}

/** Deletes old releases, then the module folders no kept release links to. */
export function prune(layout: TargetLayout, keep: number, modulesOf: (release: string) => string | undefined): string[] {
  const removed = releasesToPrune(listReleases(layout), liveRelease(layout), keep);
  for (const id of removed) rmSync(path.join(layout.releases, id), { recursive: true, force: true });
  if (existsSync(layout.modules)) {
    const used = new Set(listReleases(layout).map((id) => modulesOf(path.join(layout.releases, id))));
    for (const key of readdirSync(layout.modules)) {
      if (!used.has(key)) rmSync(path.join(layout.modules, key), { recursive: true, force: true });
    }
  }
  return removed;
}

export function ensureLayout(layout: TargetLayout): void {
  for (const folder of [layout.releases, layout.modules]) mkdirSync(folder, { recursive: true });
  // Personal data: readable by the service account only.
  mkdirSync(layout.data, { recursive: true, mode: 0o700 });
}
