/**
 * "Ce service utilise l'IA" badge: one small SVG that a service's own pages show to inform
 * their users, linked to the register entry. Drawn here, no external font.
 */
import { escapeXml } from '../text.ts';
import { absoluteUrl, entryPath } from '../urls.ts';

export const BADGE_HEIGHT = 28;
export const BADGE_PATH = '/badge-ia.svg';
export const BADGE_LABEL = 'Ce service utilise l’IA';
export const BADGE_VALUE = 'En savoir plus';

/** Rough width of a text in 12 px system sans-serif; generous, so that text never overflows. */
const textWidth = (text: string) => Math.ceil(text.length * 7.1) + 16;

export function badgeWidth(label = BADGE_LABEL, value = BADGE_VALUE): number {
  return textWidth(label) + textWidth(value);
}

export function badgeSvg(options: { label?: string; value?: string; colour: string; title: string }): string {
  const { label = BADGE_LABEL, value = BADGE_VALUE } = options;
  const left = textWidth(label);
  const width = badgeWidth(label, value);
  const y = Math.round(BADGE_HEIGHT * 0.66);
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${BADGE_HEIGHT}" viewBox="0 0 ${width} ${BADGE_HEIGHT}" role="img" aria-label="${escapeXml(options.title)}">`,
    `<title>${escapeXml(options.title)}</title>`,
    `<rect width="${left}" height="${BADGE_HEIGHT}" rx="4" fill="#1b1b1f"/>`,
    `<rect x="${left}" width="${width - left}" height="${BADGE_HEIGHT}" rx="4" fill="${escapeXml(options.colour)}"/>`,
    `<rect x="${left - 4}" width="8" height="${BADGE_HEIGHT}" fill="${escapeXml(options.colour)}"/>`,
    `<g fill="#fff" font-family="system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif" font-size="12">`,
    `<text x="8" y="${y}">${escapeXml(label)}</text>`,
    `<text x="${left + 8}" y="${y}" font-weight="700">${escapeXml(value)}</text>`,
    `</g></svg>`,
  ].join('');
}

/** The HTML a service pastes into its own page: absolute addresses, an alternative text naming the use. */
export function badgeSnippet(siteUrl: string, entrySlug: string, entryTitle: string): string {
  const entryUrl = absoluteUrl(entryPath(entrySlug), siteUrl);
  const alt = `Ce service utilise l’intelligence artificielle : en savoir plus sur « ${entryTitle} » dans le registre`;
  return `<a href="${escapeXml(entryUrl)}"><img src="${escapeXml(absoluteUrl(BADGE_PATH, siteUrl))}" alt="${escapeXml(alt)}" width="${badgeWidth()}" height="${BADGE_HEIGHT}"></a>`;
}
