/**
 * References between content files, checked after each file passed its schema: a service, a
 * charter article, a committee, a decision, a register entry or an attachment that does not
 * exist fails the build, with the file and field that point to it.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { ContributionsArchiveData } from '../../schemas/archives.ts';
import type { CharterData } from '../../schemas/charter.ts';
import type { ConsultationData, ModerationRulesData } from '../../schemas/consultations.ts';
import type { CommitteeData, MinutesData } from '../../schemas/governance.ts';
import type { RegisterEntryData } from '../../schemas/register.ts';
import type { Parsed, Service } from './load.ts';
import type { Problem } from './problems.ts';

export interface ReferenceInput {
  services: ReadonlyMap<string, Service>;
  publicDir: string;
  register: Parsed<RegisterEntryData>[];
  charters: Parsed<CharterData>[];
  committees: Parsed<CommitteeData>[];
  minutes: Parsed<MinutesData>[];
  consultations: Parsed<ConsultationData>[];
  archives: Parsed<ContributionsArchiveData>[];
  moderation: ModerationRulesData | undefined;
  moderationFile: string;
}

const known = (ids: Iterable<string>) => [...ids].join(', ') || 'aucun';

export function checkReferences(input: ReferenceInput): Problem[] {
  const problems: Problem[] = [];
  const entries = new Set(input.register.map((e) => e.id));
  const committees = new Set(input.committees.map((c) => c.id));

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
  const articles = new Set(inForce[0]?.data.articles.map((a) => a.id) ?? []);

  const decisions = new Map<string, string>();
  for (const minutes of input.minutes) {
    if (!committees.has(minutes.data.committee)) {
      problems.push({ file: minutes.file, field: 'committee', label: 'Instance', message: `l’instance « ${minutes.data.committee} » n’existe pas (instances connues : ${known(committees)})` });
    }
    minutes.data.decisions.forEach((decision, i) => {
      const other = decisions.get(decision.id);
      if (other) {
        problems.push({ file: minutes.file, field: `decisions.${i}.id`, label: 'Identifiant', message: `la décision « ${decision.id} » existe déjà dans ${other}` });
      }
      decisions.set(decision.id, minutes.file);
      if (decision.entry && !entries.has(decision.entry)) {
        problems.push({ file: minutes.file, field: `decisions.${i}.entry`, label: 'Usage concerné', message: `l’usage « ${decision.entry} » n’existe pas dans le registre` });
      }
    });
    minutes.data.attachments.forEach((attachment, i) => {
      if (!existsSync(path.join(input.publicDir, attachment.file))) {
        problems.push({ file: minutes.file, field: `attachments.${i}.file`, label: 'Fichier PDF', message: `le fichier public${attachment.file} est introuvable` });
      }
    });
  }

  for (const { file, data } of input.consultations) {
    data.entries.forEach((entry, i) => {
      if (!entries.has(entry)) problems.push({ file, field: `entries.${i}`, label: 'Usages concernés', message: `l’usage « ${entry} » n’existe pas dans le registre` });
    });
  }
  const consultations = new Map(input.consultations.map((c) => [c.id, c.data]));
  const reasons = new Set(input.moderation?.rules.map((r) => r.id));
  for (const archive of input.archives) {
    problems.push(...checkArchive(archive, consultations.get(archive.id), reasons));
  }
  input.moderation?.rules.forEach((rule, i) => {
    if (rule.charter_article && !articles.has(rule.charter_article)) {
      problems.push({ file: input.moderationFile, field: `rules.${i}.charter_article`, label: 'Article de la charte', message: `l’article « ${rule.charter_article} » n’existe pas dans la charte en vigueur` });
    }
  });

  for (const { file, data } of input.register) {
    if (!input.services.has(data.service)) {
      problems.push({ file, field: 'service', label: 'Service responsable', message: `le service « ${data.service} » n’existe pas (services connus : ${known(input.services.keys())})` });
    }
    data.charter_articles.forEach((article, i) => {
      if (!articles.has(article)) {
        problems.push({
          file,
          field: `charter_articles.${i}`,
          label: 'Articles de la charte appliqués',
          message: inForce.length ? `l’article « ${article} » n’existe pas dans la charte en vigueur (articles : ${known(articles)})` : `l’article « ${article} » est cité, mais aucune charte n’est en vigueur`,
        });
      }
    });
    data.lifecycle.forEach((event, i) => {
      if (event.decision && !decisions.has(event.decision)) {
        problems.push({ file, field: `lifecycle.${i}.decision`, label: 'Décision de comité', message: `la décision « ${event.decision} » n’existe dans aucun compte rendu` });
      }
    });
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
