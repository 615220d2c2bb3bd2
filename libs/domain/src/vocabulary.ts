/**
 * The words of the domain (docs: ../shared/docs/domain.md). Codes are stored as written here;
 * their Dutch B1 labels are in labels.ts.
 */

export const ROLES = ['projectleider', 'gemeente', 'reviewer', 'beheerder'] as const;
export type Role = (typeof ROLES)[number];

export const MILESTONES = [
  'aanmelding',
  'no_show',
  'intake',
  'instroom_stabilisatie',
  'overzicht_gereed',
  'financieel_stabiel',
  'gereed_voor_schuldregeling',
  'akkoord_schuldregeling',
  'succesvol_afgerond',
  'langdurige_stabilisatie',
  'informatie_advies',
  'andere_oplossing',
  'andere_uitstroom',
  'uitval',
  'terugval',
  'heraanmelding',
] as const;
export type Milestone = (typeof MILESTONES)[number];

/**
 * Milestones that may happen more than once in a journey (a new start after a fall-back). Every
 * other milestone happens at most once per participant: the same one on another date is a
 * conflict. SQL takes this list as a parameter (`= ANY($n::text[])`), never a copy.
 */
export const REPEATABLE_MILESTONES = ['terugval', 'heraanmelding'] as const satisfies readonly Milestone[];

export function isRepeatableMilestone(m: string): boolean {
  return (REPEATABLE_MILESTONES as readonly string[]).includes(m);
}

export const UITVAL_REASONS = [
  'afgewezen',
  'buiten_behandeling',
  'zelf_ingetrokken',
  'niet_verschenen',
  'niet_in_aanmerking',
  'onbekend',
] as const;
export type UitvalReason = (typeof UITVAL_REASONS)[number];

/** Journey phases in which klantbeleving is measured; also the phase an intervention targets. */
export const PHASES = ['aanmelding', 'intake', 'overzicht', 'optimalisatie', 'financiele_stabiliteit'] as const;
export type Phase = (typeof PHASES)[number];

export const EMOTIONS = ['angst', 'hoopvol', 'moedeloos', 'rust', 'frustratie'] as const;
export type Emotion = (typeof EMOTIONS)[number];
/** The emotions the study names as a risk of uitval (beleving-uitval.ts). */
export const NEGATIVE_EMOTIONS = ['angst', 'moedeloos', 'frustratie'] as const satisfies readonly Emotion[];

/** The five 1–5 items of the standard klantbeleving instrument (higher is better). */
export const BELEVING_ITEMS = ['waardigheid', 'duidelijkheid', 'tempo', 'foutloos', 'financiele_rust'] as const;
export type BelevingItem = (typeof BELEVING_ITEMS)[number];

export const BELEVING_SOURCES = ['staff', 'client'] as const;
export type BelevingSource = (typeof BELEVING_SOURCES)[number];

export const KLANTPROFIELEN = ['onwetende', 'aanpakker', 'kwetsbare', 'benadeelde', 'struisvogel'] as const;
export type Klantprofiel = (typeof KLANTPROFIELEN)[number];

export const SEGMENTS = ['enkelvoudig', 'multi', 'crisis'] as const;
export type Segment = (typeof SEGMENTS)[number];

export const AANMELDROUTES = ['eigen_melding', 'vroegsignalering', 'doorverwijzing'] as const;
export type Aanmeldroute = (typeof AANMELDROUTES)[number];

/** Where a fact came from: entered by hand (API or web app), a CSV/XLSX import, or a DDAS delivery. */
export const FACT_SOURCES = ['hand', 'import', 'ddas'] as const;
export type FactSource = (typeof FACT_SOURCES)[number];

/**
 * Where a klantprofiel entry came from: a fact source, or `overgenomen` (the one profile a
 * participant had before the history existed, taken over by migration 1764984000000).
 */
export const KLANTPROFIEL_SOURCES = [...FACT_SOURCES, 'overgenomen'] as const;
export type KlantprofielSource = (typeof KLANTPROFIEL_SOURCES)[number];

/** The participant's support (DDAS `begeleiding`): the kinds the study's basis dataset asks about. */
export const SUPPORT_KINDS = [
  'budgetcoaching',
  'budgetbeheer',
  'beschermingsbewind',
  'lange_termijn_begeleiding',
  'budgetbegeleiding',
] as const;
export type SupportKind = (typeof SUPPORT_KINDS)[number];

/** Kinds of debt (DDAS `schuldsoort`): the debts at the start are counted and summed per kind. */
export const DEBT_KINDS = ['zorg', 'publiek', 'nuts', 'overig'] as const;
export type DebtKind = (typeof DEBT_KINDS)[number];

export const DESIGNS = [
  'individual_randomized',
  'cluster_randomized',
  'stepped_wedge',
  'historical_control',
  'concurrent_control',
] as const;
export type Design = (typeof DESIGNS)[number];

export const ALLOCATIONS = ['platform', 'external'] as const;
export type Allocation = (typeof ALLOCATIONS)[number];

export const RANDOMIZATIONS = ['hash', 'permuted_blocks'] as const;
export type Randomization = (typeof RANDOMIZATIONS)[number];

/**
 * What a quarterly reflection decides about an experiment (or the lab as a whole): go on as it is,
 * change something, stop, or do it on a larger scale (more gemeenten, more clients).
 */
export const REFLECTION_DECISIONS = ['continue', 'adjust', 'stop', 'scale_up'] as const;
export type ReflectionDecision = (typeof REFLECTION_DECISIONS)[number];

export const EXPERIMENT_STATUSES = [
  'proposed',
  'declined',
  'draft',
  'running',
  'paused',
  'stopped',
  'completed',
] as const;
export type ExperimentStatus = (typeof EXPERIMENT_STATUSES)[number];

/**
 * The lifecycle of an experiment: which status may follow which. A gemeente proposes (`proposed`);
 * a projectleider approves it into a `draft` or declines it (`declined`, final: keys are never reused).
 */
export const STATUS_TRANSITIONS: Record<ExperimentStatus, readonly ExperimentStatus[]> = {
  proposed: ['draft', 'declined'],
  declined: [],
  draft: ['running'],
  running: ['paused', 'stopped', 'completed'],
  paused: ['running', 'stopped', 'completed'],
  stopped: ['completed'],
  completed: [],
};

/** Statuses before a start: no allocation, no enrolment, not in reports. */
export const UNSTARTED_STATUSES = ['proposed', 'declined', 'draft'] as const satisfies readonly ExperimentStatus[];

export function isStartedStatus(s: ExperimentStatus): boolean {
  return !(UNSTARTED_STATUSES as readonly string[]).includes(s);
}

/** What a gemeente asks for: a new experiment, or to join a running one from a date. */
export const PROPOSAL_KINDS = ['experiment', 'join'] as const;
export type ProposalKind = (typeof PROPOSAL_KINDS)[number];

/** Where a proposal or join request stands: waiting for a projectleider, approved or declined. */
export const PROPOSAL_STATES = ['open', 'approved', 'declined'] as const;
export type ProposalState = (typeof PROPOSAL_STATES)[number];

/**
 * Terminal outcomes and their competing-risk cause (analysis.md): 1 = gereed, 2 = uitval,
 * 3 = any other terminal outcome. `andere_uitstroom` is an end that is neither success nor uitval
 * (the client moved, died or left the lab's view otherwise). `langdurige_stabilisatie` is no end:
 * it is a path from which a schuldregeling can still follow, so a later gereed counts.
 * SQL mirrors this in terminal_cause() (test/db/vocabulary-mirror.spec.ts).
 */
export const TERMINAL_CAUSE: Partial<Record<Milestone, 1 | 2 | 3>> = {
  gereed_voor_schuldregeling: 1,
  uitval: 2,
  andere_oplossing: 3,
  informatie_advies: 3,
  andere_uitstroom: 3,
};

/**
 * The competing-risk cause whose cumulative incidence is the curve of this milestone metric: the
 * cause of the milestone when it is the only milestone with that cause (gereed → 1, uitval → 2);
 * undefined otherwise (cause 3 gathers several outcomes, so it is no one milestone's curve).
 */
export function curveCause(metric: string): 1 | 2 | 3 | undefined {
  const cause = TERMINAL_CAUSE[metric as Milestone];
  if (cause === undefined) return undefined;
  const same = MILESTONES.filter((m) => TERMINAL_CAUSE[m] === cause);
  return same.length === 1 ? cause : undefined;
}

/**
 * Outcome metrics made of several milestones: reached on the first of them. `gestabiliseerd` is
 * the study's success of stabilisation: "door kan naar schuldregelingsfase of … langdurig
 * ondersteund … om stabiel te blijven" (gereed voor schuldregeling or langdurige stabilisatie,
 * whichever comes first).
 */
export const COMPOSITE_METRICS = {
  gestabiliseerd: ['gereed_voor_schuldregeling', 'langdurige_stabilisatie'],
} as const satisfies Record<string, readonly Milestone[]>;
export type CompositeMetric = keyof typeof COMPOSITE_METRICS;

/** Metrics counted as "reached within the window": every milestone and every composite metric. */
export const OUTCOME_METRICS = [...MILESTONES, ...(Object.keys(COMPOSITE_METRICS) as CompositeMetric[])] as const;
export type OutcomeMetric = Milestone | CompositeMetric;

export function isOutcomeMetric(m: unknown): m is OutcomeMetric {
  return typeof m === 'string' && (OUTCOME_METRICS as readonly string[]).includes(m);
}

/** The milestones whose first occurrence reaches an outcome metric (one for a milestone). */
export function metricMilestones(metric: OutcomeMetric): readonly Milestone[] {
  return Object.hasOwn(COMPOSITE_METRICS, metric)
    ? COMPOSITE_METRICS[metric as CompositeMetric]
    : [metric as Milestone];
}

/** Metrics an experiment may name: an outcome (reached within the window) or a beleving score. */
export const SCORE_METRICS = ['rapportcijfer', ...BELEVING_ITEMS] as const;
export const METRICS = [...OUTCOME_METRICS, ...SCORE_METRICS] as const;
export type Metric = (typeof METRICS)[number];

/** Metrics where a lower rate is the better outcome. */
export const LOWER_IS_BETTER: ReadonlySet<string> = new Set(['uitval', 'no_show', 'terugval']);

/** Milestones of the main line of the journey, in order: a later one implies the earlier ones happened. */
export const MAIN_LINE = [
  'aanmelding',
  'intake',
  'instroom_stabilisatie',
  'overzicht_gereed',
  'financieel_stabiel',
  'gereed_voor_schuldregeling',
  'akkoord_schuldregeling',
] as const satisfies readonly Milestone[];

/** The place of a phase on the client's journey (the order of PHASES); an unknown phase comes last. */
export function phaseRank(phase: string): number {
  const i = (PHASES as readonly string[]).indexOf(phase);
  return i < 0 ? PHASES.length : i;
}

/**
 * The items in journey order of their phase (aanmelding, intake, overzicht, optimalisatie,
 * financiële stabiliteit), never alphabetical; items of one phase keep their order.
 */
export function inJourneyOrder<T>(xs: readonly T[], phaseOf: (x: T) => string): T[] {
  return xs
    .map((x, i) => ({ x, i }))
    .sort((a, b) => phaseRank(phaseOf(a.x)) - phaseRank(phaseOf(b.x)) || a.i - b.i)
    .map(({ x }) => x);
}

/** The milestone that shows a participant reached a klantbeleving phase. */
export const PHASE_REACHED_BY: Record<Phase, Milestone> = {
  aanmelding: 'aanmelding',
  intake: 'intake',
  overzicht: 'instroom_stabilisatie',
  optimalisatie: 'overzicht_gereed',
  financiele_stabiliteit: 'financieel_stabiel',
};

/** Ends of a trajectory: after one, nothing but a heraanmelding (or a later terugval) should follow. */
export const TRAJECTORY_ENDS = [
  'uitval',
  'informatie_advies',
  'andere_oplossing',
  'andere_uitstroom',
  'succesvol_afgerond',
] as const satisfies readonly Milestone[];

/**
 * Where an uitval happened (issue 14; domain.md: most uitval happens while the overview is made):
 * the phase a participant is in after the last milestone before it. The journey's phases, then
 * langdurige stabilisatie, after gereed voor schuldregeling, and `onbekend` when no milestone came
 * before the uitval.
 */
export const UITVAL_PHASES = [...PHASES, 'langdurige_stabilisatie', 'na_gereed', 'onbekend'] as const;
export type UitvalPhase = (typeof UITVAL_PHASES)[number];

/**
 * The phase after each milestone that places an uitval, in journey order: on one date the later
 * milestone in this list counts as the last. Other milestones (terugval, the ends) place nothing.
 * SQL takes these as parameters.
 */
export const PHASE_AFTER_MILESTONE: readonly (readonly [Milestone, UitvalPhase])[] = [
  ['aanmelding', 'aanmelding'],
  ['no_show', 'aanmelding'],
  ['intake', 'intake'],
  ['instroom_stabilisatie', 'overzicht'],
  ['overzicht_gereed', 'optimalisatie'],
  ['financieel_stabiel', 'financiele_stabiliteit'],
  ['langdurige_stabilisatie', 'langdurige_stabilisatie'],
  ['gereed_voor_schuldregeling', 'na_gereed'],
  ['akkoord_schuldregeling', 'na_gereed'],
  ['heraanmelding', 'aanmelding'],
];
