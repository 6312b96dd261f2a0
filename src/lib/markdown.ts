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

/** Renders Markdown to HTML; `shiftHeadings` moves ## to ### etc. when the page already uses h2. */
export function renderMarkdown(source: string, shiftHeadings = 0): string {
  const html = marked.parse(source, { async: false });
  if (!shiftHeadings) return html;
  return html.replace(/<(\/?)h([1-6])\b/g, (_, slash: string, level: string) => `<${slash}h${Math.min(6, Number(level) + shiftHeadings)}`);
}
