/**
 * The Decap CMS configuration is generated from the zod schemas: every schema field has a CMS
 * field, with a widget that fits its type, its French label and help text, and `required` from
 * optional/default. A field added to a schema without a fitting CMS field fails here.
 */
import type { z } from 'astro/zod';
import yaml from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { elementOf, kindOf, metaOf, unwrapOptional } from '../../src/schemas/introspect.ts';
import { registerDraftSchema, registerEntrySchema, registerFormObject } from '../../src/schemas/register.ts';
import { COLLECTIONS, CONTENT_PATHS, WRITTEN_BY_COMMANDS } from '../../src/schemas/collections.ts';
import { cmsConfig, configYaml } from '../../src/cms/config.ts';
import { WITHIN_OPTIONAL_HINT, type CmsField } from '../../src/cms/widgets.ts';
import { labelWithObligation, REQUIRED_WHEN, WITHIN_GROUP } from '../../src/cms/conditions.ts';

/** The fields that name another file, which the CMS must offer as a relation (a list, not free text). */
const REFERENCES = new Set([
  'registre:service',
  'registre:charter_articles',
  'registre:lifecycle.*.decision',
  'comptes-rendus:committee',
  'comptes-rendus:decisions.*.entry',
  'consultations:entries',
  'moderation:rules.*.charter_article',
  'tirages:council',
  // The councils' referrals and opinions (issue 14).
  'saisines:committee',
  'saisines:entries',
  'saisines:articles',
  ...['committee', 'referral', 'decision'].map((name) => `avis:${name}`),
  ...['entries', 'articles', 'consultations', 'answer.decision', 'answer.responsible', 'assessment.session'].map(
    (name) => `avis:recommendations.*.${name}`,
  ),
  ...['decision', 'entry', 'charter', 'consultation'].map((name) => `avis:recommendations.*.answer.milestones.*.${name}`),
  'registre:tools',
  'outils:decision.committee_decision',
]);
import { pruneEmpty } from '../../src/cms/prune.ts';
import { cmsConfigured, cmsSettings, DEFAULT_SETTINGS } from '../../src/cms/settings.ts';
import { forgeOrigins, unconfiguredAdminPage } from '../../src/cms/integration.ts';
import { DRAFT_SCHEMAS, SCHEMAS as CHECKED_SCHEMAS } from '../../src/cms/schemas.ts';

const settings = cmsSettings({});
const config = cmsConfig({ settings });

/** The schemas of the CMS forms, the register's without its cross-field rules and with its draft switch. */
const SCHEMAS: Record<string, z.ZodType> = { ...CHECKED_SCHEMAS, registre: registerFormObject };
// A draw's form has its definition only: the commitment, result and replacements are written by `npm run tirage`.
SCHEMAS.tirages = COLLECTIONS.draws.formSchema;

/** The fields of a folder collection, or of a file of the settings collection. */
function fieldsOf(name: string): CmsField[] {
  const collection = config.collections.find((c) => c.name === name);
  if (collection?.fields) return collection.fields;
  const file = config.collections.flatMap((c) => c.files ?? []).find((f) => f.name === name);
  if (!file) throw new Error(`collection ou fichier ${name} absent`);
  return file.fields;
}

/** The widgets that fit a schema type (references and media are checked apart). */
function widgetsFor(schema: z.ZodType, key: string): string[] {
  if (REFERENCES.has(key)) return ['relation'];
  const type = kindOf(schema);
  if (type === 'string') {
    const format = (schema as z.ZodString).format;
    if (format === 'date') return ['datetime'];
    if (/^(comptes-rendus|pages):body$|^consultations:(context|synthesis\.body|answer\.body)$/.test(key)) return ['markdown'];
    return ['string', 'text', 'file', 'image', 'color'];
  }
  if (type === 'number') return ['number'];
  if (type === 'boolean') return ['boolean', 'oui-non'];
  if (type === 'enum') return ['select'];
  if (type === 'literal') return ['hidden'];
  if (type === 'array') return kindOf(unwrapOptional(elementOf(schema)!).schema) === 'enum' ? ['select'] : ['list'];
  if (type === 'object') return ['object'];
  return [];
}

interface Walked {
  key: string;
  problems: string[];
  count: number;
}

/** Walks a schema object and its CMS fields side by side. */
function walk(object: z.ZodObject, fields: CmsField[], key: string, withinOptional: boolean, out: Walked, drafts: boolean): void {
  const names = new Set(fields.map((f) => f.name));
  for (const [name, child] of Object.entries(object.shape) as [string, z.ZodType][]) {
    const path = key.endsWith(':') ? `${key}${name}` : `${key}.${name}`;
    out.count++;
    const field = fields.find((f) => f.name === name);
    if (!field) {
      out.problems.push(`${path} : aucun champ CMS`);
      continue;
    }
    names.delete(name);
    const { schema, optional } = unwrapOptional(child);
    const meta = metaOf(child);
    if (!widgetsFor(schema, path).includes(field.widget))
      out.problems.push(`${path} : widget « ${field.widget} » pour un schéma « ${kindOf(schema)} »`);
    const when = REQUIRED_WHEN[path];
    const switchWithDefault = field.widget === 'boolean';
    const obligation =
      withinOptional && !optional ? { when: WITHIN_GROUP } : when ? { when } : optional && !switchWithDefault ? 'optional' : 'required';
    const label = labelWithObligation(meta.title ?? '', obligation);
    if (field.label !== label) out.problems.push(`${path} : libellé « ${field.label} » au lieu de « ${label} »`);
    if (!meta.title) out.problems.push(`${path} : pas de libellé français dans le schéma`);
    if (meta.description && !field.hint?.includes(meta.description)) out.problems.push(`${path} : aide absente`);
    // A collection with drafts leaves every check to the schema, the draft's or the entry's.
    const required = !optional && !withinOptional && !drafts;
    if ((field.required ?? true) !== required) out.problems.push(`${path} : required ${field.required} au lieu de ${required}`);
    if (withinOptional && !optional && !field.hint?.includes(WITHIN_OPTIONAL_HINT))
      out.problems.push(`${path} : l’aide ne dit pas que le champ est obligatoire dans son groupe`);
    if (kindOf(schema) === 'enum' && field.widget === 'select') {
      const values = (field.options as { value: string; label: string }[]).map((o) => o.value);
      expect(values, path).toEqual((schema as z.ZodEnum).options);
      if (meta.labels)
        for (const option of field.options as { value: string; label: string }[])
          expect(option.label, path).toBe(meta.labels[option.value]);
    }
    if (kindOf(schema) === 'object') walk(schema as z.ZodObject, field.fields ?? [], path, withinOptional || optional, out, drafts);
    if (kindOf(schema) === 'array' && field.widget === 'list') {
      const element = unwrapOptional(elementOf(schema)!).schema;
      if (kindOf(element) === 'object') walk(element as z.ZodObject, field.fields ?? [], `${path}.*`, false, out, drafts);
      else if (!field.field || !widgetsFor(element, `${path}.*`).includes(field.field.widget))
        out.problems.push(`${path}.* : élément de liste sans champ adapté`);
    }
  }
  for (const extra of names) out.problems.push(`${key}${extra} : champ CMS sans champ de schéma`);
}

describe('configuration de Decap CMS générée depuis les schémas', () => {
  for (const [name, schema] of Object.entries(SCHEMAS)) {
    it(`${name} : chaque champ du schéma a un champ CMS adapté, libellé et aide en français`, () => {
      const out: Walked = { key: name, problems: [], count: 0 };
      walk(unwrapOptional(schema).schema as z.ZodObject, fieldsOf(name), `${name}:`, false, out, name in DRAFT_SCHEMAS);
      expect(out.problems).toEqual([]);
      expect(out.count).toBeGreaterThan(3);
    });
  }

  it('couvre chaque dossier de content/ et le fichier des réglages, sauf ceux qu’écrit une commande', () => {
    const folders = config.collections.flatMap((c) => (c.folder ? [c.folder] : []));
    const files = config.collections.flatMap((c) => (c.files ?? []).map((f) => f.file));
    for (const [key, item] of Object.entries(CONTENT_PATHS) as [keyof typeof CONTENT_PATHS, string][]) {
      const listed = item.endsWith('.yaml') ? files : folders;
      if (WRITTEN_BY_COMMANDS.has(key)) expect(listed).not.toContain(`content/${item}`);
      else expect(listed).toContain(`content/${item}`);
    }
    expect(WRITTEN_BY_COMMANDS).toEqual(new Set(['archives']));
  });

  it('relie les références aux bonnes collections', () => {
    const registre = fieldsOf('registre');
    const minutes = fieldsOf('comptes-rendus');
    const lifecycle = registre.find((f) => f.name === 'lifecycle')!.fields!;
    const decisions = minutes.find((f) => f.name === 'decisions')!.fields!;
    expect(registre.find((f) => f.name === 'service')).toMatchObject({
      widget: 'relation',
      collection: 'services',
      value_field: '{{slug}}',
    });
    expect(registre.find((f) => f.name === 'charter_articles')).toMatchObject({
      widget: 'relation',
      collection: 'charte',
      multiple: true,
      value_field: 'articles.*.id',
      filters: [{ field: 'status', values: ['en-vigueur'] }],
    });
    expect(lifecycle.find((f) => f.name === 'decision')).toMatchObject({
      widget: 'relation',
      collection: 'comptes-rendus',
      value_field: 'decisions.*.id',
    });
    expect(minutes.find((f) => f.name === 'committee')).toMatchObject({ widget: 'relation', collection: 'comites' });
    expect(decisions.find((f) => f.name === 'entry')).toMatchObject({
      widget: 'relation',
      collection: 'registre',
      value_field: '{{slug}}',
    });
  });

  it('envoie les PDF sous public/documents et dit la taille maximale', () => {
    const attachments = fieldsOf('comptes-rendus').find((f) => f.name === 'attachments')!.fields!;
    const file = attachments.find((f) => f.name === 'file')!;
    expect(file).toMatchObject({
      widget: 'file',
      media_folder: '/public/documents',
      public_folder: '/documents',
      media_library: { max_file_size: settings.maxFileSize },
    });
    expect(file.hint).toMatch(/5 Mo au plus/);
    expect(new RegExp(file.pattern![0]).test('/documents/avis-2026.pdf')).toBe(true);
    expect(config.media_folder).toBe('public/images');
  });

  it('traduit les longueurs des textes en motifs qui acceptent et refusent comme le schéma', () => {
    const title = fieldsOf('registre').find((f) => f.name === 'title')!;
    const pattern = new RegExp(title.pattern![0]);
    for (const value of ['Abc', '  Tri du courrier  ', 'x'.repeat(100), 'ab', '   ', 'x'.repeat(101)]) {
      expect(pattern.test(value), JSON.stringify(value)).toBe(registerFormObject.shape.title.safeParse(value).success);
    }
    const date = fieldsOf('registre').find((f) => f.name === 'start_date')!;
    expect(date).toMatchObject({ widget: 'datetime', format: 'YYYY-MM-DD', time_format: false, default: '{{now}}' });
  });

  it('est en français, en flux de relecture, avec le dépôt réglé en un seul endroit', () => {
    expect(config.locale).toBe('fr');
    expect(config.publish_mode).toBe('editorial_workflow');
    expect(config).not.toHaveProperty('local_backend');
    expect(config.backend).toMatchObject({
      name: 'gitlab',
      repo: DEFAULT_SETTINGS.repo,
      auth_type: 'pkce',
      app_id: DEFAULT_SETTINGS.appId,
    });
    const gitea = cmsSettings({
      CMS_BACKEND: 'gitea',
      CMS_BASE_URL: 'https://forge.ville.fr/',
      CMS_REPO: 'dsi/registre',
      CMS_APP_ID: 'abc',
    });
    expect(cmsConfig({ settings: gitea }).backend).toMatchObject({
      name: 'gitea',
      base_url: 'https://forge.ville.fr',
      api_root: 'https://forge.ville.fr/api/v1',
      repo: 'dsi/registre',
      app_id: 'abc',
    });
    expect(forgeOrigins(gitea)).toEqual(['https://forge.ville.fr']);
    expect(() => cmsSettings({ CMS_BACKEND: 'bitbucket' })).toThrow(/inconnu/);
    const local = yaml.load(configYaml({ settings, localBackendUrl: 'http://localhost:4321/api/v1/' })) as Record<string, any>;
    expect(local.local_backend).toEqual({ url: 'http://localhost:4321/api/v1/' });
  });

  it('pose les questions oui/non sans réponse par défaut : rien n’est publié « Non » sans avoir été choisi', () => {
    const entry = fieldsOf('registre');
    const data = entry.find((f) => f.name === 'data')!.fields!;
    const personal = data.find((f) => f.name === 'personal_data')!;
    expect(personal).toMatchObject({ widget: 'oui-non', label: 'Données personnelles' });
    expect(personal).not.toHaveProperty('default');
    // A setting with a default (ask the commune in a consultation) stays a switch.
    const profile = fieldsOf('consultations').find((f) => f.name === 'profile')!.fields!;
    expect(profile.find((f) => f.name === 'commune')).toMatchObject({ widget: 'boolean', default: false });
  });

  it('dit, dans l’aide de chaque champ que les règles de la fiche exigent parfois, quand il devient obligatoire', () => {
    const entry = fieldsOf('registre');
    const at = (path: string) =>
      path
        .split('.')
        .reduce<CmsField | undefined>((field, name) => (field ? field.fields : entry)?.find((f) => f.name === name), undefined);
    for (const path of ['data.legal_basis', 'oversight.explicit_mention', 'ai_act.annex_iii_area', 'risks']) {
      expect(at(path)?.hint, path).toMatch(/^Obligatoire/);
    }
    for (const path of ['ai_act.eu_database', 'ai_act.fria'])
      expect(at(path)?.hint, path).toMatch(/^À renseigner pour un usage à haut risque/);
  });

  it('marque « obligatoire si … », jamais « (optionnel) », chaque champ que les règles de la fiche exigent parfois', () => {
    const labels = new Map<string, string>();
    const collect = (fields: CmsField[], key: string) => {
      for (const field of fields) {
        const path = key.endsWith(':') ? `${key}${field.name}` : `${key}.${field.name}`;
        labels.set(path, field.label);
        if (field.fields) collect(field.fields, field.widget === 'list' ? `${path}.*` : path);
      }
    };
    collect(fieldsOf('registre'), 'registre:');
    for (const [path, when] of Object.entries(REQUIRED_WHEN)) {
      expect(labels.get(path), path).toMatch(new RegExp(`\\(obligatoire si ${when}\\)$`));
      expect(labels.get(path), path).not.toContain('optionnel');
    }
    expect(labels.get('registre:data.legal_basis')).toBe(
      'Base légale (RGPD) (obligatoire si données personnelles, décisions individuelles ou risque haut)',
    );
    // Witnesses: an optional field says so, a required one says nothing.
    expect(labels.get('registre:end_date')).toBe('Date de fin (optionnel)');
    expect(labels.get('registre:title')).toBe('Nom de l’usage');
  });

  it('offre le brouillon en tête de la fiche, sans qu’aucun champ ne bloque Decap : le schéma décide', () => {
    const entry = fieldsOf('registre');
    expect(entry[0]).toMatchObject({ name: 'draft', widget: 'boolean', default: false, label: 'Brouillon' });
    const strict: string[] = [];
    const visit = (fields: CmsField[]) => {
      for (const field of fields) {
        if (field.required !== false || 'min' in field) strict.push(field.name);
        visit(field.fields ?? []);
        if (field.field) visit([field.field]);
      }
    };
    visit(entry);
    expect(strict).toEqual([]);
    // Other collections keep Decap's own checks (witness).
    expect(fieldsOf('services').some((f) => f.required !== false)).toBe(true);
    // A draft needs its name and its summary, nothing else; the entry's schema still wants everything.
    const draft = { draft: true, title: 'Un usage à l’étude', summary: 'Un résumé de plus de vingt caractères.' };
    expect(registerDraftSchema.safeParse(draft).success).toBe(true);
    expect(registerDraftSchema.safeParse({ ...draft, summary: undefined }).success).toBe(false);
    expect(registerEntrySchema.safeParse(draft).success).toBe(false);
    expect(config.collections.find((c) => c.name === 'registre')?.summary).toContain("draft | ternary('Brouillon : '");
  });

  it('la liste des fiches ne montre aucun code brut : les statuts sont des filtres, sous leur nom français', () => {
    for (const name of ['registre', 'charte']) {
      const collection = config.collections.find((c) => c.name === name)!;
      expect(collection.summary, name).not.toContain('status');
      expect(collection.view_filters?.length, name).toBeGreaterThan(2);
    }
    const filters = config.collections.find((c) => c.name === 'registre')!.view_filters!;
    const stopped = filters.find((f) => f.label === 'Arrêté')!;
    expect(stopped).toEqual({ label: 'Arrêté', field: 'status', pattern: '^arrete$' });
    // Decap reads the pattern as a regular expression: it matches its own code and no other.
    const inService = new RegExp(filters.find((f) => f.label === 'En service')!.pattern);
    expect(['en-service', 'en-service-bis', 'arrete'].filter((code) => inService.test(code))).toEqual(['en-service']);
  });

  it('sans forge réglée, /admin/ explique ce qu’il faut pour éditer en ligne au lieu d’un bouton vers nulle part', () => {
    expect(cmsConfigured(settings)).toBe(false);
    expect(cmsConfigured(cmsSettings({ CMS_REPO: 'dsi/registre' }))).toBe(false);
    expect(cmsConfigured(cmsSettings({ CMS_BASE_URL: 'https://forge.ville.fr', CMS_REPO: 'dsi/registre', CMS_APP_ID: 'abc' }))).toBe(true);
    expect(cmsConfigured(cmsSettings({ CMS_BACKEND: 'github', CMS_REPO: 'ville/registre' }))).toBe(true);
    const page = unconfiguredAdminPage(settings);
    expect(page).toContain('L’édition en ligne n’est pas encore configurée');
    expect(page).toContain('CMS_APP_ID');
    expect(page).toContain('npm run cms');
    expect(page).not.toContain('decap-cms.js');
    expect(page).not.toMatch(/https?:\/\/(?!&lt;)/);
  });
});

describe('nettoyage avant l’enregistrement', () => {
  it('retire les textes vidés et les groupes laissés vides, sans décaler les listes', () => {
    const { value, removed } = pruneEmpty({
      title: 'Titre',
      end_date: '',
      evaluation: { date: '', evaluator: ' ' },
      keywords: ['a', '', 'b', ''],
      risks: [{ kind: 'biais', description: 'x', mitigation: '' }],
      data: { personal_data: false },
    });
    expect(value).toEqual({
      title: 'Titre',
      keywords: ['a', 'b'],
      risks: [{ kind: 'biais', description: 'x' }],
      data: { personal_data: false },
    });
    expect(removed).toEqual([['end_date'], ['evaluation'], ['keywords', 3], ['keywords', 1], ['risks', 0, 'mitigation']]);
  });

  it('laisse au schéma complet (règles entre champs comprises) le dernier mot', () => {
    const result = registerEntrySchema.safeParse({});
    expect(result.success).toBe(false);
  });
});
