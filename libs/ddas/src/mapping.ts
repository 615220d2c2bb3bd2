/**
 * A pseudonymised DDAS trajectory → the lab's facts (../shared/docs/ddas-mapping.md §3): pure,
 * no I/O, so the server's import and the web app's preview agree. The importer decides what is
 * stored (deliveries over time, §4); this only says what a trajectory means.
 */
import {
  REPEATABLE_MILESTONES,
  type DebtKind,
  type Milestone,
  type SupportKind,
  type UitvalReason,
} from '@living-lab/domain';
import type { PseudonymisedTrajectory } from './converted';

/** One milestone a trajectory gives. */
export interface DdasMilestone {
  milestone: Milestone;
  occurredOn: string;
  reason: UitvalReason | null;
}

export interface DdasSupport {
  kind: SupportKind;
  startedOn: string;
  endedOn: string | null;
}

export interface DdasDebt {
  kind: DebtKind;
  debts: number;
  total: number;
}

/** What a trajectory says, in the lab's words. */
export interface DdasFacts {
  participant: string;
  /**
   * The trajectory's identity with its participant (§4): aanmelding.startdatum, else the
   * trajectory's startdatum. Null when it has neither (the importer refuses such a trajectory).
   */
  startedOn: string | null;
  /** The trajectory's end: uitstroom.datum (= datumBeeindigingsbeschikking = einddatum, per the FAQ). */
  endedOn: string | null;
  /** Milestones in date order (ties in the journey's order). */
  milestones: DdasMilestone[];
  /** Segment crisis: aanmelding.crisisinterventie or any crisisinterventie. */
  crisis: boolean;
  support: DdasSupport[];
  /** totaalSchuldbedragBijAanvangSchuld in whole euros. */
  debtAtStart: number | null;
  debts: DdasDebt[];
}

/** DDAS begeleiding soort → the lab's support kind. */
export const SUPPORT_KIND_OF: Readonly<Record<string, SupportKind>> = {
  Budgetcoaching: 'budgetcoaching',
  Budgetbeheer: 'budgetbeheer',
  Beschermingsbewind: 'beschermingsbewind',
  'Lange Termijn Begeleiding (DFD)': 'lange_termijn_begeleiding',
  Budgetbegeleiding: 'budgetbegeleiding',
};

/** DDAS schuldsoort → the lab's debt kind. */
export const DEBT_KIND_OF: Readonly<Record<string, DebtKind>> = {
  Zorg: 'zorg',
  Publiek: 'publiek',
  Nuts: 'nuts',
  Overig: 'overig',
};

/** DDAS uitstroom.reden → the end it means (Nietverschenen and Afgerond depend on the trajectory: see below). */
const END_OF: Readonly<Record<string, { milestone: Milestone; reason: UitvalReason | null }>> = {
  Ingetrokken: { milestone: 'uitval', reason: 'zelf_ingetrokken' },
  Zelf: { milestone: 'uitval', reason: 'zelf_ingetrokken' },
  'Voldoet niet': { milestone: 'uitval', reason: 'niet_in_aanmerking' },
  'Niet passend': { milestone: 'andere_oplossing', reason: null },
  Overleden: { milestone: 'andere_uitstroom', reason: null },
  Verhuisd: { milestone: 'andere_uitstroom', reason: null },
  Overig: { milestone: 'andere_uitstroom', reason: null },
};

/** The order of the journey, for facts on the same date. */
const ORDER: readonly Milestone[] = [
  'aanmelding',
  'heraanmelding',
  'no_show',
  'intake',
  'informatie_advies',
  'instroom_stabilisatie',
  'langdurige_stabilisatie',
  'gereed_voor_schuldregeling',
  'akkoord_schuldregeling',
  'succesvol_afgerond',
  'andere_oplossing',
  'andere_uitstroom',
  'uitval',
];

/** The trajectory's identity with its participant: aanmelding.startdatum, else startdatum (§4). */
export function trajectoryStart(t: Pick<PseudonymisedTrajectory, 'aanmelding' | 'startdatum'>): string | null {
  return t.aanmelding?.startdatum ?? t.startdatum ?? null;
}

/**
 * The facts of one trajectory (ddas-mapping.md §3). `later`: the participant had an earlier
 * trajectory, so this one's aanmelding is a heraanmelding.
 *
 * Decisions where the table leaves room: a fact without its date is left out; a milestone that
 * happens once (all but heraanmelding and terugval) comes once per trajectory, the earliest: of
 * two uitval facts (an Afwijzingsbeschikking and an uitstroom reason) the first stays, of two DFD
 * begeleidingen the first start; `Afgerond` without an oplossing gives no end (the table asks
 * for both).
 */
export function factsOfTrajectory(t: PseudonymisedTrajectory, opts: { later?: boolean } = {}): DdasFacts {
  const out: DdasMilestone[] = [];
  const add = (milestone: Milestone, on: string | undefined | null, reason: UitvalReason | null = null) => {
    if (on) out.push({ milestone, occurredOn: on, reason });
  };
  const startedOn = trajectoryStart(t);
  add(opts.later ? 'heraanmelding' : 'aanmelding', startedOn);
  const intakeOn = t.intake?.startdatum;
  add('intake', intakeOn);
  if (t.intake?.beschikkingssoort === 'Afwijzingsbeschikking')
    add('uitval', t.intake.beschikkingsdatum ?? t.intake.einddatum, 'afgewezen');
  if (t.informatieEnAdvies && !t.stabilisatie) add('informatie_advies', t.informatieEnAdvies.startdatum);
  add('instroom_stabilisatie', t.stabilisatie?.startdatum);
  if (t.schuldregeling?.datum) add('gereed_voor_schuldregeling', t.stabilisatie?.einddatum ?? t.schuldregeling.datum);
  add('akkoord_schuldregeling', t.schuldregeling?.toegekend);
  for (const b of t.begeleiding ?? [])
    if (b.soort === 'Lange Termijn Begeleiding (DFD)') add('langdurige_stabilisatie', b.startdatum);
  const endedOn = t.uitstroom?.datum ?? t.uitstroom?.datumBeeindigingsbeschikking ?? t.einddatum ?? null;
  const reden = t.uitstroom?.reden;
  if (reden && t.uitstroom) {
    const on = endedOn;
    if (reden === 'Afgerond') {
      if (t.oplossing) add('succesvol_afgerond', on);
    } else if (reden === 'Nietverschenen') {
      if (intakeOn) add('uitval', on, 'niet_verschenen');
      else add('no_show', on);
    } else if (END_OF[reden]) add(END_OF[reden].milestone, on, END_OF[reden].reason);
  }
  // A once-only milestone once per trajectory, the first (two uitval reasons, two DFD begeleidingen);
  // the same repeatable milestone once per date.
  const seen = new Set<string>();
  const milestones = out
    .sort((a, b) => a.occurredOn.localeCompare(b.occurredOn) || ORDER.indexOf(a.milestone) - ORDER.indexOf(b.milestone))
    .filter((f) => {
      const k = (REPEATABLE_MILESTONES as readonly string[]).includes(f.milestone)
        ? `${f.milestone}|${f.occurredOn}`
        : f.milestone;
      if (seen.has(k)) return false;
      seen.add(k);
      return true;
    });
  const support: DdasSupport[] = [];
  for (const b of t.begeleiding ?? []) {
    const kind = b.soort ? SUPPORT_KIND_OF[b.soort] : undefined;
    if (kind && b.startdatum) support.push({ kind, startedOn: b.startdatum, endedOn: b.einddatum ?? null });
  }
  const debts = new Map<DebtKind, DdasDebt>();
  for (const s of t.schulden ?? []) {
    const kind = s.schuldsoort ? DEBT_KIND_OF[s.schuldsoort] : undefined;
    if (!kind) continue; // debts without a schuldsoort count in the total at the start only
    const d = debts.get(kind) ?? { kind, debts: 0, total: 0 };
    d.debts += s.aantal;
    d.total += Math.round(s.bedrag ?? 0);
    debts.set(kind, d);
  }
  const total = t.totaalSchuldbedragBijAanvangSchuld;
  return {
    participant: t.deelnemer,
    startedOn,
    endedOn,
    milestones,
    crisis: t.aanmelding?.crisisinterventie === true || (t.crisisinterventies?.length ?? 0) > 0,
    support,
    debtAtStart: typeof total === 'number' && Number.isFinite(total) ? Math.round(total) : null,
    debts: [...debts.values()].sort((a, b) => a.kind.localeCompare(b.kind)),
  };
}
