/**
 * "Ce service utilise l'IA" badge: a small SVG that a service's own page shows to inform its
 * users, linked to the register entry. Drawn here, no external font: system sans-serif.
 */
import { escapeXml } from '../open-data/atom.ts';

export const BADGE_HEIGHT = 28;

/** Rough width of a text in 12 px system sans-serif; generous, so that text never overflows. */
const textWidth = (text: string) => Math.ceil(text.length * 7.1) + 16;

export function badgeSvg(options: { label: string; value: string; colour: string; title: string }): string {
  const left = textWidth(options.label);
  const right = textWidth(options.value);
  const width = left + right;
  const y = Math.round(BADGE_HEIGHT * 0.66);
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${BADGE_HEIGHT}" viewBox="0 0 ${width} ${BADGE_HEIGHT}" role="img" aria-label="${escapeXml(options.title)}">`,
    `<title>${escapeXml(options.title)}</title>`,
    `<rect width="${left}" height="${BADGE_HEIGHT}" rx="4" fill="#1b1b1f"/>`,
    `<rect x="${left}" width="${right}" height="${BADGE_HEIGHT}" rx="4" fill="${escapeXml(options.colour)}"/>`,
    `<rect x="${left - 4}" width="8" height="${BADGE_HEIGHT}" fill="${escapeXml(options.colour)}"/>`,
    `<g fill="#fff" font-family="system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif" font-size="12">`,
    `<text x="8" y="${y}">${escapeXml(options.label)}</text>`,
    `<text x="${left + 8}" y="${y}" font-weight="700">${escapeXml(options.value)}</text>`,
    `</g></svg>`,
  ].join('');
}

export function badgeWidth(label: string, value: string): number {
  return textWidth(label) + textWidth(value);
}

export const BADGE_LABEL = 'Ce service utilise l’IA';
export const BADGE_VALUE = 'En savoir plus';

/** The HTML a service pastes into its own page. */
export function badgeSnippet(entryUrl: string, entryTitle: string): string {
  const alt = `Ce service utilise l’intelligence artificielle : en savoir plus sur « ${entryTitle} » dans le registre`;
  return `<a href="${escapeXml(entryUrl)}"><img src="${escapeXml(`${entryUrl}badge.svg`)}" alt="${escapeXml(alt)}" width="${badgeWidth(BADGE_LABEL, BADGE_VALUE)}" height="${BADGE_HEIGHT}"></a>`;
}
