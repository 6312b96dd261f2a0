/**
 * References between content files, checked after each file passed its schema: a service, a
 * charter article, a committee, a decision, a register entry or an attachment that does not
 * exist fails the build, with the file and field that point to it. Which fields are references
 * is said once, on the field in the schemas (`withCms(…, { ref })`), for this check and the CMS.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { ContributionsArchiveData } from '../../schemas/archives.ts';
import type { CharterData } from '../../schemas/charter.ts';
import type { ConsultationData, ModerationRulesData } from '../../schemas/consultations.ts';
import type { DrawData } from '../../schemas/draws.ts';
import type { CommitteeData, MinutesData } from '../../schemas/governance.ts';
import type { OpinionData, ReferralData } from '../../schemas/opinions.ts';
import type { RegisterEntryData } from '../../schemas/register.ts';
import { AUTHORISED_STATUSES, TOOL_STATUSES, type ToolData } from '../../schemas/tools.ts';
import type { z } from 'astro/zod';
import { COLLECTIONS } from '../../schemas/collections.ts';
import { rulesHash } from '../sortition/rules.ts';
import { cmsHints, type ReferenceTarget } from '../../schemas/fields.ts';
import { elementOf, labelAt, registeredIn, shapeOf } from '../../schemas/introspect.ts';
import type { Parsed, Service } from './load.ts';
import type { Problem } from './problems.ts';
import { checkOpinions } from './opinion-references.ts';

export interface ReferenceInput {
  services: ReadonlyMap<string, Service>;
  publicDir: string;
  register: Parsed<RegisterEntryData>[];
  charters: Parsed<CharterData>[];
  committees: Parsed<CommitteeData>[];
  minutes: Parsed<MinutesData>[];
  consultations: Parsed<ConsultationData>[];
  archives: Parsed<ContributionsArchiveData>[];
  draws: Parsed<DrawData>[];
  tools: Parsed<ToolData>[];
  moderation: ModerationRulesData | undefined;
  moderationFile: string;
  referrals: Parsed<ReferralData>[];
  opinions: Parsed<OpinionData>[];
}

const known = (ids: Iterable<string>) => [...ids].join(', ') || 'aucun';

/** A value of a field that names another file, with where it was found. */
interface Reference {
  path: (string | number)[];
  /** Another content file, or a file under public/ (an attachment, an image). */
  target: ReferenceTarget | 'public-file';
  value: string;
}

/** Every reference in a file's data, found through the schema: the fields that carry a `ref` hint (fields.ts). */
function referencesIn(schema: z.ZodType, data: unknown, path: (string | number)[] = []): Reference[] {
  const hint = registeredIn(cmsHints, schema);
  const target = hint && ('ref' in hint ? hint.ref : hint.widget === 'file' || hint.widget === 'image' ? 'public-file' : undefined);
  if (target) {
    const values = Array.isArray(data) ? data.map((value, i) => ({ value, at: [...path, i] })) : [{ value: data, at: path }];
    return values.filter(({ value }) => typeof value === 'string').map(({ value, at }) => ({ path: at, target, value: value as string }));
  }
  const element = elementOf(schema);
  if (element && Array.isArray(data)) return data.flatMap((item, i) => referencesIn(element, item, [...path, i]));
  const shape = shapeOf(schema);
  if (shape && data && typeof data === 'object') {
    return Object.entries(shape).flatMap(([key, field]) => referencesIn(field, (data as Record<string, unknown>)[key], [...path, key]));
  }
  return [];
}

export function checkReferences(input: ReferenceInput): Problem[] {
  const problems: Problem[] = [];

  const inForce = input.charters.filter((c) => c.data.status === 'en-vigueur');
  if (inForce.length > 1) {
    for (const charter of inForce) {
      problems.push({ file: charter.file, field: 'status', label: 'Statut', message: 'une seule version de la charte peut être en vigueur' });
    }
  }
  if (input.charters.length > 0 && inForce.length === 0) {
    problems.push({ file: input.charters[0]!.file, field: 'status', label: 'Statut', message: 'aucune version de la charte n’est en vigueur' });
  }
  const versions = new Map<string, string>();
  for (const charter of input.charters) {
    const other = versions.get(charter.data.version);
    if (other) problems.push({ file: charter.file, field: 'version', label: 'Version', message: `la version ${charter.data.version} existe déjà (${other})` });
    versions.set(charter.data.version, charter.file);
  }

  const decisions = new Map<string, string>();
  for (const minutes of input.minutes) {
    minutes.data.decisions.forEach((decision, i) => {
      const other = decisions.get(decision.id);
      if (other) {
        problems.push({ file: minutes.file, field: `decisions.${i}.id`, label: 'Identifiant', message: `la décision « ${decision.id} » existe déjà dans ${other}` });
      }
      decisions.set(decision.id, minutes.file);
    });
  }

  // What each kind of reference may name, and what to say when it names nothing.
  const services = new Set(input.services.keys());
  const entries = new Set(input.register.map((e) => e.id));
  const committees = new Set(input.committees.map((c) => c.id));
  const articles = new Set(inForce[0]?.data.articles.map((a) => a.id) ?? []);
  const referrals = new Set(input.referrals.map((r) => r.id));
  const charters = new Set(input.charters.map((c) => c.id));
  const consultationIds = new Set(input.consultations.map((c) => c.id));
  const tools = new Map(input.tools.map((t) => [t.id, t.data]));
  const targets: Record<Reference['target'], { exists: (value: string) => boolean; missing: (value: string) => string }> = {
    'public-file': { exists: (v) => existsSync(path.join(input.publicDir, v)), missing: (v) => `le fichier public${v} est introuvable` },
    services: { exists: (v) => services.has(v), missing: (v) => `le service « ${v} » n’existe pas (services connus : ${known(services)})` },
    register: { exists: (v) => entries.has(v), missing: (v) => `l’usage « ${v} » n’existe pas dans le registre` },
    committees: { exists: (v) => committees.has(v), missing: (v) => `l’instance « ${v} » n’existe pas (instances connues : ${known(committees)})` },
    decisions: { exists: (v) => decisions.has(v), missing: (v) => `la décision « ${v} » n’existe dans aucun compte rendu` },
    tools: { exists: (v) => tools.has(v), missing: (v) => `l’outil « ${v} » n’existe pas dans le catalogue (outils connus : ${known(tools.keys())})` },
    'charter-articles': {
      exists: (v) => articles.has(v),
      missing: (v) =>
        inForce.length
          ? `l’article « ${v} » n’existe pas dans la charte en vigueur (articles : ${known(articles)})`
          : `l’article « ${v} » est cité, mais aucune charte n’est en vigueur`,
    },
    referrals: { exists: (v) => referrals.has(v), missing: (v) => `la saisine « ${v} » n’existe pas (saisines connues : ${known(referrals)})` },
    charters: { exists: (v) => charters.has(v), missing: (v) => `la version de la charte « ${v} » n’existe pas (versions : ${known(charters)})` },
    consultations: { exists: (v) => consultationIds.has(v), missing: (v) => `la consultation « ${v} » n’existe pas` },
  };
  const files: { schema: z.ZodType; file: string; data: unknown }[] = [
    ...input.minutes.map((f) => ({ schema: COLLECTIONS.minutes.schema, ...f })),
    ...input.consultations.map((f) => ({ schema: COLLECTIONS.consultations.schema, ...f })),
    ...(input.moderation ? [{ schema: COLLECTIONS.moderation.schema, file: input.moderationFile, data: input.moderation }] : []),
    ...input.register.map((f) => ({ schema: COLLECTIONS.register.schema, ...f })),
    ...input.draws.map((f) => ({ schema: COLLECTIONS.draws.schema, ...f })),
    ...input.referrals.map((f) => ({ schema: COLLECTIONS.referrals.schema, ...f })),
    ...input.opinions.map((f) => ({ schema: COLLECTIONS.opinions.schema, ...f })),
    ...input.tools.map((f) => ({ schema: COLLECTIONS.tools.schema, ...f })),
  ];
  for (const { schema, file, data } of files) {
    for (const reference of referencesIn(schema, data)) {
      const target = targets[reference.target];
      if (target.exists(reference.value)) continue;
      problems.push({ file, field: reference.path.join('.'), label: labelAt(schema, reference.path), message: target.missing(reference.value) });
    }
  }

  // A draw's rules are frozen by its commitment: the page must show the rules the draw used.
  for (const draw of input.draws) {
    if (draw.data.commitment && rulesHash(draw.data) !== draw.data.commitment.quotas_sha256) {
      problems.push({ file: draw.file, field: 'features', label: 'Critères et quotas', message: 'les règles du tirage (sièges, quotas, loterie, hasard) ont changé depuis l’engagement publié : remettez-les telles qu’elles étaient' });
    }
  }
  problems.push(...checkOpinions(input.referrals, input.opinions, input.minutes));
  problems.push(...checkToolUses(input.register, tools));

  const consultations = new Map(input.consultations.map((c) => [c.id, c.data]));
  const reasons = new Set(input.moderation?.rules.map((r) => r.id));
  for (const archive of input.archives) {
    problems.push(...checkArchive(archive, consultations.get(archive.id), reasons));
  }
  return problems;
}

/** Why an answer does not fit its question, or undefined when it does. */
function misfit(question: ConsultationData['questions'][number], value: string | number): string | undefined {
  switch (question.kind) {
    case 'avis':
      if (typeof value !== 'string') return 'un texte est attendu';
      return value.length > question.max_length ? `${question.max_length} caractères au plus` : undefined;
    case 'choix':
      return question.options.some((o) => o.value === value)
        ? undefined
        : `« ${value} » n’est pas une des réponses proposées (${known(question.options.map((o) => o.value))})`;
    case 'echelle': {
      const { min, max } = question.scale!;
      return typeof value === 'number' && value >= min && value <= max ? undefined : `note de ${min} à ${max} attendue`;
    }
  }
}

/**
 * An archive against its consultation and the moderation rules. Also run by the archive command
 * before writing, so that it never writes a file the build would refuse.
 */
export function checkArchive(
  archive: Parsed<ContributionsArchiveData>,
  consultation: ConsultationData | undefined,
  reasons: ReadonlySet<string>,
): Problem[] {
  const { file, data } = archive;
  if (!consultation) {
    return [{ file, field: '', message: `aucune consultation « ${archive.id} » : le nom du fichier doit être celui de la consultation archivée` }];
  }
  const problems: Problem[] = [];
  if (data.archived <= consultation.closes) {
    problems.push({ file, field: 'archived', label: 'Date de l’archivage', message: `archivée avant la fin de la consultation (close le ${consultation.closes})` });
  }
  for (const reason of Object.keys(data.figures.rejected_by_reason)) {
    if (!reasons.has(reason)) {
      problems.push({ file, field: `figures.rejected_by_reason.${reason}`, label: 'Refus par motif', message: `le motif « ${reason} » n’existe pas dans les règles de modération (motifs : ${known(reasons)})` });
    }
  }
  const questions = new Map(consultation.questions.map((q) => [q.id, q]));
  data.contributions.forEach((contribution, i) => {
    if (contribution.date < consultation.opens || contribution.date > consultation.closes) {
      problems.push({ file, field: `contributions.${i}.date`, label: 'Jour de l’envoi', message: `hors de la période de la consultation (du ${consultation.opens} au ${consultation.closes})` });
    }
    if (contribution.entry && !consultation.entries.includes(contribution.entry)) {
      problems.push({ file, field: `contributions.${i}.entry`, label: 'Usage concerné', message: `l’usage « ${contribution.entry} » n’est pas un de ceux de la consultation (${known(consultation.entries)})` });
    }
    for (const [id, value] of Object.entries(contribution.answers)) {
      const question = questions.get(id);
      const message = question ? misfit(question, value) : `la consultation n’a pas de question « ${id} » (questions : ${known(questions.keys())})`;
      if (message) problems.push({ file, field: `contributions.${i}.answers.${id}`, label: 'Réponses', message });
    }
  });
  return problems;
}

/**
 * A use may rely on a tool the catalogue does not authorise (in evaluation, in an experiment…)
 * only if it says why: the catalogue and the register must not contradict each other silently.
 */
function checkToolUses(register: Parsed<RegisterEntryData>[], tools: ReadonlyMap<string, ToolData>): Problem[] {
  const problems: Problem[] = [];
  for (const { file, data } of register) {
    if (data.tools_exception) continue;
    data.tools.forEach((id, i) => {
      const tool = tools.get(id);
      if (!tool || AUTHORISED_STATUSES.has(tool.decision.status)) return;
      const status = TOOL_STATUSES[tool.decision.status].toLocaleLowerCase('fr');
      problems.push({
        file,
        field: `tools.${i}`,
        label: 'Outils du catalogue',
        message: `l’outil « ${tool.name} » est ${status} dans le catalogue : expliquez pourquoi l’usage s’y appuie dans « Pourquoi un outil non autorisé » (tools_exception)`,
      });
    });
  }
  return problems;
}
