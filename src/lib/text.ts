/** Plain-text helpers: text from the content is never interpreted as HTML. */

/** Escapes the five characters that matter in XML and HTML text and attributes. */
export function escapeXml(text: string): string {
  return text.replace(/[<>&'"]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&apos;', '"': '&quot;' })[c]!);
}

export interface TextPart {
  text: string;
  href?: string;
}

const LINKABLE = /([\w.+-]+@[\w-]+(?:\.[\w-]+)+)|(https?:\/\/[^\s<>"]+[^\s<>".,;:!?)])/g;

/** Splits text into plain parts and links, for the e-mail addresses and web addresses it holds. */
export function linkify(text: string): TextPart[] {
  const parts: TextPart[] = [];
  let last = 0;
  for (const match of text.matchAll(LINKABLE)) {
    const index = match.index ?? 0;
    if (index > last) parts.push({ text: text.slice(last, index) });
    const [found, mail] = match;
    parts.push({ text: found, href: mail ? `mailto:${mail}` : found });
    last = index + found.length;
  }
  if (last < text.length) parts.push({ text: text.slice(last) });
  return parts;
}
