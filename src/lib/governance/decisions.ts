/** Committee decisions indexed by id and by the register entry they concern. */
import type { Committee, Content, Minutes } from '../content/load.ts';
import { minutesPath } from '../urls.ts';

export interface DecisionRef {
  decision: Minutes['decisions'][number];
  minutes: Minutes;
  committee: Committee | undefined;
  /** /comptes-rendus/<minutes>/#<decision id> */
  href: string;
}

const cache = new WeakMap<Content, { byId: Map<string, DecisionRef>; byEntry: Map<string, DecisionRef[]> }>();

function index(content: Content) {
  let built = cache.get(content);
  if (built) return built;
  built = { byId: new Map(), byEntry: new Map() };
  // Minutes are newest first, so each entry's decisions come out newest first too.
  for (const minutes of content.minutes) {
    for (const decision of minutes.decisions) {
      const ref: DecisionRef = {
        decision,
        minutes,
        committee: content.committees.get(minutes.committee),
        href: `${minutesPath(minutes.slug)}#${decision.id}`,
      };
      built.byId.set(decision.id, ref);
      if (decision.entry) built.byEntry.set(decision.entry, [...(built.byEntry.get(decision.entry) ?? []), ref]);
    }
  }
  cache.set(content, built);
  return built;
}

export function decisionById(content: Content, id: string): DecisionRef | undefined {
  return index(content).byId.get(id);
}

export function decisionsAbout(content: Content, entrySlug: string): DecisionRef[] {
  return index(content).byEntry.get(entrySlug) ?? [];
}

export function minutesOf(content: Content, committeeId: string): Minutes[] {
  return content.minutes.filter((m) => m.committee === committeeId);
}
