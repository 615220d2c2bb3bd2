import { addDays, daysBetween, TERMINAL_CAUSE, type ExperimentDefinition } from '@living-lab/domain';
import { DEMO_DATA_UNTIL, type DemoSeed, type SeedEvent } from './types';

/** Calibration figures of a demo data set, as fractions; for tests and for checking by eye. */
export interface SeedFigures {
  participants: number;
  /** intakes ÷ aanmeldingen (among aanmeldingen at least 90 days before the end of the data). */
  intakeShare: number;
  /** instroom in stabilisatie ÷ intakes (same restriction). */
  instroomShare: number;
  /**
   * Among enrolled participants who entered stabilisatie and have a terminal outcome after it:
   * share whose first one is gereed (the study's "60% of those entering stabilisation").
   */
  gereedShareOfTerminal: number;
  /** The same among those who entered at least 365 days before the end of the data (nearly all finished). */
  gereedShareMature: number;
  /** akkoord ÷ gereed, among gereed at least 120 days before the end of the data. */
  akkoordShare: number;
  byGemeente: Record<string, { instroom: number; terminal: number; gereedShareOfTerminal: number }>;
  /** Per experiment and arm: window rates among participants with complete follow-up. */
  experiments: Record<
    string,
    Record<
      string,
      { enrolled: number; complete: number; gereed: number; uitval: number; overzichtRapportcijfer: number }
    >
  >;
}

const key = (gemeente: string, ref: string) => `${gemeente}/${ref}`;

export function seedFigures(seed: DemoSeed, experiments: ExperimentDefinition[], asOf = DEMO_DATA_UNTIL): SeedFigures {
  const byParticipant = new Map<string, SeedEvent[]>();
  for (const e of seed.events) {
    const k = key(e.gemeente, e.participantRef);
    const list = byParticipant.get(k) ?? [];
    list.push(e);
    byParticipant.set(k, list);
  }
  const first = (k: string, milestone: string) =>
    byParticipant.get(k)?.find((e) => e.milestone === milestone)?.occurredOn;
  const firstTerminal = (k: string, from: string) =>
    (byParticipant.get(k) ?? [])
      .filter((e) => TERMINAL_CAUSE[e.milestone as keyof typeof TERMINAL_CAUSE] && e.occurredOn >= from)
      .sort((a, b) => (a.occurredOn < b.occurredOn ? -1 : 1))[0];

  let aanm = 0,
    intakes = 0,
    instroom = 0;
  const funnelCutoff = addDays(asOf, -90);
  for (const [k, list] of byParticipant) {
    const a = list.find((e) => e.milestone === 'aanmelding');
    if (!a || a.occurredOn > funnelCutoff) continue;
    aanm++;
    if (first(k, 'intake')) intakes++;
    if (first(k, 'instroom_stabilisatie')) instroom++;
  }

  // Each enrolled participant who entered stabilisatie, from that day (an intake experiment enrols
  // earlier, also people who never enter).
  const enrolled = new Set(seed.enrolments.map((en) => key(en.gemeente, en.participantRef)));
  const enteredOn = new Map<string, { gemeente: string; on: string }>();
  for (const e of seed.events)
    if (e.milestone === 'instroom_stabilisatie' && enrolled.has(key(e.gemeente, e.participantRef)))
      enteredOn.set(key(e.gemeente, e.participantRef), { gemeente: e.gemeente, on: e.occurredOn });
  let terminal = 0,
    gereed = 0,
    matureTerminal = 0,
    matureGereed = 0;
  const byGemeente: SeedFigures['byGemeente'] = {};
  const matureCutoff = addDays(asOf, -365);
  for (const [k, { gemeente, on }] of enteredOn) {
    const g = (byGemeente[gemeente] ??= { instroom: 0, terminal: 0, gereedShareOfTerminal: 0 });
    g.instroom++;
    const t = firstTerminal(k, on);
    if (!t) continue;
    const isGereed = t.milestone === 'gereed_voor_schuldregeling';
    terminal++;
    g.terminal++;
    if (isGereed) {
      gereed++;
      g.gereedShareOfTerminal++;
    }
    if (on <= matureCutoff) {
      matureTerminal++;
      if (isGereed) matureGereed++;
    }
  }
  for (const g of Object.values(byGemeente))
    g.gereedShareOfTerminal = g.terminal ? g.gereedShareOfTerminal / g.terminal : 0;

  let gereedOld = 0,
    akkoord = 0;
  for (const k of byParticipant.keys()) {
    const gd = first(k, 'gereed_voor_schuldregeling');
    if (!gd || gd > addDays(asOf, -120)) continue;
    gereedOld++;
    if (first(k, 'akkoord_schuldregeling')) akkoord++;
  }

  const overzichtMark = new Map<string, number>();
  for (const b of seed.beleving)
    if (b.phase === 'overzicht' && b.rapportcijfer !== undefined)
      overzichtMark.set(key(b.gemeente, b.participantRef), b.rapportcijfer);

  const exps: SeedFigures['experiments'] = {};
  for (const def of experiments) {
    const arms: SeedFigures['experiments'][string] = {};
    for (const a of def.arms)
      arms[a.key] = { enrolled: 0, complete: 0, gereed: 0, uitval: 0, overzichtRapportcijfer: 0 };
    const marks: Record<string, number[]> = {};
    for (const en of seed.enrolments.filter((x) => x.experiment === def.key)) {
      const arm = arms[en.arm];
      const k = key(en.gemeente, en.participantRef);
      arm.enrolled++;
      const m = overzichtMark.get(k);
      if (m !== undefined) (marks[en.arm] ??= []).push(m);
      if (daysBetween(en.enrolledOn, asOf) < def.followUpDays) continue;
      arm.complete++;
      const within = (milestone: string) => {
        const d = (byParticipant.get(k) ?? []).find(
          (e) => e.milestone === milestone && e.occurredOn >= en.enrolledOn,
        )?.occurredOn;
        return d !== undefined && daysBetween(en.enrolledOn, d) <= def.followUpDays;
      };
      if (within('gereed_voor_schuldregeling')) arm.gereed++;
      if (within('uitval')) arm.uitval++;
    }
    for (const [armKey, arm] of Object.entries(arms)) {
      arm.gereed = arm.complete ? arm.gereed / arm.complete : 0;
      arm.uitval = arm.complete ? arm.uitval / arm.complete : 0;
      const ms = marks[armKey] ?? [];
      arm.overzichtRapportcijfer = ms.length ? ms.reduce((s, x) => s + x, 0) / ms.length : 0;
    }
    exps[def.key] = arms;
  }

  return {
    participants: seed.participants.length,
    intakeShare: aanm ? intakes / aanm : 0,
    instroomShare: intakes ? instroom / intakes : 0,
    gereedShareOfTerminal: terminal ? gereed / terminal : 0,
    gereedShareMature: matureTerminal ? matureGereed / matureTerminal : 0,
    akkoordShare: gereedOld ? akkoord / gereedOld : 0,
    byGemeente,
    experiments: exps,
  };
}
