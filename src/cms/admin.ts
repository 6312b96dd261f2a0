/**
 * Runs in /admin/ after Decap CMS (bundled by src/cms/integration.ts into /admin/registre-cms.js):
 * - before every save, removes the empty values Decap leaves behind (an emptied optional field)
 *   and validates the entry with the very zod schema the build uses, cross-field rules included:
 *   an entry the build would refuse is never saved, and the officer reads why, in French;
 * - preview templates for register entries and minutes, with the site's own stylesheet.
 */
import type { z } from 'astro/zod';
import { fr } from 'decap-cms-locales';
import { problemsFromZod } from '../lib/content/problems.ts';
import { valueAt } from '../lib/paths.ts';
import { metaOf, schemaAt, shapeOf, unwrapOptional } from '../schemas/introspect.ts';
import { DECISION_OUTCOMES } from '../schemas/governance.ts';
import { AFFECTED, HOSTING, POLICY_AREAS, RISK_CLASSES, RISK_KINDS, STATUSES, labelOf } from '../schemas/options.ts';
import { pruneEmpty, type Path } from './prune.ts';
import { REQUIRED_WHEN } from './conditions.ts';
import {
  hideRefusal,
  installRefusalStyle,
  markRequiredNow,
  refusalShown,
  showRefusal,
  updateRefusal,
  type RefusalPoint,
  type TrailStep,
} from './refusal.ts';
import { DRAFT_SCHEMAS, SCHEMAS } from './schemas.ts';

/** The parts of Immutable.js and of the CMS global this script uses. */
interface ImmutableMap {
  get(key: string): any;
  getIn(path: Path): any;
  deleteIn(path: Path): ImmutableMap;
  toJS(): any;
}
interface DecapGlobal {
  registerEventListener(listener: { name: string; handler: (event: { entry: ImmutableMap }) => unknown }): void;
  registerWidget(name: string, control: unknown, preview?: unknown): void;
  registerLocale(locale: string, phrases: object): void;
  init(): void;
  registerPreviewTemplate(name: string, component: unknown): void;
  registerPreviewStyle(url: string): void;
}
type H = (type: string, props?: Record<string, unknown> | null, ...children: unknown[]) => unknown;
interface PreviewProps {
  entry: ImmutableMap;
  widgetFor: (name: string) => unknown;
  /** What relation widgets know of the entries chosen: here, the service's name. */
  fieldsMetaData?: ImmutableMap;
}

const w = window as unknown as { CMS: DecapGlobal; h: H; createClass: (spec: object) => unknown };
const { CMS, h } = w;

/**
 * Decap's French, corrected where officers stumbled: English left in (« Media », « Oops »), a
 * full-width plus sign that the interface's font lacks (« ＋ usage »), a typo. The phrases are
 * Decap's own object, copied, with these few replaced.
 */
const phrases = structuredClone(fr) as typeof fr;
phrases.app.header.media = 'Fichiers';
phrases.collection.collectionTop.newButton = 'Ajouter : %{collectionLabel}';
phrases.auth.errors.identitySettings = phrases.auth.errors.identitySettings.replace('Impsosible', 'Impossible');
phrases.mediaLibrary.mediaLibraryModal.mediaAssets = 'Fichiers';
phrases.ui.toast.missingRequiredField = 'Il manque un champ obligatoire : remplissez-le avant d’enregistrer. Il est signalé en rouge.';

/**
 * What Decap shows of a refused save, in its toast (`String(error)`): a short pointer to the
 * list that stays on screen (src/cms/refusal.ts), without the « Error: » that would come first.
 */
const REFUSAL_TOAST = 'corrigez les points de la liste affichée en bas à droite, puis enregistrez de nouveau.';
class SaveRefusal extends Error {
  override toString(): string {
    return REFUSAL_TOAST;
  }
}
phrases.ui.toast.onFailToPersist = 'La fiche n’est pas enregistrée : %{details}';
CMS.registerLocale('fr', phrases);

/** The way to a field through the form: the label of each field on its path, and the list items. */
function trailOf(schema: z.ZodType, path: readonly PropertyKey[]): TrailStep[] {
  const trail: TrailStep[] = [];
  path.forEach((key, i) => {
    if (typeof key === 'number') {
      const last = trail.at(-1);
      if (last) last.index = key;
    } else {
      const at = schemaAt(schema, path.slice(0, i + 1));
      trail.push({ title: (at && metaOf(at).title) ?? String(key) });
    }
  });
  return trail;
}

/** « Étapes n° 2 › Date » : the field as the officer finds it in the form. */
const trailLabel = (trail: TrailStep[]) =>
  trail.map((step) => (step.index === undefined ? step.title : `${step.title} n°\u00a0${step.index + 1}`)).join(' › ');

/**
 * The entry with its required groups left untouched as empty objects: the schema then names
 * each field of the group (« Les données › Durée de conservation ») instead of the group alone.
 * Only to word the refusal; what is saved is the entry as the officer left it.
 */
function withRequiredGroups(schema: z.ZodType, value: unknown): unknown {
  const shape = shapeOf(schema);
  if (!shape || typeof value !== 'object' || value === null || Array.isArray(value)) return value;
  const filled: Record<string, unknown> = { ...(value as Record<string, unknown>) };
  for (const [key, child] of Object.entries(shape)) {
    const { optional } = unwrapOptional(child);
    if (filled[key] === undefined && !optional && shapeOf(child)) filled[key] = {};
    if (filled[key] !== undefined) filled[key] = withRequiredGroups(child, filled[key]);
  }
  return filled;
}

type SaveMode = 'draft' | 'can-be-draft' | 'no-drafts';

/** What the schema refuses in the entry, in the form's words, each with the way to its field. */
function refusalPoints(schema: z.ZodType, record: unknown): RefusalPoint[] {
  const value = withRequiredGroups(schema, record);
  const result = schema.safeParse(value);
  if (result.success) return [];
  const problems = problemsFromZod('', schema, value, result.error);
  return result.error.issues.map((issue, i) => {
    const trail = trailOf(schema, issue.path);
    // An empty choice is reported by zod as a value outside the list: it is a missing answer. A
    // rule between fields keeps its own words, which say when the field is required.
    const missing = issue.code !== 'custom' && valueAt(value, issue.path) === undefined;
    return {
      trail,
      label: trailLabel(trail) || 'La fiche',
      message: missing ? 'champ obligatoire manquant' : (problems[i]?.message ?? issue.message),
    };
  });
}

function refusalIntro(mode: SaveMode, count: number): string {
  if (count === 0) return 'Tout est corrigé\u00a0: enregistrez de nouveau.';
  if (mode === 'draft') return 'Même en brouillon, une fiche a besoin de ces points\u00a0:';
  const points = count > 1 ? `Ces ${count} points sont à corriger` : 'Ce point est à corriger';
  const draft = mode === 'can-be-draft' ? ' (ou mettez «\u00a0Brouillon\u00a0» à Oui pour l’enregistrer sans la publier)' : '';
  return `Le site ne pourrait pas être construit avec elle. ${points}${draft}\u00a0:`;
}

/** The schema an entry is checked against before saving, and the data to check (without `draft` when published). */
function checkOf(collection: string, slug: string, record: Record<string, unknown>) {
  const draftSchema = DRAFT_SCHEMAS[collection];
  if (draftSchema && record.draft === true) return { schema: draftSchema, record, mode: 'draft' as const };
  const { draft: _draft, ...published } = record;
  const schema = SCHEMAS[collection === 'reglages' ? slug : collection];
  return { schema, record: draftSchema ? published : record, mode: draftSchema ? ('can-be-draft' as const) : ('no-drafts' as const) };
}

/** Refuses the save: the list on screen, and an error for Decap, which then keeps the form as it is. */
function refuse(points: RefusalPoint[], mode: SaveMode): never {
  showRefusal('La fiche n’est pas enregistrée', refusalIntro(mode, points.length), points);
  throw new SaveRefusal(points.map((p) => `${p.label} : ${p.message}`).join(' ; '));
}

CMS.registerEventListener({
  name: 'preSave',
  handler: ({ entry }) => {
    const collection = String(entry.get('collection'));
    let data = entry.get('data') as ImmutableMap;
    const { value, removed } = pruneEmpty(data.toJS());
    for (const path of removed) data = data.deleteIn(path);
    const check = checkOf(collection, String(entry.get('slug')), value as Record<string, unknown>);
    // Published: the switch left at « Non » is not written (the published record has no such field).
    if (check.mode === 'can-be-draft') data = data.deleteIn(['draft']);
    if (check.schema) {
      const points = refusalPoints(check.schema, check.record);
      if (points.length > 0) refuse(points, check.mode);
    }
    hideRefusal();
    return data;
  },
});

// A refusal is expected, and shown on screen: Decap would also log it as an error and leave its
// promise rejected with no one to catch it. Anything else is still reported.
const refusedSave = (value: unknown) =>
  value instanceof SaveRefusal ||
  (typeof value === 'object' && value !== null && (value as { payload?: { error?: unknown } }).payload?.error === REFUSAL_TOAST);
window.addEventListener('unhandledrejection', (event) => {
  // Decap's own refusal (a required field or a pattern, marked in red in the form) rejects with nothing.
  if (refusedSave(event.reason) || event.reason === undefined) event.preventDefault();
});
const consoleError = console.error.bind(console);
console.error = (...args: unknown[]) => {
  if (args.length === 1 && refusedSave(args[0])) return;
  consoleError(...args);
};
/**
 * « À remplir maintenant » beside each field that a rule between fields requires at this moment
 * (« Données personnelles » at Oui: the legal basis), computed by the entry's own schema as the
 * officer fills the form. The entry is read through the store accessor Decap gives widgets.
 */
let readEntry: (() => ImmutableMap) | undefined;
let refreshTimer: ReturnType<typeof setTimeout> | undefined;
function refreshObligations(): void {
  const entry = readEntry?.();
  if (!entry) return;
  const collection = String(entry.get('collection'));
  const schema = SCHEMAS[collection];
  const keys = Object.keys(REQUIRED_WHEN).filter((key) => key.startsWith(`${collection}:`));
  const { value } = pruneEmpty((entry.get('data') as ImmutableMap).toJS());
  // The list of a refused save follows the form: a point fixed leaves it.
  if (refusalShown()) {
    const check = checkOf(collection, String(entry.get('slug')), value as Record<string, unknown>);
    if (check.schema) {
      const points = refusalPoints(check.schema, check.record);
      updateRefusal(refusalIntro(check.mode, points.length), points);
    }
  }
  if (!schema || keys.length === 0) return;
  const draft = (value as { draft?: unknown }).draft === true;
  const result = draft ? undefined : schema.safeParse(withRequiredGroups(schema, value));
  const now = new Set(result?.error?.issues.filter((issue) => issue.code === 'custom').map((issue) => issue.path.join('.')) ?? []);
  for (const key of keys) {
    const path = key.slice(collection.length + 1).split('.');
    markRequiredNow(trailOf(schema, path), now.has(path.join('.')));
  }
}
const scheduleObligations = () => {
  clearTimeout(refreshTimer);
  refreshTimer = setTimeout(refreshObligations, 150);
};
for (const type of ['change', 'input', 'click', 'keyup']) document.addEventListener(type, scheduleObligations, true);

// Another entry opened: the list was about the previous one.
window.addEventListener('hashchange', hideRefusal);
installRefusalStyle();

// The site's stylesheet (copied unhashed) and the authority's colours.
CMS.registerPreviewStyle('/admin/preview.css');
CMS.registerPreviewStyle('/theme.css');

const frDate = (iso: unknown) => {
  if (typeof iso !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(iso)) return String(iso ?? '');
  return new Date(`${iso}T12:00:00Z`).toLocaleDateString('fr-FR', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
};
const yesNo = (value: unknown) => (value === true ? 'Oui' : value === false ? 'Non' : 'Non renseigné');
const paragraphs = (text: unknown) =>
  String(text ?? '')
    .split(/\n\s*\n/)
    .map((p) => p.trim())
    .filter(Boolean)
    .map((p) => h('p', null, p));
const facts = (rows: [string, unknown][]) =>
  h(
    'dl',
    { className: 'facts' },
    ...rows.filter(([, v]) => v !== undefined && v !== '').flatMap(([k, v]) => [h('dt', null, k), h('dd', null, v)]),
  );
const statusTag = (status: unknown) => h('span', { className: `tag status-${String(status)}` }, labelOf(STATUSES, String(status ?? '')));

function RegisterPreview({ entry, fieldsMetaData }: PreviewProps) {
  const d = entry.get('data').toJS() as Record<string, any>;
  // The service by its name once chosen in the form; its identifier only before.
  const service = fieldsMetaData?.getIn(['service', 'services', String(d.service ?? ''), 'name']) ?? d.service ?? '';
  const purpose = d.purpose ?? {};
  const oversight = d.oversight ?? {};
  const system = d.system ?? {};
  const data = d.data ?? {};
  const recourse = d.recourse ?? {};
  return h(
    'main',
    { className: 'wrap' },
    h(
      'article',
      null,
      d.draft === true
        ? h('p', { className: 'box' }, h('strong', null, 'Brouillon'), '\u00a0: cette fiche est enregistrée, mais elle n’est pas publiée.')
        : entry.get('slug')
          ? h('p', { className: 'muted' }, 'Aperçu : la fiche publiée sous /registre/', String(entry.get('slug')), '/')
          : h('p', { className: 'muted' }, 'Aperçu : l’adresse de la fiche sera tirée de son nom au premier enregistrement.'),
      h('h1', null, d.title ?? 'Nom de l’usage'),
      h(
        'p',
        null,
        statusTag(d.status),
        ' ',
        h('span', { className: 'muted' }, '· ', service, ' · ', labelOf(POLICY_AREAS, d.policy_area ?? '')),
      ),
      h('p', { className: 'lead' }, d.summary ?? ''),
      facts([
        ['Personnes concernées', labelOf(AFFECTED, d.affected ?? '')],
        ['Qui précisément', d.affected_detail],
        ['Qui décide', oversight.decider],
        ['Données personnelles', yesNo(data.personal_data)],
        ['Hébergement', labelOf(HOSTING, system.hosting ?? '')],
        ['Mise à jour', frDate(d.revision?.date)],
      ]),
      h(
        'section',
        { className: 'box box-recourse' },
        h('h2', null, 'Contester, demander un examen humain'),
        ...paragraphs(recourse.how),
        h('h3', null, 'Obtenir un examen par une personne'),
        ...paragraphs(recourse.human_review),
        h('p', null, 'À qui écrire : ', recourse.contact ?? ''),
      ),
      h('h2', null, 'À quoi ça sert'),
      h('h3', null, 'Le problème'),
      ...paragraphs(purpose.problem),
      h('h3', null, 'Le bénéfice attendu'),
      ...paragraphs(purpose.benefit),
      h('h3', null, 'Pourquoi l’IA plutôt qu’un moyen plus simple'),
      ...paragraphs(purpose.proportionality),
      h('h2', null, 'Qui décide'),
      h('h3', null, 'Ce que fait l’IA'),
      ...paragraphs(oversight.ai_role),
      h('h3', null, 'Ce que décide une personne'),
      ...paragraphs(oversight.human_role),
      h('h2', null, 'Le système'),
      ...paragraphs(system.description),
      h('h2', null, 'Règlement européen sur l’IA'),
      facts([['Classe de risque', labelOf(RISK_CLASSES, d.ai_act?.risk_class ?? '')]]),
      h('h2', null, 'Risques et mesures'),
      (d.risks ?? []).length === 0
        ? h('p', null, 'Aucun risque particulier n’a été identifié.')
        : h(
            'table',
            null,
            h('thead', null, h('tr', null, h('th', null, 'Nature'), h('th', null, 'Risque'), h('th', null, 'Mesure prise'))),
            h(
              'tbody',
              null,
              ...(d.risks as any[]).map((r) =>
                h(
                  'tr',
                  null,
                  h('th', null, labelOf(RISK_KINDS, r?.kind ?? '')),
                  h('td', null, r?.description),
                  h('td', null, r?.mitigation),
                ),
              ),
            ),
          ),
      h('h2', null, 'Étapes'),
      h(
        'ol',
        { className: 'timeline' },
        ...(d.lifecycle ?? []).map((e: any) =>
          h(
            'li',
            null,
            h('p', null, h('strong', null, frDate(e?.date)), ' — ', statusTag(e?.status)),
            h('p', null, e?.note ?? ''),
            e?.decision ? h('p', null, 'Décision : ', h('code', null, e.decision)) : null,
          ),
        ),
      ),
    ),
  );
}

function MinutesPreview({ entry, widgetFor }: PreviewProps) {
  const d = entry.get('data').toJS() as Record<string, any>;
  return h(
    'main',
    { className: 'wrap' },
    h('h1', null, d.title ?? 'Titre'),
    h('p', { className: 'lead' }, d.committee ?? '', ', réunion du ', frDate(d.date), '.'),
    h('h2', null, 'Ordre du jour'),
    h('ol', null, ...(d.agenda ?? []).map((item: unknown) => h('li', null, item))),
    h('h2', null, 'Présents'),
    h(
      'ul',
      null,
      ...(d.attendees ?? []).map((m: any) =>
        h('li', null, `${m?.role ?? ''}${m?.count > 1 ? ` (${m.count})` : ''}${m?.names?.length ? ` : ${m.names.join(', ')}` : ''}`),
      ),
    ),
    (d.decisions ?? []).length > 0
      ? h(
          'section',
          null,
          h('h2', null, 'Décisions'),
          ...(d.decisions as any[]).map((dec) =>
            h(
              'article',
              { className: 'box' },
              h('h3', null, dec?.title ?? ''),
              h(
                'p',
                null,
                h('strong', null, labelOf(DECISION_OUTCOMES, dec?.outcome ?? '')),
                ' · référence ',
                h('code', null, dec?.id ?? ''),
              ),
              h('p', null, dec?.text ?? ''),
              dec?.entry ? h('p', null, 'Usage concerné : ', h('code', null, dec.entry)) : null,
            ),
          ),
        )
      : null,
    h('h2', null, 'Compte rendu'),
    widgetFor('body'),
    (d.attachments ?? []).length > 0
      ? h(
          'section',
          null,
          h('h2', null, 'Pièces jointes'),
          h('ul', null, ...(d.attachments as any[]).map((a) => h('li', null, `${a?.label ?? ''} (PDF)`))),
        )
      : null,
  );
}

/** The props Decap gives a widget's control. */
interface ControlProps {
  value: unknown;
  onChange: (value: boolean) => void;
  forID: string;
  classNameWrapper: string;
  field: ImmutableMap;
  /** The entry being edited, as the store holds it now. */
  getEntry: () => ImmutableMap;
}

/**
 * « Oui » / « Non » as two radio buttons, nothing chosen until the officer answers (see
 * YES_NO_WIDGET in widgets.ts): a required question left unanswered is refused by Decap.
 */
const YesNoControl = w.createClass({
  render(this: { props: ControlProps }) {
    const { value, onChange, forID, classNameWrapper, field, getEntry } = this.props;
    readEntry = getEntry;
    scheduleObligations();
    const option = (answer: boolean, label: string) =>
      h(
        'label',
        { style: { marginRight: '1.5em', display: 'inline-flex', gap: '0.4em', alignItems: 'center' } },
        h('input', {
          type: 'radio',
          // No id: Decap's own <label for> would then name the « Oui » button after the question.
          name: forID,
          checked: value === answer,
          onChange: () => onChange(answer),
        }),
        label,
      );
    return h(
      'div',
      { id: forID, className: classNameWrapper, role: 'radiogroup', 'aria-label': String(field.get('label') ?? '') },
      option(true, 'Oui'),
      option(false, 'Non'),
    );
  },
});
const YesNoPreview = ({ value }: { value: unknown }) => h('p', null, yesNo(value));
CMS.registerWidget('oui-non', YesNoControl, YesNoPreview);

CMS.registerPreviewTemplate('registre', RegisterPreview);
CMS.registerPreviewTemplate('comptes-rendus', MinutesPreview);

// Everything is registered: Decap may start (public/admin/manual-init.js held it back).
CMS.init();
