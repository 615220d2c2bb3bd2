/** The shape of the demo data set; the seeding script turns these into database rows or API calls. */

export interface SeedGemeente {
  code: string;
  naam: string;
  inwoners: number;
  consentNamed: boolean;
  /**
   * CBS gemeentecode (GM + 4 digits). Invented gemeenten get codes no real gemeente has:
   * GM0001 and GM0002 (the DDAS specification's examples name GM001 and GM002) and GM99xx.
   */
  cbsCode: string;
}

export interface SeedUser {
  username: string;
  role: 'projectleider' | 'gemeente' | 'reviewer' | 'beheerder';
  gemeente?: string;
}

export interface SeedParticipant {
  gemeente: string;
  participantRef: string;
  klantprofiel?: string;
  segment?: string;
  aanmeldroute?: string;
}

export interface SeedEnrolment {
  experiment: string;
  gemeente: string;
  participantRef: string;
  enrolledOn: string;
  arm: string;
}

export interface SeedEvent {
  gemeente: string;
  participantRef: string;
  milestone: string;
  occurredOn: string;
  reason?: string;
}

export interface SeedBeleving {
  gemeente: string;
  participantRef: string;
  phase: string;
  measuredOn: string;
  rapportcijfer?: number;
  waardigheid?: number;
  duidelijkheid?: number;
  tempo?: number;
  foutloos?: number;
  financiele_rust?: number;
  emotie?: string;
}

/** A delivery of an arm's intervention (fidelity, issue 14). */
export interface SeedDelivery {
  experiment: string;
  gemeente: string;
  participantRef: string;
  kind: string;
  deliveredOn: string;
}

export interface DemoSeed {
  gemeenten: SeedGemeente[];
  users: SeedUser[];
  participants: SeedParticipant[];
  enrolments: SeedEnrolment[];
  events: SeedEvent[];
  beleving: SeedBeleving[];
  /** Deliveries of the arms' interventions (fidelity); absent in data sets made before it. */
  deliveries?: SeedDelivery[];
}

/** No fact in the demo data is dated after this day. */
export const DEMO_DATA_UNTIL = '2026-11-15';

/** No enrolment is dated after this day (the last two weeks only carry milestones and scores). */
export const DEMO_ENROLMENT_UNTIL = '2026-10-31';
