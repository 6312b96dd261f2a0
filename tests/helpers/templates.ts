/** One page of each template of the public site, chosen from a site's own content. */
import { consultationStatus } from '../../src/lib/consultations/calendar.ts';
import type { Content } from '../../src/lib/content/load.ts';

/** The register's own templates (home, list, entry, filter, open data). */
export function registerTemplates(content: Content): Record<string, string> {
  const entry = content.register.find((e) => e.evaluation && e.withheld.length === 0) ?? content.register[0]!;
  const status = content.register.find((e) => e.status === 'en-service')?.status ?? entry.status;
  return {
    accueil: '/',
    registre: '/registre/',
    fiche: `/registre/${entry.slug}/`,
    filtre: `/registre/filtre/statut/${status}/`,
    donnees: '/donnees/',
  };
}

/** Every other template, each where the content has something to show in it. */
export function otherTemplates(content: Content): Record<string, string> {
  const entry = content.register[0]!;
  const charter = content.charters[0];
  const committee = [...content.committees.values()][0];
  const minutes = content.minutes[0];
  const page = [...content.pages.values()][0];
  const openConsultation = content.consultations.find((c) => consultationStatus(c) === 'open');
  const closedConsultation = content.consultations.find((c) => consultationStatus(c) === 'closed');
  const archive = [...content.archives.keys()][0];
  const draw = [...content.draws.values()].find((d) => d.result);
  const opinion = content.opinions[0];
  return {
    statistiques: '/registre/statistiques/',
    historique: `/registre/${entry.slug}/historique/`,
    'dernières modifications': '/modifications/',
    'correspondance des standards': '/donnees/correspondance-standards/',
    badge: '/informer-les-usagers/',
    recherche: '/recherche/?q=eau',
    'plan du site': '/plan-du-site/',
    charte: '/charte/',
    gouvernance: '/gouvernance/',
    ...(charter && { 'version de la charte': `/charte/${charter.slug}/` }),
    ...(content.charters.length > 1 && { 'modifications de la charte': `/charte/${charter!.slug}/modifications/` }),
    ...(committee && { instance: `/gouvernance/${committee.id}/` }),
    ...(minutes && { 'compte rendu': `/comptes-rendus/${minutes.slug}/` }),
    ...(page && { 'page éditoriale': `/${page.slug}/` }),
    consultations: '/consultations/',
    ...(openConsultation && { 'consultation ouverte': `/consultations/${openConsultation.slug}/` }),
    ...(openConsultation && { 'reçu de contribution': `/consultations/${openConsultation.slug}/merci/` }),
    ...(closedConsultation && { 'consultation close': `/consultations/${closedConsultation.slug}/` }),
    'ma contribution': '/consultations/ma-contribution/',
    ...(archive && { 'archive de consultation': `/consultations/${archive}/archive/` }),
    ...(draw && { 'tirage au sort': `/gouvernance/${draw.council}/tirages/${draw.slug}/` }),
    ...(opinion && {
      avis: `/gouvernance/${opinion.committee}/avis/${opinion.id}/`,
      'suivi des recommandations': '/suivi/',
      'suivi filtré': '/suivi/reponse/retenue/',
    }),
    ...toolTemplates(content),
  };
}

/** The catalogue of tools: its list, a tool (one with an evaluation grid if any), a filter, a history. */
function toolTemplates(content: Content): Record<string, string> {
  const tool = content.tools.find((t) => t.evaluation) ?? content.tools[0];
  return {
    'catalogue des outils': '/outils/',
    ...(tool && {
      outil: `/outils/${tool.slug}/`,
      'historique d’un outil': `/outils/${tool.slug}/historique/`,
      'filtre du catalogue': `/outils/filtre/statut/${tool.decision.status}/`,
    }),
  };
}
