/**
 * The open data thread of ./open-data-files.ts. It reads the content and produces the full
 * exports and each entry's download files while Astro builds; once told that the site's folder
 * is ready (Astro empties it first), it writes each file there, the full exports with their
 * compressed copies (./compression.ts), then replies with what it wrote.
 */
import { mkdirSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parentPort, workerData } from 'node:worker_threads';
import { getContent, type Content } from '../lib/content/load.ts';
import { entryJson, entrySpreadsheet, type DataFile } from '../lib/open-data/entry-files.ts';
import { fullExports } from '../lib/open-data/full-exports.ts';
import { fileCompressor, type CompressionSettings, type FileResult } from './compression.ts';

export interface OpenDataSettings {
  contentRoot: string;
  compression: CompressionSettings;
}
/** Sent once, when the site's folder may be written. */
export interface SiteReady {
  site: string;
}
export type OpenDataReply =
  | { kind: 'written'; compressed: FileResult[]; uncompressed: number; seconds: number; waitedSeconds: number }
  | { kind: 'failed'; message: string };

const settings = workerData as OpenDataSettings;
const compressFile = fileCompressor(settings.compression);
const siteReady = new Promise<string>((resolve) => parentPort!.once('message', (message: SiteReady) => resolve(message.site)));

/** The files to write, and whether to compress them (not the entries' download files). */
function* dataFiles(content: Content): Generator<[DataFile, boolean]> {
  for (const file of fullExports(content)) yield [file, true];
  for (const entry of content.register) {
    yield [entryJson(content, entry), false];
    yield [entrySpreadsheet(content, entry), false];
  }
}

async function writeAll(): Promise<OpenDataReply> {
  const started = performance.now();
  const content = getContent(settings.contentRoot);
  const files: FileResult[] = [];
  const folders = new Set<string>();
  let site: string | undefined;
  let waited = 0;
  let written = 0;
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
    if (compressed) files.push(compressFile(target, statSync(target), bytes));
    else written++;
  }
  return {
    kind: 'written',
    compressed: files,
    uncompressed: written,
    seconds: (performance.now() - started) / 1000,
    waitedSeconds: waited / 1000,
  };
}

writeAll().then(
  (reply) => parentPort!.postMessage(reply),
  (error: unknown) =>
    parentPort!.postMessage({ kind: 'failed', message: error instanceof Error ? (error.stack ?? error.message) : String(error) }),
);
