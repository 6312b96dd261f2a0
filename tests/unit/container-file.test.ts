/**
 * The Containerfile cannot be built here (no image registry), so it is read instruction by
 * instruction and checked for what would break the build or the running service: files copied
 * that the repository does not have, a base image that drifts past Node 24, a root user, a health
 * check that does not ask /sante, a server script that does not exist.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '../..');
const containerfile = readFileSync(path.join(ROOT, 'Containerfile'), 'utf8');

interface Instruction {
  keyword: string;
  args: string;
}

/** Instructions with their continuation lines joined, comments and blank lines dropped. */
function instructions(text: string): Instruction[] {
  const joined = text.replace(/\\\n/g, ' ');
  return joined
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith('#'))
    .map((line) => {
      const [keyword = '', ...rest] = line.split(/\s+/);
      return { keyword: keyword.toUpperCase(), args: rest.join(' ') };
    });
}

/** Words of an instruction, or the items of its JSON (exec) form. */
const words = (args: string): string[] => (args.startsWith('[') ? (JSON.parse(args) as string[]) : args.split(/\s+/));

/** What is wrong with a Containerfile, in French; empty when it holds. */
function containerProblems(text: string): string[] {
  const problems: string[] = [];
  const all = instructions(text);
  const stages: string[] = [];
  let user = 'root';
  for (const { keyword, args } of all) {
    const parts = words(args);
    if (keyword === 'FROM') {
      user = 'root';
      const image = parts[0]!;
      if (!stages.includes(image) && !/^node:24(-[a-z]+)*(@sha256:[0-9a-f]{64})?$/.test(image))
        problems.push(`FROM ${image} : image de base hors de Node 24 ou non fixée à une version majeure`);
      if (parts[1]?.toUpperCase() === 'AS' && parts[2]) stages.push(parts[2]);
    }
    if (keyword === 'COPY' || keyword === 'ADD') {
      const options = parts.filter((part) => part.startsWith('--'));
      const sources = parts.filter((part) => !part.startsWith('--')).slice(0, -1);
      const from = options.find((option) => option.startsWith('--from='))?.slice('--from='.length);
      if (from && !stages.includes(from)) problems.push(`COPY --from=${from} : étape inconnue`);
      if (!from)
        for (const source of sources)
          // Without the trailing slash: in a git worktree, .git is a file that points to the repository.
          if (!existsSync(path.join(ROOT, source.replace(/\/$/, '')))) problems.push(`COPY ${source} : absent du dépôt`);
    }
    if (keyword === 'USER') user = parts[0]!;
  }
  if (/^(root|0)(:.*)?$/.test(user)) problems.push('l’image finale tourne sous root (USER manquant ou root)');
  const last = (keyword: string) => all.filter((instruction) => instruction.keyword === keyword).at(-1)?.args ?? '';
  const cmd = last('CMD');
  if (!cmd.startsWith('[')) problems.push('CMD doit être en forme JSON');
  else {
    const [program, script] = words(cmd);
    if (program !== 'node' || !script || !existsSync(path.join(ROOT, script))) problems.push(`CMD ${cmd} : script introuvable`);
  }
  if (!/http:\/\/127\.0\.0\.1:4321\/sante\b/.test(last('HEALTHCHECK'))) problems.push('HEALTHCHECK n’interroge pas /sante');
  if (
    !/\bDATA_DIR=\/data\b/.test(
      all
        .filter((i) => i.keyword === 'ENV')
        .map((i) => i.args)
        .join(' '),
    )
  )
    problems.push('DATA_DIR n’est pas /data');
  if (!words(last('VOLUME')).includes('/data')) problems.push('/data n’est pas un volume');
  if (!/\bHOST=0\.0\.0\.0\b/.test(text)) problems.push('HOST n’est pas 0.0.0.0 : le serveur ne répondrait qu’à lui-même');
  if (last('EXPOSE') !== '4321') problems.push('EXPOSE n’est pas 4321');
  return problems;
}

describe('Containerfile', () => {
  it('copie des fichiers du dépôt, part de Node 24, tourne sans root et se surveille par /sante', () => {
    expect(containerProblems(containerfile)).toEqual([]);
  });

  it('construit en plusieurs étapes, et l’image finale n’installe que les dépendances de production', () => {
    const froms = instructions(containerfile).filter((instruction) => instruction.keyword === 'FROM');
    expect(froms.length).toBeGreaterThanOrEqual(2);
    expect(containerfile).toMatch(/npm ci --omit=dev/);
    expect(containerfile).toMatch(/RUN npm run build/);
  });

  it('construit avec l’historique git des fiches, qui ne passe pas dans l’image finale', () => {
    const stages = containerfile.split(/^FROM /m).slice(1);
    const [build, final] = [stages[0]!, stages.at(-1)!];
    expect(build).toMatch(/apt-get install [^\n]*\bgit\b/);
    expect(build.indexOf('COPY . .')).toBeGreaterThan(-1);
    expect(build.indexOf('COPY . .')).toBeLessThan(build.indexOf('RUN npm run build'));
    expect(readFileSync(path.join(ROOT, '.containerignore'), 'utf8')).not.toMatch(/^\.git/m);
    expect(final).not.toMatch(/\.git\b/);
  });

  it('signale une source absente, une étape inconnue, une image flottante, root, une autre sonde', () => {
    const broken = containerfile
      .replace('COPY src/ src/', 'COPY source/ src/')
      .replace('--from=construction', '--from=constructon')
      .replace('FROM node:24-bookworm-slim AS construction', 'FROM node:latest AS construction')
      .replace('USER node', 'USER root')
      .replace('4321/sante', '4321/');
    expect(containerProblems(broken)).toEqual([
      'FROM node:latest : image de base hors de Node 24 ou non fixée à une version majeure',
      'COPY source/ : absent du dépôt',
      'COPY --from=constructon : étape inconnue',
      'l’image finale tourne sous root (USER manquant ou root)',
      'HEALTHCHECK n’interroge pas /sante',
    ]);
    expect(containerProblems(containerfile.replace('"scripts/serve.ts"', '"scripts/serveur.ts"'))).toEqual([
      'CMD ["node", "scripts/serveur.ts"] : script introuvable',
    ]);
  });

  it('n’envoie à la construction ni node_modules, ni dist, ni les données locales, mais tout ce qu’elle copie', () => {
    const ignored = readFileSync(path.join(ROOT, '.containerignore'), 'utf8')
      .split('\n')
      .filter((line) => line && !line.startsWith('#'))
      .map((line) => line.replace(/\/$/, ''));
    for (const entry of ['node_modules', 'dist', 'data']) expect(ignored).toContain(entry);
    const copied = instructions(containerfile)
      .filter(({ keyword, args }) => keyword === 'COPY' && !args.startsWith('--from'))
      .flatMap(({ args }) => words(args).slice(0, -1))
      .map((source) => source.replace(/\/$/, ''));
    expect(copied).toContain('src');
    for (const source of copied)
      expect(
        ignored.filter((entry) => source === entry || source.startsWith(`${entry}/`)),
        `${source} écarté par .containerignore`,
      ).toEqual([]);
  });
});
