/**
 * The sector funnel (domain.md: the client journey and the funnel): the steps a gemeente counts
 * per quarter, and the milestone each step counts in participant-level data. One funnel for the
 * aggregate submissions, the sector funnel and the quarterly report.
 */
import type { Milestone } from './vocabulary';

export const FUNNEL_STEPS = [
  'aanmeldingen',
  'intakes',
  'instroom_stabilisatie',
  'gereed',
  'akkoord',
  'langdurige_stabilisatie',
  'informatie_advies',
  'andere_oplossing',
  'andere_uitstroom',
  'uitval',
  'no_shows',
  'caseload_fte',
] as const;
export type FunnelStep = (typeof FUNNEL_STEPS)[number];

/** How the study labelled its data: from the source system, combined from sources, or an estimate. */
export const FUNNEL_TAGS = ['bron', 'samengesteld', 'schatting'] as const;
export type FunnelTag = (typeof FUNNEL_TAGS)[number];

/**
 * The milestone a step counts (participants who reached it in the quarter). Every exit of the
 * journey is a step — informatie en advies, andere oplossing (WSNP, herfinanciering,
 * 100%-regeling), andere uitstroom (verhuisd, overleden, anders), uitval — so the exits add up;
 * caseload_fte is no milestone.
 */
export const FUNNEL_STEP_MILESTONE = {
  aanmeldingen: 'aanmelding',
  intakes: 'intake',
  instroom_stabilisatie: 'instroom_stabilisatie',
  gereed: 'gereed_voor_schuldregeling',
  akkoord: 'akkoord_schuldregeling',
  langdurige_stabilisatie: 'langdurige_stabilisatie',
  informatie_advies: 'informatie_advies',
  andere_oplossing: 'andere_oplossing',
  andere_uitstroom: 'andere_uitstroom',
  uitval: 'uitval',
  no_shows: 'no_show',
} as const satisfies Record<Exclude<FunnelStep, 'caseload_fte'>, Milestone>;

/** The funnel's milestones, in the order of the journey (what the report's funnel shows). */
export const FUNNEL_MILESTONES = [
  'aanmelding',
  'no_show',
  'intake',
  'instroom_stabilisatie',
  'gereed_voor_schuldregeling',
  'akkoord_schuldregeling',
  'langdurige_stabilisatie',
  'informatie_advies',
  'andere_oplossing',
  'andere_uitstroom',
  'uitval',
] as const satisfies readonly (typeof FUNNEL_STEP_MILESTONE)[keyof typeof FUNNEL_STEP_MILESTONE][];
export type FunnelMilestone = (typeof FUNNEL_MILESTONES)[number];

/** The step that counts a milestone (the inverse of FUNNEL_STEP_MILESTONE). */
export const MILESTONE_FUNNEL_STEP = Object.fromEntries(
  Object.entries(FUNNEL_STEP_MILESTONE).map(([step, m]) => [m, step]),
) as Record<FunnelMilestone, Exclude<FunnelStep, 'caseload_fte'>>;
