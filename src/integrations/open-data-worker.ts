/**
 * The open data thread of ./open-data-files.ts. From the content the main thread has checked, it
 * produces the full exports and each entry's download files while Astro builds; once told that
 * the site's folder is ready (Astro empties it first), it writes each file there, the full
 * exports with their compressed copies (./compression.ts). Then, until told that the rendering
 * is over, it compresses the pages Astro has written so far, on the core the rendering leaves
 * free; it replies with what it compressed.
 */
import { mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parentPort, workerData } from 'node:worker_threads';
import type { Content } from '../lib/content/load.ts';
import { entryJson, entrySpreadsheet, type DataFile } from '../lib/open-data/entry-files.ts';
import { fullExports } from '../lib/open-data/full-exports.ts';
import { fileCompressor, isCompressible, type CompressionSettings, type FileResult } from './compression.ts';

export interface OpenDataSettings {
  /** The content the main thread has read and checked, copied into this thread. */
  content: Content;
  compression: CompressionSettings;
}
/** First the site's folder, when it may be written; then the end of the rendering. */
export type OpenDataMessage = { kind: 'site-ready'; site: string } | { kind: 'rendered' };
export type OpenDataReply =
  | { kind: 'written'; compressed: FileResult[]; uncompressed: number; pages: number; seconds: number; waitedSeconds: number }
  | { kind: 'failed'; message: string };

const settings = workerData as OpenDataSettings;
const compressFile = fileCompressor(settings.compression);
let rendered = false;
const siteReady = new Promise<string>((resolve) =>
  parentPort!.on('message', (message: OpenDataMessage) => {
    if (message.kind === 'site-ready') resolve(message.site);
    else rendered = true;
  }),
);

/** The files to write, and whether to compress them (not the entries' download files). */
function* dataFiles(content: Content): Generator<[DataFile, boolean]> {
  for (const file of fullExports(content)) yield [file, true];
  for (const entry of content.register) {
    yield [entryJson(content, entry), false];
    yield [entrySpreadsheet(content, entry), false];
  }
}

/** A file Astro has not touched for this long is taken as written; the end of the build checks. */
const SETTLED_MS = 300;
const pause = (milliseconds: number) => new Promise((resolve) => setTimeout(resolve, milliseconds));

/** Compresses the pages that appear under `site` until the rendering ends. */
async function compressPagesAsWritten(site: string, done: Set<string>, results: FileResult[]): Promise<number> {
  let count = 0;
  while (!rendered) {
    for (const entry of readdirSync(site, { recursive: true, withFileTypes: true })) {
      if (rendered) break;
      const file = path.join(entry.parentPath, entry.name);
      if (!entry.isFile() || done.has(file) || !isCompressible(path.relative(site, file))) continue;
      try {
        const stat = statSync(file);
        if (Date.now() - stat.mtimeMs < SETTLED_MS) continue;
        done.add(file);
        results.push(compressFile(file, stat));
        count++;
      } catch {
        continue; // Removed meanwhile: the end of the build deals with what is there.
      }
      // Now and then, let the end of the rendering be heard.
      if (count % 20 === 0) await pause(0);
    }
    if (!rendered) await pause(250);
  }
  return count;
}

async function writeAll(): Promise<OpenDataReply> {
  const started = performance.now();
  const { content } = settings;
  const results: FileResult[] = [];
  const done = new Set<string>();
  const folders = new Set<string>();
  let site: string | undefined;
  let waited = 0;
  let uncompressed = 0;
  for (const [file, compressed] of dataFiles(content)) {
    if (site === undefined) {
      const waiting = performance.now();
      site = await siteReady;
      waited = performance.now() - waiting;
    }
    const target = path.join(site, ...file.path.split('/'));
    const folder = path.dirname(target);
    if (!folders.has(folder)) mkdirSync(folder, { recursive: true });
    folders.add(folder);
    const bytes = Buffer.from(file.body);
    writeFileSync(target, bytes);
    done.add(target);
    if (compressed) results.push(compressFile(target, statSync(target), bytes));
    else uncompressed++;
  }
  const seconds = (performance.now() - started) / 1000;
  const pages = site === undefined ? 0 : await compressPagesAsWritten(site, done, results);
  return { kind: 'written', compressed: results, uncompressed, pages, seconds, waitedSeconds: waited / 1000 };
}

writeAll().then(
  (reply) => parentPort!.postMessage(reply),
  (error: unknown) =>
    parentPort!.postMessage({ kind: 'failed', message: error instanceof Error ? (error.stack ?? error.message) : String(error) }),
);
