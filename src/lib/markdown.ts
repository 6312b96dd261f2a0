/**
 * Markdown written by staff (minutes, legal pages) rendered at build time. Raw HTML inside the
 * Markdown is shown as text, never interpreted: the CMS must not become a way to inject markup.
 */
import { Marked } from 'marked';
import { escapeXml } from './text.ts';

const marked = new Marked({
  gfm: true,
  renderer: {
    html: ({ text }) => escapeXml(text),
  },
});

/**
 * On-demand pages (consultations) render the same texts on every request: the latest results are
 * kept. Content is read once per process, so the set of texts is small.
 */
const rendered = new Map<string, string>();
const RENDERED_MAX = 500;

function parse(source: string): string {
  let html = rendered.get(source);
  if (html === undefined) {
    html = marked.parse(source, { async: false });
    if (rendered.size >= RENDERED_MAX) rendered.delete(rendered.keys().next().value!);
    rendered.set(source, html);
  }
  return html;
}

/** Renders Markdown to HTML; `shiftHeadings` moves ## to ### etc. when the page already uses h2. */
export function renderMarkdown(source: string, shiftHeadings = 0): string {
  const html = parse(source);
  if (!shiftHeadings) return html;
  return html.replace(/<(\/?)h([1-6])\b/g, (_, slash: string, level: string) => `<${slash}h${Math.min(6, Number(level) + shiftHeadings)}`);
}
