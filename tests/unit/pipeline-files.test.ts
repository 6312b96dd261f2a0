/**
 * The pipeline files are checked against their forge's published schema (GitLab's CI JSON schema,
 * vendored in tests/fixtures/schemas; the GitHub Actions workflow schema and parser that Forgejo
 * follows, from @actions/workflow-parser), then for what a schema cannot see: jobs that need a job
 * that does not exist, `npm run` commands missing from package.json, and a content-only change
 * that would still wait for the slow suites.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { convertWorkflowTemplate, NoOperationTraceWriter, parseWorkflow } from '@actions/workflow-parser';
import { Ajv } from 'ajv';
import addFormats from 'ajv-formats';
import yaml from 'js-yaml';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '../..');
const GITLAB_FILE = '.gitlab-ci.yml';
const FORGEJO_DIR = '.forgejo/workflows';
const forgejoFiles = readdirSync(path.join(ROOT, FORGEJO_DIR)).filter((name) => /\.ya?ml$/.test(name));
const read = (file: string) => readFileSync(path.join(ROOT, file), 'utf8');
const scripts = Object.keys((JSON.parse(read('package.json')) as { scripts: Record<string, string> }).scripts);

type Doc = Record<string, any>;
const clone = (doc: Doc): Doc => structuredClone(doc);

const gitlabKeywords = new Set([
  'default',
  'include',
  'stages',
  'variables',
  'workflow',
  'image',
  'services',
  'cache',
  'before_script',
  'after_script',
]);
const gitlabJobs = (doc: Doc) => Object.entries(doc).filter(([name]) => !gitlabKeywords.has(name) && !name.startsWith('.'));

const validateGitlabSchema = (() => {
  const ajv = new Ajv({ strict: false, allErrors: true });
  addFormats.default(ajv);
  return ajv.compile(JSON.parse(read('tests/fixtures/schemas/gitlab-ci.schema.json')));
})();

/** Problems of a GitLab CI document, in French, one per line; none when it is valid. */
function gitlabProblems(doc: Doc): string[] {
  const problems = validateGitlabSchema(doc)
    ? []
    : (validateGitlabSchema.errors ?? []).map((error) => `schéma GitLab : ${error.instancePath || '/'} ${error.message}`);
  const jobs = new Map(gitlabJobs(doc));
  const stages: string[] = doc.stages ?? [];
  for (const [name, job] of jobs) {
    if (job.stage && !stages.includes(job.stage)) problems.push(`${name} : étape « ${job.stage} » absente de stages`);
    for (const need of job.needs ?? []) {
      const needed = typeof need === 'string' ? need : need.job;
      if (!jobs.has(needed)) problems.push(`${name} : needs cite « ${needed} », qui n’existe pas`);
    }
    const template = job.extends ? doc[job.extends] : undefined;
    if (!job.script && !template?.script) problems.push(`${name} : pas de script`);
    const onStop = job.environment?.on_stop;
    if (onStop && jobs.get(onStop)?.environment?.action !== 'stop')
      problems.push(`${name} : on_stop cite « ${onStop} », qui n’est pas une tâche « action: stop »`);
    for (const key of ['script', 'before_script'])
      for (const line of job[key] ?? []) if (typeof line !== 'string') problems.push(`${name} : ${key} contient un non-texte`);
  }
  return problems;
}

/** Problems of a Forgejo (GitHub Actions syntax) workflow, as the official parser reports them. */
async function forgejoProblems(name: string, content: string): Promise<string[]> {
  const parsed = parseWorkflow({ name, content }, new NoOperationTraceWriter());
  const problems = parsed.context.errors.getErrors().map((error) => error.message);
  if (problems.length > 0 || !parsed.value) return problems;
  const template = await convertWorkflowTemplate(parsed.context, parsed.value);
  return (template.errors ?? []).map((error) => error.Message);
}

/** Every shell line a pipeline runs. */
function gitlabCommands(doc: Doc): string[] {
  return [
    ...(doc.default?.before_script ?? []),
    ...gitlabJobs(doc).flatMap(([, job]) => [...(job.before_script ?? []), ...(job.script ?? [])]),
  ];
}
const forgejoCommands = (doc: Doc): string[] =>
  Object.values(doc.jobs as Doc).flatMap((job) => (job.steps as Doc[]).flatMap((step) => (step.run ? [step.run as string] : [])));

function missingScripts(commands: string[]): string[] {
  const called = commands.flatMap((command) => [...command.matchAll(/\bnpm run ([\w:.-]+)/g)].map((match) => match[1]!));
  return [...new Set(called)].filter((name) => !scripts.includes(name));
}

const gitlab = yaml.load(read(GITLAB_FILE)) as Doc;
const publication = yaml.load(read(`${FORGEJO_DIR}/publication.yml`)) as Doc;

describe('GitLab CI', () => {
  it('respecte le schéma publié par GitLab et ne cite que des tâches et étapes existantes', () => {
    expect(gitlabProblems(gitlab)).toEqual([]);
  });

  it('refuse un fichier cassé : script manquant, needs vers une tâche absente, clé inconnue', () => {
    const broken = clone(gitlab);
    delete broken.contenu.script;
    broken.production.needs.push('tests-absents');
    broken.apercu.environnement = broken.apercu.environment;
    const problems = gitlabProblems(broken).join('\n');
    expect(problems).toContain('contenu : pas de script');
    expect(problems).toContain('« tests-absents », qui n’existe pas');
    expect(problems).toContain('/apercu must NOT have additional properties');
  });

  it('publie un aperçu à retirer sur une demande de fusion, et met en ligne la branche principale', () => {
    expect(gitlab.apercu.environment).toMatchObject({ name: 'apercu/$CI_COMMIT_REF_SLUG', on_stop: 'retirer-apercu' });
    expect(gitlab.apercu.environment.url).toBe('https://$CI_COMMIT_REF_SLUG.$APERCU_DOMAINE/');
    expect(gitlab.apercu.artifacts).toBeUndefined();
    expect(gitlab.construction.artifacts.paths).toEqual(['dist/']);
    expect(gitlab.production).toMatchObject({
      tags: ['registre-ia-production'],
      resource_group: 'production',
      environment: { name: 'production' },
    });
    expect(gitlab.production.variables.COMMIT_TIMESTAMP).toBe('$CI_COMMIT_TIMESTAMP');
    expect(gitlab.production.script).toEqual(['npm run deploy -- "$DEPLOY_CIBLE" --build dist --env "$DEPLOY_ENV"']);
  });
});

describe('Forgejo Actions', () => {
  it.each(forgejoFiles)('%s respecte le schéma des workflows (syntaxe GitHub Actions)', async (file) => {
    expect(await forgejoProblems(file, read(`${FORGEJO_DIR}/${file}`))).toEqual([]);
  });

  it('refuse un workflow cassé : clé inconnue, needs vers une tâche absente', async () => {
    const content = read(`${FORGEJO_DIR}/publication.yml`);
    expect(
      await forgejoProblems('x.yml', content.replace('runs-on: registre-ia-production', 'run-on: registre-ia-production')),
    ).not.toEqual([]);
    expect((await forgejoProblems('x.yml', content.replace('needs: changements', 'needs: changement'))).join()).toMatch(/changement/);
  });

  it('met en ligne depuis la machine de production, sans chevauchement, avec l’heure du commit', () => {
    expect(publication.jobs.production).toMatchObject({
      'runs-on': 'registre-ia-production',
      concurrency: { group: 'production', 'cancel-in-progress': false },
      env: { COMMIT_TIMESTAMP: '${{ github.event.head_commit.timestamp }}' },
    });
    expect(publication.jobs.apercu.if).toBe("github.event_name == 'pull_request'");
  });
});

describe('l’historique des fiches, lu dans git à la construction', () => {
  const builds = (commands: string[]) => commands.some((command) => /npm run (build|test:integration|test:browser)\b/.test(command));

  it('est complet : GitLab et Forgejo clonent tout le dépôt pour les tâches qui construisent', () => {
    expect(gitlab.variables.GIT_DEPTH).toBe('0');
    for (const [name, job] of gitlabJobs(gitlab)) expect(job.variables?.GIT_DEPTH, name).toBeUndefined();
    const building = Object.entries(publication.jobs as Record<string, Doc>).filter(([, job]) =>
      builds(forgejoCommands({ jobs: { job } })),
    );
    expect(building.map(([name]) => name)).toEqual(['construction', 'tests-integration', 'tests-navigateur']);
    for (const [name, job] of building) {
      const checkout = (job.steps as Doc[]).find((step) => String(step.uses).startsWith('actions/checkout@'));
      expect(checkout?.with?.['fetch-depth'], name).toBe(0);
    }
  });
});

describe('les commandes des deux forges', () => {
  const all = [gitlabCommands(gitlab), ...forgejoFiles.map((file) => forgejoCommands(yaml.load(read(`${FORGEJO_DIR}/${file}`)) as Doc))];

  it('n’appellent que des scripts de package.json', () => {
    for (const commands of all) {
      expect(commands.some((command) => command.includes('npm run '))).toBe(true);
      expect(missingScripts(commands)).toEqual([]);
    }
    expect(missingScripts(['npm run test:unit', 'npm run inexistant -- x'])).toEqual(['inexistant']);
  });

  it('exécutent les mêmes scripts npm', () => {
    const names = (commands: string[]) => new Set(commands.flatMap((c) => [...c.matchAll(/\bnpm run ([\w:.-]+)/g)].map((m) => m[1])));
    expect(names(gitlabCommands(gitlab))).toEqual(names(all.slice(1).flat()));
  });
});

describe('une modification du seul contenu', () => {
  const globs: string[] = gitlab['.code-modifie'].rules[0].changes;
  const gitlabSeesCode = (file: string) => globs.some((glob) => path.matchesGlob(file, glob));
  const forgejoCode = new RegExp((publication.jobs.changements.steps as Doc[]).find((step) => step.id === 'fichiers')!.env.CODE as string);
  const code = [
    'src/pages/index.astro',
    'scripts/serve.ts',
    'tests/unit/x.test.ts',
    'bench/build.ts',
    'public/favicon.svg',
    'public/admin/index.html',
    '.ci/run',
  ];
  const alsoCode = [
    'package.json',
    'package-lock.json',
    'astro.config.mjs',
    'tsconfig.json',
    '.gitlab-ci.yml',
    '.forgejo/workflows/publication.yml',
  ];
  // What Decap writes: the content files, and the documents and images officers upload.
  const content = [
    'content/registre/chatbot.yaml',
    'content/site.yaml',
    'content/services/urbanisme.yaml',
    'public/documents/bilan-2026.pdf',
    'public/images/schema.png',
  ];

  it('ne lance ni les tests d’intégration ni ceux du navigateur, sur les deux forges', () => {
    for (const file of [...code, ...alsoCode]) {
      expect(gitlabSeesCode(file), file).toBe(true);
      expect(forgejoCode.test(file), file).toBe(true);
    }
    for (const file of content) {
      expect(gitlabSeesCode(file), file).toBe(false);
      expect(forgejoCode.test(file), file).toBe(false);
    }
    for (const job of ['tests-integration', 'tests-navigateur']) {
      expect(gitlab[job].extends).toBe('.code-modifie');
      expect(publication.jobs[job].if).toBe("needs.changements.outputs.code == 'true'");
    }
  });

  it('Forgejo le reconnaît d’après les fichiers que les commits modifient, renommages compris', () => {
    const step = (publication.jobs.changements.steps as Doc[]).find((candidate) => candidate.id === 'fichiers')!;
    const repo = mkdtempSync(path.join(tmpdir(), 'registre-ia-changements-'));
    const git = (...args: string[]) => execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@t', ...args], { cwd: repo });
    const write = (file: string) => {
      mkdirSync(path.dirname(path.join(repo, file)), { recursive: true });
      writeFileSync(path.join(repo, file), file);
    };
    const codeChanged = (base: string) => {
      const output = `${repo}.sortie`;
      writeFileSync(output, '');
      execFileSync('bash', ['-e', '-c', step.run], {
        cwd: repo,
        env: { ...process.env, BASE: base, CODE: step.env.CODE, GITHUB_OUTPUT: output },
        stdio: 'ignore',
      });
      return readFileSync(output, 'utf8').trim();
    };
    try {
      git('init', '-q', '-b', 'main');
      write('src/a.ts');
      git('add', '.');
      git('commit', '-qm', 'base');
      git('checkout', '-qb', 'cms/registre/usage');
      write('content/registre/usage.yaml');
      git('add', '.');
      git('commit', '-qm', 'contenu');
      expect(codeChanged('main')).toBe('code=false');
      git('mv', 'src/a.ts', 'content/a.ts');
      git('commit', '-qm', 'renommage');
      expect(codeChanged('main')).toBe('code=true');
      expect(codeChanged('0000000000000000000000000000000000000000')).toBe('code=true');
    } finally {
      rmSync(repo, { recursive: true, force: true });
      rmSync(`${repo}.sortie`, { force: true });
    }
  });

  it('les deux forges tiennent la même liste de chemins de code', () => {
    const tops = globs.map((glob) => glob.replace('/**/*', '/x'));
    expect(tops.filter((file) => !forgejoCode.test(file))).toEqual([]);
  });
});
