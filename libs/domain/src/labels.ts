/**
 * The one label table: the Dutch (B1) name of every code of the vocabulary, for the web app and
 * every report renderer alike. Each table is typed on its vocabulary union, so a missing or an
 * unknown code fails to compile. Pure data: the browser imports this file too.
 */
import type { FunnelStep } from './funnel';
import type {
  Aanmeldroute,
  Allocation,
  BelevingItem,
  CompositeMetric,
  DebtKind,
  Design,
  Emotion,
  ExperimentStatus,
  FactSource,
  Klantprofiel,
  KlantprofielSource,
  Metric,
  Milestone,
  Phase,
  ProposalKind,
  ProposalState,
  ReflectionDecision,
  Role,
  Segment,
  SupportKind,
  UitvalPhase,
  UitvalReason,
} from './vocabulary';

export const MILESTONE_LABELS: Record<Milestone, string> = {
  aanmelding: 'Aanmelding',
  no_show: 'Niet verschenen bij intake',
  intake: 'Intake',
  instroom_stabilisatie: 'Instroom in stabilisatie',
  overzicht_gereed: 'Overzicht klaar',
  financieel_stabiel: 'Financieel stabiel',
  gereed_voor_schuldregeling: 'Gereed voor schuldregeling',
  akkoord_schuldregeling: 'Akkoord schuldregeling',
  succesvol_afgerond: 'Succesvol afgerond',
  langdurige_stabilisatie: 'Langdurige stabilisatie',
  informatie_advies: 'Informatie en advies',
  andere_oplossing: 'Andere oplossing',
  andere_uitstroom: 'Uit beeld (verhuisd, overleden of anders)',
  uitval: 'Uitval',
  terugval: 'Terugval',
  heraanmelding: 'Heraanmelding',
};

export const PHASE_LABELS: Record<Phase, string> = {
  aanmelding: 'Aanmelding',
  intake: 'Intake',
  overzicht: 'Overzicht',
  optimalisatie: 'Optimalisatie',
  financiele_stabiliteit: 'Financiële stabiliteit',
};

/** The klantbeleving scores, with their scale. */
export const SCORE_LABELS: Record<'rapportcijfer' | BelevingItem, string> = {
  rapportcijfer: 'Rapportcijfer (1 tot 10)',
  waardigheid: 'Waardigheid (1 tot 5)',
  duidelijkheid: 'Duidelijkheid (1 tot 5)',
  tempo: 'Tempo (1 tot 5)',
  foutloos: 'Zonder fouten (1 tot 5)',
  financiele_rust: 'Financiële rust (1 tot 5)',
};

/** Outcome metrics made of several milestones (vocabulary.ts: COMPOSITE_METRICS). */
export const COMPOSITE_METRIC_LABELS: Record<CompositeMetric, string> = {
  gestabiliseerd: 'Gestabiliseerd (gereed voor schuldregeling of langdurige stabilisatie)',
};

/** Every metric an experiment may name: the milestones, the composite outcomes and the scores. */
export const METRIC_LABELS: Record<Metric, string> = {
  ...MILESTONE_LABELS,
  ...COMPOSITE_METRIC_LABELS,
  ...SCORE_LABELS,
};

export const EMOTION_LABELS: Record<Emotion, string> = {
  angst: 'Angst',
  hoopvol: 'Hoopvol',
  moedeloos: 'Moedeloos',
  rust: 'Rust',
  frustratie: 'Frustratie',
};

export const UITVAL_REASON_LABELS: Record<UitvalReason, string> = {
  afgewezen: 'Afgewezen',
  buiten_behandeling: 'Buiten behandeling gesteld',
  zelf_ingetrokken: 'Zelf ingetrokken',
  niet_verschenen: 'Niet meer verschenen',
  niet_in_aanmerking: 'Niet in aanmerking',
  onbekend: 'Onbekend',
};

/** Where an uitval happened: the phase after the last milestone before it (vocabulary.ts: UITVAL_PHASES). */
export const UITVAL_PHASE_LABELS: Record<UitvalPhase, string> = {
  aanmelding: 'Na de aanmelding, vóór de intake',
  intake: 'Na de intake, vóór de stabilisatie',
  overzicht: 'Tijdens het maken van overzicht',
  optimalisatie: 'Tijdens optimalisatie',
  financiele_stabiliteit: 'Tijdens financiële stabiliteit',
  langdurige_stabilisatie: 'Tijdens langdurige stabilisatie',
  na_gereed: 'Na gereed voor schuldregeling',
  onbekend: 'Onbekend (geen eerdere stap)',
};

export const STATUS_LABELS: Record<ExperimentStatus, string> = {
  proposed: 'Voorstel',
  declined: 'Niet doorgegaan',
  draft: 'Concept',
  running: 'Loopt',
  paused: 'Gepauzeerd',
  stopped: 'Gestopt',
  completed: 'Afgerond',
};

export const PROPOSAL_KIND_LABELS: Record<ProposalKind, string> = {
  experiment: 'Nieuw experiment',
  join: 'Meedoen met een experiment',
};

export const PROPOSAL_STATE_LABELS: Record<ProposalState, string> = {
  open: 'Wacht op antwoord',
  approved: 'Goedgekeurd',
  declined: 'Afgewezen',
};

/** The decisions of a quarterly reflection. */
export const DECISION_LABELS: Record<ReflectionDecision, string> = {
  continue: 'Doorgaan zoals het is',
  adjust: 'Aanpassen',
  stop: 'Stoppen',
  scale_up: 'Groter maken (opschalen)',
};

export const DESIGN_LABELS: Record<Design, string> = {
  individual_randomized: 'Loting per deelnemer',
  cluster_randomized: 'Loting per gemeente',
  stepped_wedge: 'Gemeenten starten na elkaar, door loting (stepped wedge)',
  historical_control: 'Vergelijking met een eerdere periode (0-meting en 1-meting)',
  concurrent_control: 'Vergelijking met andere gemeenten, zonder loting',
};

export const ALLOCATION_LABELS: Record<Allocation, string> = {
  platform: 'Door het platform',
  external: 'Door de gemeente',
};

export const ROLE_LABELS: Record<Role, string> = {
  beheerder: 'Beheerder',
  projectleider: 'Projectleider',
  gemeente: 'Medewerker gemeente',
  reviewer: 'Reviewer',
};

export const KLANTPROFIEL_LABELS: Record<Klantprofiel, string> = {
  onwetende: 'Onwetende',
  aanpakker: 'Aanpakker',
  kwetsbare: 'Kwetsbare',
  benadeelde: 'Benadeelde',
  struisvogel: 'Struisvogel',
};

export const SEGMENT_LABELS: Record<Segment, string> = {
  enkelvoudig: 'Enkelvoudig',
  multi: 'Multi',
  crisis: 'Crisis',
};

export const AANMELDROUTE_LABELS: Record<Aanmeldroute, string> = {
  eigen_melding: 'Eigen melding',
  vroegsignalering: 'Vroegsignalering',
  doorverwijzing: 'Doorverwijzing',
};

export const FUNNEL_STEP_LABELS: Record<FunnelStep, string> = {
  aanmeldingen: 'Aanmeldingen',
  intakes: 'Intakes',
  instroom_stabilisatie: 'Instroom stabilisatie',
  gereed: 'Gereed voor schuldregeling',
  akkoord: 'Akkoord schuldregeling',
  langdurige_stabilisatie: 'Langdurige stabilisatie',
  informatie_advies: 'Informatie en advies',
  andere_oplossing: 'Andere oplossing',
  andere_uitstroom: 'Uit beeld (verhuisd, overleden of anders)',
  uitval: 'Uitval',
  no_shows: 'No-shows',
  caseload_fte: 'Caseload (fte)',
};

/** The label of a code in a table, or the code itself when the table does not know it. */
export const FACT_SOURCE_LABELS: Record<FactSource, string> = {
  hand: 'Met de hand',
  import: 'Bestand (CSV/XLSX)',
  ddas: 'DDAS-levering',
};

export const KLANTPROFIEL_SOURCE_LABELS: Record<KlantprofielSource, string> = {
  ...FACT_SOURCE_LABELS,
  overgenomen: 'Overgenomen (stond er al voor de geschiedenis werd bijgehouden)',
};

export const SUPPORT_KIND_LABELS: Record<SupportKind, string> = {
  budgetcoaching: 'Budgetcoaching',
  budgetbeheer: 'Budgetbeheer',
  beschermingsbewind: 'Beschermingsbewind',
  lange_termijn_begeleiding: 'Lange termijn begeleiding (DFD)',
  budgetbegeleiding: 'Budgetbegeleiding',
};

export const DEBT_KIND_LABELS: Record<DebtKind, string> = {
  zorg: 'Zorg',
  publiek: 'Publiek',
  nuts: 'Nuts',
  overig: 'Overig',
};

export function labelOf<K extends string>(table: Record<K, string>, code: string): string {
  return Object.hasOwn(table, code) ? (table as Record<string, string>)[code] : code;
}
