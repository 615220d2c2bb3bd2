import {
  addDays,
  daysBetween,
  type ExperimentDefinition,
  type Klantprofiel,
  type Phase,
  type Segment,
  type Aanmeldroute,
  type UitvalReason,
  type Emotion,
} from '@living-lab/domain';
import { Rng } from './prng';
import { demoDeliveries } from './deliveries';
import { DEMO_GEMEENTEN, demoGemeenten, type GemeenteProfile } from './gemeenten';
import { TRUE_EFFECTS, type ArmEffect } from './effects';
import {
  DEMO_DATA_UNTIL,
  DEMO_ENROLMENT_UNTIL,
  type DemoSeed,
  type SeedBeleving,
  type SeedEnrolment,
  type SeedEvent,
  type SeedParticipant,
  type SeedUser,
} from './types';

export interface GenerateDemoSeedOptions {
  seed?: number;
  experiments: ExperimentDefinition[];
  /** The platform's own arm assignment, so demo enrolments get the arm the platform would give. */
  assignArm: (experimentKey: string, gemeente: string, participantRef: string) => string;
  /** About this many participants (split over the gemeenten by size). Default 3000. */
  participants?: number;
}

export const DEFAULT_SEED = 2018;
const DEFAULT_PARTICIPANTS = 3000;
/** Aanmeldingen are spread over this period (facts after DEMO_DATA_UNTIL are dropped). */
const FIRST_AANMELDING = '2025-06-01';
const LAST_AANMELDING = DEMO_DATA_UNTIL;
/** Enrolment start when an experiment gives none. */
const DEFAULT_EXPERIMENT_START = '2025-07-01';
/** Share of eligible participants a gemeente actually enrols (some are missed or decline). */
const ENROL_RATE = 0.93;

// Strata: latent for everyone (they shape the journey), recorded only sometimes.
const PROFIEL_WEIGHTS: Record<Klantprofiel, number> = {
  onwetende: 25,
  aanpakker: 20,
  kwetsbare: 20,
  benadeelde: 15,
  struisvogel: 20,
};
const PROFIEL_GEREED: Record<Klantprofiel, number> = {
  onwetende: 0.04,
  aanpakker: 0.1,
  kwetsbare: -0.08,
  benadeelde: 0,
  struisvogel: -0.1,
};
const SEGMENT_WEIGHTS: Record<Segment, number> = { enkelvoudig: 45, multi: 40, crisis: 15 };
const SEGMENT_GEREED: Record<Segment, number> = { enkelvoudig: 0.06, multi: -0.03, crisis: -0.12 };
const ROUTE_WEIGHTS: Record<Aanmeldroute, number> = { eigen_melding: 55, vroegsignalering: 30, doorverwijzing: 15 };

/**
 * Among those entering stabilisatie who do not become gereed: how they leave (or, for langdurige
 * stabilisatie, stay on a path with long-term support). andere_uitstroom: moved, died or otherwise
 * out of view.
 */
const NOT_GEREED_WEIGHTS = {
  uitval: 70,
  langdurige_stabilisatie: 11,
  andere_oplossing: 10,
  informatie_advies: 6,
  andere_uitstroom: 3,
};
/** After intake without instroom in stabilisatie. */
const NO_INSTROOM_WEIGHTS = {
  informatie_advies: 45,
  andere_oplossing: 20,
  uitval: 20,
  langdurige_stabilisatie: 10,
  niets: 5,
};
/** Clients move on from langdurige stabilisatie to a schuldregeling later (the study): this share, after 60–240 days. */
const GEREED_AFTER_LANGDURIG = 0.5;
const UITVAL_OVERZICHT: Record<UitvalReason, number> = {
  niet_verschenen: 35,
  zelf_ingetrokken: 25,
  buiten_behandeling: 25,
  onbekend: 10,
  afgewezen: 5,
  niet_in_aanmerking: 0,
};
const UITVAL_LATER: Record<UitvalReason, number> = {
  buiten_behandeling: 35,
  zelf_ingetrokken: 20,
  niet_in_aanmerking: 15,
  afgewezen: 15,
  onbekend: 15,
  niet_verschenen: 0,
};
const UITVAL_NA_INTAKE: Record<UitvalReason, number> = {
  niet_in_aanmerking: 40,
  afgewezen: 30,
  zelf_ingetrokken: 20,
  onbekend: 10,
  buiten_behandeling: 0,
  niet_verschenen: 0,
};
/** Most uitval happens while creating overzicht (domain.md). */
const UITVAL_DURING_OVERZICHT = 0.75;

// Klantbeleving: typical emotion and mean rapportcijfer per phase; item offsets per phase.
const TYPICAL_EMOTION: Record<Phase, Emotion> = {
  aanmelding: 'angst',
  intake: 'hoopvol',
  overzicht: 'moedeloos',
  optimalisatie: 'rust',
  financiele_stabiliteit: 'frustratie',
};
const PHASE_MARK: Record<Phase, number> = {
  aanmelding: 6.2,
  intake: 7.2,
  overzicht: 6.0,
  optimalisatie: 7.2,
  financiele_stabiliteit: 6.6,
};
const ITEMS = ['waardigheid', 'duidelijkheid', 'tempo', 'foutloos', 'financiele_rust'] as const;
type Item = (typeof ITEMS)[number];
const ITEM_OFFSET: Record<Phase, Record<Item, number>> = {
  aanmelding: { waardigheid: 0, duidelijkheid: -0.3, tempo: -0.4, foutloos: 0.2, financiele_rust: -1.2 },
  intake: { waardigheid: 0.4, duidelijkheid: 0.2, tempo: -0.2, foutloos: 0.2, financiele_rust: -0.8 },
  overzicht: { waardigheid: 0, duidelijkheid: -0.6, tempo: -0.5, foutloos: -0.2, financiele_rust: -0.6 },
  optimalisatie: { waardigheid: 0.3, duidelijkheid: 0.2, tempo: 0, foutloos: 0, financiele_rust: 0.3 },
  financiele_stabiliteit: { waardigheid: 0, duidelijkheid: 0, tempo: -0.3, foutloos: -0.6, financiele_rust: 0.2 },
};
const NEGATIVE_EMOTIONS: readonly Emotion[] = ['angst', 'moedeloos', 'frustratie'];
const POSITIVE_EMOTIONS: readonly Emotion[] = ['hoopvol', 'rust'];

interface PhaseWindow {
  phase: Phase;
  start: string;
  end: string;
}

/** What is known about a participant before refs and arms are given out. */
interface Draft {
  gemeente: GemeenteProfile;
  aanmelding: string;
  profiel: Klantprofiel;
  segment: Segment;
  route: Aanmeldroute;
  recordProfiel: boolean;
  recordSegment: boolean;
  recordRoute: boolean;
  noShow?: string;
  intake?: string;
  instroom?: string;
  /** Person-level tendency to score the journey higher or lower. */
  belevingTrait: number;
}

const clamp = (x: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, x));
const minDate = (a: string, b: string) => (a < b ? a : b);

/** One account per role and one gemeente account per demo gemeente (passwords are set elsewhere). */
export function demoUsers(): SeedUser[] {
  return [
    { username: 'admin', role: 'beheerder' },
    { username: 'projectleider', role: 'projectleider' },
    { username: 'reviewer', role: 'reviewer' },
    ...DEMO_GEMEENTEN.map((g): SeedUser => ({ username: `medewerker-${g.code}`, role: 'gemeente', gemeente: g.code })),
  ];
}

/**
 * Generates the demo data set: gemeenten, users, participants and their journeys through the
 * stabilisatie funnel, calibrated on the 2018 figures of the study. Pure and deterministic: the
 * same options give the same data, and nothing is dated after {@link DEMO_DATA_UNTIL}.
 */
export function generateDemoSeed(opts: GenerateDemoSeedOptions): DemoSeed {
  const rng = new Rng(opts.seed ?? DEFAULT_SEED);
  const total = opts.participants ?? DEFAULT_PARTICIPANTS;
  const running = opts.experiments.filter((e) => e.status === 'running');

  const users = demoUsers();

  const participants: SeedParticipant[] = [];
  const enrolments: SeedEnrolment[] = [];
  const events: SeedEvent[] = [];
  const beleving: SeedBeleving[] = [];

  // Registrations grow less than proportionally with size (larger gemeenten have more routes).
  const sizeWeights = DEMO_GEMEENTEN.map((g) => Math.pow(g.inwoners, 0.7));
  const weightSum = sizeWeights.reduce((s, w) => s + w, 0);
  const spanDays = daysBetween(FIRST_AANMELDING, LAST_AANMELDING);

  DEMO_GEMEENTEN.forEach((g, gi) => {
    const count = Math.round((total * sizeWeights[gi]) / weightSum);
    const drafts: Draft[] = [];
    for (let i = 0; i < count; i++) drafts.push(draftParticipant(rng, g, spanDays));
    // Refs count up with the aanmelding date, as a case system numbers its dossiers.
    drafts.sort((a, b) => (a.aanmelding < b.aanmelding ? -1 : a.aanmelding > b.aanmelding ? 1 : 0));
    drafts.forEach((d, i) => {
      const ref = `P-${g.code}-${String(i + 1).padStart(6, '0')}`;
      participants.push({
        gemeente: g.code,
        participantRef: ref,
        ...(d.recordProfiel ? { klantprofiel: d.profiel } : {}),
        ...(d.recordSegment ? { segment: d.segment } : {}),
        ...(d.recordRoute ? { aanmeldroute: d.route } : {}),
      });
      const journey = playJourney(rng, d, ref, running, opts.assignArm);
      enrolments.push(...journey.enrolments);
      for (const e of journey.events) if (e.occurredOn <= DEMO_DATA_UNTIL) events.push(e);
      beleving.push(...scoreBeleving(rng, d, ref, journey.windows, journey.effects, journey.leftEarly));
    });
  });

  // fidelity (issue 14): from a stream of its own, so the data above is the same without it
  const deliveries = demoDeliveries(opts.seed ?? DEFAULT_SEED, running, enrolments, events);
  return { gemeenten: demoGemeenten(), users, participants, enrolments, events, beleving, deliveries };
}

function draftParticipant(rng: Rng, g: GemeenteProfile, spanDays: number): Draft {
  // Slightly more aanmeldingen later on (vroegsignalering grows).
  const t = Math.sqrt(rng.uniform() * 0.75 + 0.25) * 2 - 1; // in [0, 1), denser towards 1
  const aanmelding = addDays(FIRST_AANMELDING, Math.floor(t * (spanDays + 1)));
  const d: Draft = {
    gemeente: g,
    aanmelding,
    profiel: rng.weighted(PROFIEL_WEIGHTS),
    segment: rng.weighted(SEGMENT_WEIGHTS),
    route: rng.weighted(ROUTE_WEIGHTS),
    recordProfiel: rng.chance(0.65),
    recordSegment: rng.chance(0.8),
    recordRoute: rng.chance(0.9),
    belevingTrait: rng.normal(0, 0.7),
  };
  const wait = Math.round(clamp(g.intakeWaitDays * Math.exp(rng.normal(0, 0.35)), 5, 75));
  const firstAppointment = addDays(aanmelding, wait);
  // A signal from a creditor brings people in who show up less often.
  const intakeRate = d.route === 'vroegsignalering' ? g.intakeRate - 0.04 : g.intakeRate + 0.015;
  const uIntake = rng.uniform();
  const uNoShow = rng.uniform();
  const reschedule = rng.int(7, 21);
  if (uIntake < intakeRate) {
    if (uNoShow < 0.07) {
      d.noShow = firstAppointment;
      d.intake = addDays(firstAppointment, reschedule);
    } else {
      d.intake = firstAppointment;
    }
    if (rng.chance(g.instroomRate)) d.instroom = addDays(d.intake, rng.int(0, 14));
  } else if (uNoShow < 0.5) {
    d.noShow = firstAppointment; // no-shows are common but barely registered
  }
  return d;
}

interface Journey {
  enrolments: SeedEnrolment[];
  events: SeedEvent[];
  windows: PhaseWindow[];
  effects: ArmEffect[];
  /** Left without becoming gereed (a drop-out risk, scored a bit lower in overzicht). */
  leftEarly: boolean;
}

function playJourney(
  rng: Rng,
  d: Draft,
  ref: string,
  running: ExperimentDefinition[],
  assignArm: GenerateDemoSeedOptions['assignArm'],
): Journey {
  const g = d.gemeente;
  const events: SeedEvent[] = [];
  const windows: PhaseWindow[] = [];
  const enrolments: SeedEnrolment[] = [];
  const effects: ArmEffect[] = [];
  const add = (milestone: string, day: string, reason?: string) =>
    events.push({ gemeente: g.code, participantRef: ref, milestone, occurredOn: day, ...(reason ? { reason } : {}) });

  add('aanmelding', d.aanmelding);
  const firstContact = d.noShow ?? d.intake ?? addDays(d.aanmelding, g.intakeWaitDays);
  windows.push({ phase: 'aanmelding', start: d.aanmelding, end: addDays(firstContact, -1) });
  if (d.noShow) add('no_show', d.noShow);
  if (!d.intake) return { enrolments, events, windows, effects, leftEarly: true };
  add('intake', d.intake);

  // Enrolment into each running experiment of this gemeente: at intake for an intake (or earlier)
  // intervention — also for those who never enter stabilisatie, so uitval right after intake (what
  // a JUMBO-bon at intake is meant to prevent) can happen in the experiment — and at instroom in
  // stabilisatie for a later one.
  const enrol = (exp: ExperimentDefinition, on: string) => {
    const from = exp.start ?? DEFAULT_EXPERIMENT_START;
    const until = exp.end ? minDate(exp.end, DEMO_ENROLMENT_UNTIL) : DEMO_ENROLMENT_UNTIL;
    const eligible = exp.gemeenten.includes(g.code) && on >= from && on <= until;
    if (!rng.chance(ENROL_RATE) || !eligible) return;
    const arm = assignArm(exp.key, g.code, ref);
    if (!exp.arms.some((a) => a.key === arm))
      throw new Error(`assignArm gaf arm "${arm}" die niet bestaat in experiment ${exp.key}`);
    enrolments.push({ experiment: exp.key, gemeente: g.code, participantRef: ref, enrolledOn: on, arm });
    const effect = TRUE_EFFECTS[exp.key]?.[arm];
    if (effect) effects.push(effect);
  };
  const atIntake = (exp: ExperimentDefinition) =>
    exp.interventionPhase === 'aanmelding' || exp.interventionPhase === 'intake';
  for (const exp of running) if (atIntake(exp)) enrol(exp, d.intake);

  if (!d.instroom) {
    const exit = rng.weighted(NO_INSTROOM_WEIGHTS);
    const day = addDays(d.intake, rng.int(0, 28));
    const reason = rng.weighted(UITVAL_NA_INTAKE);
    windows.push({ phase: 'intake', start: d.intake, end: day });
    if (exit === 'uitval') add('uitval', day, reason);
    else if (exit !== 'niets') add(exit, day);
    return { enrolments, events, windows, effects, leftEarly: true };
  }
  const s = d.instroom;
  windows.push({ phase: 'intake', start: d.intake, end: s });
  add('instroom_stabilisatie', s);

  for (const exp of running) if (!atIntake(exp)) enrol(exp, s);
  const gereedShift = effects.reduce((x, e) => x + (e.gereed ?? 0), 0);
  const speed = effects.reduce((x, e) => x * (e.speed ?? 1), 1);

  // The latent journey: doorlooptijd to gereed, with overzicht and financial stability on the way.
  const T = Math.round(clamp(g.doorlooptijdDays * Math.exp(rng.normal(0, 0.4)) * speed, 85, 365));
  const dOverzicht = Math.max(21, Math.round(T * (0.3 + 0.2 * rng.uniform())));
  const dStabiel = Math.round(T * (0.75 + 0.17 * rng.uniform()));
  const pGereed = clamp(g.gereedRate + PROFIEL_GEREED[d.profiel] + SEGMENT_GEREED[d.segment] + gereedShift, 0.05, 0.95);
  const u = rng.uniform();
  const exitDraw = rng.uniform();
  const duringOverzicht = rng.chance(UITVAL_DURING_OVERZICHT);
  const exitEarlyDay = rng.int(7, dOverzicht - 1);
  const exitLateDay = rng.int(dOverzicht + 1, T - 1);
  const akkoord = rng.chance(g.akkoordRate);
  const akkoordAfter = rng.int(14, 100);
  const heraanmelding = rng.chance(0.1);
  const heraanmeldingAfter = rng.int(60, 240);
  const reasonEarly = rng.weighted(UITVAL_OVERZICHT);
  const reasonLate = rng.weighted(UITVAL_LATER);
  const gereedAfterLangdurig = rng.chance(GEREED_AFTER_LANGDURIG);
  const langdurigDays = rng.int(60, 240);
  const ov = addDays(s, dOverzicht);
  const fs = addDays(s, dStabiel);

  if (u < pGereed) {
    const gereed = addDays(s, T);
    windows.push({ phase: 'overzicht', start: s, end: addDays(ov, -1) });
    add('overzicht_gereed', ov);
    windows.push({ phase: 'optimalisatie', start: ov, end: addDays(fs, -1) });
    add('financieel_stabiel', fs);
    windows.push({ phase: 'financiele_stabiliteit', start: fs, end: gereed });
    add('gereed_voor_schuldregeling', gereed);
    if (akkoord) add('akkoord_schuldregeling', addDays(gereed, akkoordAfter));
    return { enrolments, events, windows, effects, leftEarly: false };
  }

  // Not gereed: how they leave is drawn independently of the chance of gereed.
  const exit = pickByFraction(NOT_GEREED_WEIGHTS, exitDraw);
  if (exit === 'informatie_advies' || (exit === 'uitval' && duringOverzicht)) {
    const day = addDays(s, exitEarlyDay);
    windows.push({ phase: 'overzicht', start: s, end: day });
    if (exit === 'uitval') add('uitval', day, reasonEarly);
    else add(exit, day);
  } else {
    const day = addDays(s, exitLateDay);
    windows.push({ phase: 'overzicht', start: s, end: addDays(ov, -1) });
    add('overzicht_gereed', ov);
    windows.push({ phase: 'optimalisatie', start: ov, end: day });
    if (exit === 'uitval') add('uitval', day, reasonLate);
    else add(exit, day);
  }
  const last = events[events.length - 1];
  if (exit === 'uitval' && heraanmelding) add('heraanmelding', addDays(last.occurredOn, heraanmeldingAfter));
  // langdurige stabilisatie is a path: some clients become gereed from it later (no window: the
  // phases of klantbeleving were scored up to langdurige stabilisatie)
  if (exit === 'langdurige_stabilisatie' && gereedAfterLangdurig) {
    const gereed = addDays(last.occurredOn, langdurigDays);
    add('gereed_voor_schuldregeling', gereed);
    if (akkoord) add('akkoord_schuldregeling', addDays(gereed, akkoordAfter));
    return { enrolments, events, windows, effects, leftEarly: false };
  }
  return { enrolments, events, windows, effects, leftEarly: true };
}

/** The key whose cumulative weight share first exceeds `x` (x in [0, 1)). */
function pickByFraction<K extends string>(weights: Record<K, number>, x: number): K {
  const entries = Object.entries(weights) as [K, number][];
  const total = entries.reduce((s, [, w]) => s + w, 0);
  let acc = 0;
  for (const [k, w] of entries) {
    acc += w / total;
    if (x < acc) return k;
  }
  return entries[entries.length - 1][0];
}

function scoreBeleving(
  rng: Rng,
  d: Draft,
  ref: string,
  windows: PhaseWindow[],
  effects: ArmEffect[],
  leftEarly: boolean,
): SeedBeleving[] {
  const out: SeedBeleving[] = [];
  for (const w of windows) {
    // Draw everything first so the stream does not depend on which scores are kept.
    const measured = rng.uniform() < 0.45;
    const when = rng.uniform();
    const noise = rng.normal(0, 0.9);
    const itemNoise = ITEMS.map(() => rng.normal(0, 0.7));
    const present = ITEMS.map(() => rng.chance(0.9));
    const hasMark = rng.chance(0.95);
    const hasEmotion = rng.chance(0.85);
    const typical = rng.chance(0.55);
    const otherEmotion = rng.uniform();

    const last = minDate(w.end < w.start ? w.start : w.end, DEMO_DATA_UNTIL);
    if (!measured || w.start > DEMO_DATA_UNTIL) continue;
    const measuredOn = addDays(w.start, Math.floor(when * (daysBetween(w.start, last) + 1)));

    const armShift = effects.reduce((x, e) => x + (e.beleving?.[w.phase] ?? 0), 0);
    const dropRisk = leftEarly && (w.phase === 'overzicht' || w.phase === 'intake') ? -0.4 : 0;
    const z = d.gemeente.belevingShift + d.belevingTrait + armShift + dropRisk;
    const score: SeedBeleving = { gemeente: d.gemeente.code, participantRef: ref, phase: w.phase, measuredOn };
    if (hasMark) score.rapportcijfer = Math.round(clamp(PHASE_MARK[w.phase] + z + noise, 1, 10));
    ITEMS.forEach((item, i) => {
      if (!present[i]) return;
      // Coaching is about clarity and pace most of all.
      const itemArm = item === 'duidelijkheid' || item === 'tempo' ? armShift * 0.4 : 0;
      score[item] = Math.round(clamp(3.3 + ITEM_OFFSET[w.phase][item] + 0.5 * z + itemArm + itemNoise[i], 1, 5));
    });
    if (hasEmotion) {
      const pool = z + noise < 0 ? NEGATIVE_EMOTIONS : POSITIVE_EMOTIONS;
      score.emotie = typical ? TYPICAL_EMOTION[w.phase] : pool[Math.floor(otherEmotion * pool.length)];
    }
    out.push(score);
  }
  return out;
}
