/** The sections of an entry page, in reading order: their anchor and heading, for the table of contents and the sections themselves. */
export const ENTRY_SECTIONS = {
  purpose: { id: 'finalite', title: 'À quoi ça sert' },
  oversight: { id: 'decision', title: 'Qui décide' },
  system: { id: 'systeme', title: 'Le système' },
  data: { id: 'donnees', title: 'Les données' },
  aiAct: { id: 'reglement', title: 'Règlement européen sur l’IA' },
  evaluation: { id: 'evaluation', title: 'Évaluation' },
  risks: { id: 'risques', title: 'Risques et mesures' },
  environment: { id: 'environnement', title: 'Empreinte environnementale' },
  steps: { id: 'etapes', title: 'Étapes' },
  decisions: { id: 'decisions', title: 'Décisions des instances sur cet usage' },
  charter: { id: 'charte', title: 'Articles de la charte appliqués' },
  report: { id: 'signaler', title: 'Signaler une erreur dans cette fiche' },
} as const;

export type EntrySection = keyof typeof ENTRY_SECTIONS;
