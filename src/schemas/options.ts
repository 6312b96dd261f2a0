/** Closed lists of the register, with the French label a resident reads. */

export const STATUSES = {
  idee: 'Idée',
  experimentation: 'Expérimentation',
  bilan: 'Bilan en cours',
  'en-service': 'En service',
  suspendu: 'Suspendu',
  arrete: 'Arrêté',
} as const;

export const POLICY_AREAS = {
  'relation-usagers': 'Accueil et relation aux usagers',
  'social-solidarites': 'Action sociale et solidarités',
  'mobilite-transports': 'Mobilité et transports',
  'urbanisme-logement': 'Urbanisme et logement',
  'environnement-energie': 'Environnement et énergie',
  'eau-dechets': 'Eau, assainissement et déchets',
  'espace-public': 'Espace public et voirie',
  'education-jeunesse': 'Éducation, enfance et jeunesse',
  'culture-sport': 'Culture et sport',
  'securite-prevention': 'Sécurité et prévention',
  'economie-emploi': 'Économie et emploi',
  'ressources-internes': 'Ressources internes (finances, RH, juridique)',
} as const;

/**
 * What residents look for, in their words: a use may touch several (the FSL's housing aid is
 * both « Logement » and « Aides sociales »), unlike the policy area, which is the authority's
 * own organisation.
 */
export const THEMES = {
  logement: 'Logement',
  'aides-sociales': 'Aides sociales et solidarité',
  eau: 'Eau',
  dechets: 'Déchets et propreté',
  transports: 'Transports et déplacements',
  'voirie-espace-public': 'Rues, voirie et espace public',
  'demarches-accueil': 'Démarches et accueil',
  'enfance-ecole': 'Enfance et école',
  'emploi-entreprises': 'Emploi et entreprises',
  'environnement-energie': 'Environnement et énergie',
  securite: 'Sécurité et tranquillité',
  'culture-sport-loisirs': 'Culture, sport et loisirs',
  sante: 'Santé',
  participation: 'Participation et concertation',
  'fonctionnement-interne': 'Fonctionnement de l’administration',
} as const;

export const AFFECTED = {
  agents: 'Les agents',
  habitants: 'Les habitants et usagers',
  tous: 'Les agents et les habitants',
} as const;

export const AI_KINDS = {
  generative: 'IA générative',
  'apprentissage-automatique': 'Apprentissage automatique (prédiction, classement)',
  vision: 'Vision par ordinateur',
  parole: 'Reconnaissance ou synthèse de la parole',
  langage: 'Analyse du langage (non générative)',
  regles: 'Système à base de règles',
} as const;

/** What the output is for (Eurocities `type`). */
export const USE_TYPES = {
  descriptif: 'Descriptif : résumer, retranscrire, décrire',
  diagnostic: 'Diagnostic : détecter, repérer une anomalie',
  predictif: 'Prédictif : estimer ce qui va se passer',
  prescriptif: 'Prescriptif : recommander une action',
} as const;

export const LICENCES = {
  libre: 'Logiciel libre ou modèle ouvert',
  proprietaire: 'Logiciel ou modèle propriétaire',
} as const;

export const HOSTING = {
  interne: 'Serveurs de la collectivité',
  france: 'Hébergeur en France',
  ue: 'Hébergeur dans l’Union européenne',
  'hors-ue': 'Hébergeur hors de l’Union européenne',
} as const;

/** GDPR article 6(1) legal bases. */
export const LEGAL_BASES = {
  'mission-interet-public': 'Mission d’intérêt public (art. 6-1-e RGPD)',
  'obligation-legale': 'Obligation légale (art. 6-1-c RGPD)',
  contrat: 'Exécution d’un contrat (art. 6-1-b RGPD)',
  consentement: 'Consentement (art. 6-1-a RGPD)',
  'interets-vitaux': 'Sauvegarde des intérêts vitaux (art. 6-1-d RGPD)',
  'interets-legitimes': 'Intérêts légitimes (art. 6-1-f RGPD, hors missions de service public)',
} as const;

export const RISK_CLASSES = {
  interdit: 'Pratique interdite (art. 5)',
  haut: 'Haut risque (art. 6 et annexe III)',
  limite: 'Risque limité : obligation de transparence (art. 50)',
  minimal: 'Risque minimal',
  'hors-champ': 'Hors du champ du règlement : algorithme qui n’est pas un système d’IA (art. 3)',
} as const;

/** AI Act Annex III areas, for high-risk systems. */
export const ANNEX_III_AREAS = {
  biometrie: '1. Biométrie',
  'infrastructures-critiques': '2. Infrastructures critiques',
  education: '3. Éducation et formation professionnelle',
  emploi: '4. Emploi, gestion des travailleurs',
  'services-essentiels': '5. Accès aux services privés essentiels et aux prestations publiques',
  repression: '6. Activités répressives',
  migrations: '7. Migration, asile et contrôle aux frontières',
  justice: '8. Administration de la justice et processus démocratiques',
} as const;

export const RISK_KINDS = {
  biais: 'Biais et discrimination',
  erreur: 'Erreur ou résultat inexact',
  securite: 'Sécurité informatique',
  'vie-privee': 'Vie privée',
  dependance: 'Dépendance à un fournisseur',
  autre: 'Autre',
} as const;

/** Strasbourg's five evaluation criteria. */
export const CRITERIA = {
  valeur: 'Valeur créée',
  securite: 'Sécurité des données',
  ethique: 'Éthique',
  conformite: 'Conformité réglementaire',
  interoperabilite: 'Interopérabilité',
} as const;

/** RGAA compliance levels, stated in the footer of every page. */
export const ACCESSIBILITY_LEVELS = {
  'non-conforme': 'non conforme',
  'partiellement-conforme': 'partiellement conforme',
  'totalement-conforme': 'totalement conforme',
} as const;

export const AUTHORITY_KINDS = {
  commune: 'Commune',
  metropole: 'Métropole',
  'communaute-urbaine': 'Communauté urbaine',
  'communaute-agglomeration': 'Communauté d’agglomération',
  'communaute-communes': 'Communauté de communes',
  departement: 'Département',
  region: 'Région',
} as const;

export function labelOf(options: Readonly<Record<string, string>>, value: string): string {
  return options[value] ?? value;
}

/** Short forms of the risk classes, for tags and tables. */
export const RISK_SHORT = {
  interdit: 'Pratique interdite',
  haut: 'Haut risque',
  limite: 'Risque limité',
  minimal: 'Risque minimal',
  'hors-champ': 'Hors champ de l’AI Act',
} as const;
