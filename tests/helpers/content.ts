/** Copies of the fixture content in a temporary folder, to break one file at a time. */
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import yaml from 'js-yaml';
import { loadContent } from '../../src/lib/content/load.ts';
import { ContentError, type Problem } from '../../src/lib/content/problems.ts';

const parse = (text: string) => yaml.load(text, { schema: yaml.CORE_SCHEMA });
const stringify = (data: unknown) => yaml.dump(data, { schema: yaml.CORE_SCHEMA, lineWidth: -1 });

export const FIXTURE = fileURLToPath(new URL('../fixtures/content/', import.meta.url));
export const FIXTURE_ENTRY = 'registre/detection-fuites.yaml';

export interface ContentCopy {
  root: string;
  /** Rewrites a YAML file of the copy through a function of its parsed data. */
  edit: (file: string, change: (data: Record<string, any>) => void) => void;
  write: (file: string, text: string) => void;
  read: (file: string) => Record<string, any>;
  remove: () => void;
}

export function copyFixture(): ContentCopy {
  const root = path.join(mkdtempSync(path.join(tmpdir(), 'registre-ia-content-')), 'content');
  cpSync(FIXTURE, root, { recursive: true });
  const read = (file: string) => parse(readFileSync(path.join(root, file), 'utf8')) as Record<string, any>;
  const write = (file: string, text: string) => {
    mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    writeFileSync(path.join(root, file), text);
  };
  return {
    root,
    read,
    write,
    edit: (file, change) => {
      const data = read(file);
      change(data);
      write(file, stringify(data));
    },
    remove: () => rmSync(path.dirname(root), { recursive: true, force: true }),
  };
}

export function fixtureEntry(): Record<string, any> {
  return parse(readFileSync(path.join(FIXTURE, FIXTURE_ENTRY), 'utf8')) as Record<string, any>;
}

/** The problems `loadContent` reports for a copy of the content; fails the test if it accepts it. */
export function problemsOf(copy: ContentCopy): Problem[] {
  try {
    loadContent(copy.root);
  } catch (error) {
    if (error instanceof ContentError) return error.problems;
    throw error;
  }
  throw new Error('the content was accepted');
}
