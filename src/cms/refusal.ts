/**
 * Why a save was refused, kept on screen (Decap's own messages vanish after a few seconds): a
 * list in the form's words, each point a button that takes the officer to its field, until the
 * officer closes it, saves successfully, or opens another entry. Plain DOM beside Decap's React
 * tree, which offers no place for it.
 */

/** One step of the way to a field: its label in the form, and which item of a list. */
export interface TrailStep {
  title: string;
  index?: number;
}

export interface RefusalPoint {
  label: string;
  message: string;
  trail: TrailStep[];
}

const PANEL_ID = 'registre-refus';
/** On a label (an attribute React leaves alone): the field's condition holds and it is empty. */
const REQUIRED_NOW = 'data-obligatoire-maintenant';
const STYLE_ID = 'registre-refus-style';

/**
 * Decap adds « (optionnel) » itself to every field it does not check; the labels made from the
 * schemas say the obligation instead (src/cms/conditions.ts), so its own is hidden.
 */
const STYLE = `
label[for*="-field-"] > span:last-child { display: none; }
label[${REQUIRED_NOW}]::after { content: "À remplir maintenant"; display: block; position: static; width: auto; height: auto;
  background: none; border-radius: 0; color: #8a0021; }
#${PANEL_ID} { position: fixed; right: 1rem; bottom: 1rem; z-index: 1000; box-sizing: border-box;
  width: min(34rem, calc(100vw - 2rem)); max-height: 60vh; overflow: auto; padding: 1rem 1.25rem;
  background: #fff; color: #1f1f1f; border: 2px solid #b0002a; border-radius: 6px;
  box-shadow: 0 4px 18px rgb(0 0 0 / 25%); font: 15px/1.45 system-ui, sans-serif; }
#${PANEL_ID} h2 { margin: 0 0 0.4rem; font-size: 1.1rem; color: #8a0021; }
#${PANEL_ID} p { margin: 0 0 0.5rem; }
#${PANEL_ID} ul { margin: 0 0 0.75rem; padding-left: 1.1rem; }
#${PANEL_ID} li { margin: 0.3rem 0; }
#${PANEL_ID} .registre-refus-champ { padding: 0; border: 0; background: none; color: #004e9a; font: inherit;
  font-weight: 600; text-decoration: underline; cursor: pointer; text-align: left; }
#${PANEL_ID} .registre-refus-fermer { padding: 0.35rem 0.8rem; border: 1px solid #555; border-radius: 4px;
  background: #f3f3f3; color: #1f1f1f; font: inherit; cursor: pointer; }
#${PANEL_ID} button:focus-visible { outline: 3px solid #004e9a; outline-offset: 2px; }
`;

export function installRefusalStyle(): void {
  if (document.getElementById(STYLE_ID)) return;
  const style = document.createElement('style');
  style.id = STYLE_ID;
  style.textContent = STYLE;
  document.head.append(style);
}

/** The text of a field's label, without what Decap appends. */
function labelText(label: Element): string {
  return (label.firstChild?.textContent ?? '').trim();
}

const FOCUSABLE = 'input:not([type="hidden"]), textarea, select, button, [contenteditable="true"], [tabindex]';

/**
 * The label of the field the trail leads to, step by step inside the previous one; `complete`
 * is false when only an ancestor is shown (the field is inside a closed group).
 */
export function findLabel(trail: TrailStep[]): { label: HTMLLabelElement; complete: boolean } | undefined {
  let scope: ParentNode = document;
  let found: HTMLLabelElement | undefined;
  let steps = 0;
  for (const step of trail) {
    const matches = [...scope.querySelectorAll<HTMLLabelElement>('label[for*="-field-"]')].filter((label) => {
      const text = labelText(label);
      return text === step.title || text.startsWith(`${step.title} (`);
    });
    const label = matches[step.index ?? 0] ?? matches[0];
    if (!label) break;
    found = label;
    steps++;
    // The label sits in the field's top bar; the field's container holds its children.
    scope = label.parentElement?.parentElement ?? scope;
  }
  return found && { label: found, complete: steps === trail.length };
}

/** Moves the focus to the field the trail leads to, or to its nearest open ancestor. */
export function focusField(trail: TrailStep[]): boolean {
  const found = findLabel(trail)?.label;
  if (!found) return false;
  const control = document.getElementById(found.htmlFor);
  const target = control?.matches(FOCUSABLE)
    ? control
    : (control ?? found.parentElement?.parentElement)?.querySelector<HTMLElement>(FOCUSABLE);
  found.scrollIntoView({ block: 'center' });
  (target ?? found).focus({ preventScroll: true });
  return true;
}

/**
 * Marks a field that a rule between fields requires now: « À remplir maintenant » under its label
 * (in place of the small curve Decap draws there).
 */
export function markRequiredNow(trail: TrailStep[], now: boolean): void {
  const found = findLabel(trail);
  if (!found?.complete) return;
  if (now) found.label.setAttribute(REQUIRED_NOW, '');
  else found.label.removeAttribute(REQUIRED_NOW);
}

export function hideRefusal(): void {
  document.getElementById(PANEL_ID)?.remove();
}

export function refusalShown(): boolean {
  return document.getElementById(PANEL_ID) !== null;
}

/** The points as buttons to their fields; none left: nothing but the introduction. */
function pointList(points: RefusalPoint[]): HTMLUListElement {
  const list = document.createElement('ul');
  for (const point of points) {
    const item = document.createElement('li');
    const go = document.createElement('button');
    go.type = 'button';
    go.className = 'registre-refus-champ';
    go.textContent = point.label;
    go.addEventListener('click', () => focusField(point.trail));
    item.append(go, `\u00a0: ${point.message}`);
    list.append(item);
  }
  list.hidden = points.length === 0;
  return list;
}

const signature = (points: RefusalPoint[]) => points.map((p) => `${p.label}\n${p.message}`).join('\n');

/** Shows the list (replacing an earlier one) and moves the focus to it, so that it is read out. */
export function showRefusal(heading: string, intro: string, points: RefusalPoint[]): void {
  hideRefusal();
  installRefusalStyle();
  const panel = document.createElement('section');
  panel.id = PANEL_ID;
  panel.tabIndex = -1;
  panel.setAttribute('aria-labelledby', `${PANEL_ID}-titre`);
  panel.dataset.points = signature(points);
  const title = document.createElement('h2');
  title.id = `${PANEL_ID}-titre`;
  title.textContent = heading;
  const lead = document.createElement('p');
  lead.textContent = intro;
  const close = document.createElement('button');
  close.type = 'button';
  close.className = 'registre-refus-fermer';
  close.textContent = 'Fermer cette liste';
  close.addEventListener('click', hideRefusal);
  panel.append(title, lead, pointList(points), close);
  document.body.append(panel);
  panel.focus();
}

/**
 * The open list, brought up to date as the officer fixes the form. Rebuilt only when a point
 * came or went, so that a keyboard moving through its buttons keeps its place.
 */
export function updateRefusal(intro: string, points: RefusalPoint[]): void {
  const panel = document.getElementById(PANEL_ID);
  if (!panel || panel.dataset.points === signature(points)) return;
  panel.dataset.points = signature(points);
  panel.querySelector('p')!.textContent = intro;
  panel.querySelector('ul')!.replaceWith(pointList(points));
}
