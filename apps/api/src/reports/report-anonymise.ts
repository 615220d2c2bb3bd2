import { createHash } from 'node:crypto';
import { codeGemeentenInTexts } from '../reflections/reflection-anonymise';
import { SuppressionTable } from './report-suppression';
import {
  CONCEALED,
  SUPPRESSED,
  belevingUitvalSentence,
  comparisonFinding,
  formatWarning,
  isCountChange,
  isSmall,
  showCount,
  type Anonymised,
  type AnonymisedReport,
  type ArmCounts,
  type ArmResult,
  type BelevingArm,
  type CohortEstimate,
  type CohortRatios,
  type BelevingUitval,
  type BelevingUitvalGroup,
  type BelevingUitvalRow,
  type Comparison,
  type ConsortArm,
  type Count,
  type DoorlooptijdEstimate,
  type DoorlooptijdPart,
  type EmotionArm,
  type ExperimentResults,
  type Fidelity,
  type FidelityArm,
  type ForestGemeente,
  type FunnelSummary,
  type IncidencePoint,
  type IncidenceStep,
  type MetricResult,
  type Publication,
  type QuarterlyReport,
  type ReportChange,
  type ReportExperiment,
  type ReportMonitoring,
  type SectorContext,
  type SectorReport,
  type SectorShare,
  type SectorSubmissions,
  type SectorStep,
  type ShownCount,
  type SubgroupRow,
  type Subgroups,
  type Survivorship,
  type UitvalPhaseCount,
  type UitvalWhere,
  type UitvalWhereArm,
  type Warning,
} from '@living-lab/domain';

/** What a reviewer sees instead of a count from 1 to 4 (and any rate built on it). */
export { SUPPRESSED };

/** The reviewer's note on counts: `<5`, and `×` where a total and its parts are shown (report-suppression.ts). */
const COUNTS_NOTE =
  'Aantallen van 1 tot en met 4 staan er als <5. Staan een totaal en zijn delen er allebei, dan is soms ook een groter aantal verborgen (×), zodat een <5 niet uit het totaal terug te rekenen is.';

export interface GemeenteNaming {
  code: string;
  naam: string;
  consent_named: boolean;
}

/**
 * Letter codes per report version: the gemeenten are shuffled by a hash of the version's seed, so
 * codes are stable within one version and say nothing about size or name. A gemeente that
 * consented to be named keeps its name, and so does the viewer's own gemeente (`own`) in its own
 * view; the letters of the others are the same in every view of the version.
 */
export function gemeenteCodes(gemeenten: GemeenteNaming[], seed: string, own?: string | null): Map<string, string> {
  const order = [...gemeenten].sort((a, b) => hash(seed, a.code).localeCompare(hash(seed, b.code)));
  const map = new Map<string, string>();
  let i = 0;
  for (const g of order) {
    const code = g.consent_named ? g.naam : `Gemeente ${letters(i++)}`;
    map.set(g.code, g.code === own ? g.naam : code);
  }
  return map;
}

const hash = (seed: string, code: string) => createHash('sha256').update(`${seed}:${code}`).digest('hex');
const letters = (i: number): string =>
  i < 26 ? String.fromCharCode(65 + i) : letters(Math.floor(i / 26) - 1) + String.fromCharCode(65 + (i % 26));

const show = showCount;
/** A figure built on a small count is hidden with it. */
const hideIf = <T>(hidden: boolean, v: T): T | typeof SUPPRESSED => (hidden ? SUPPRESSED : v);

function mapValues<K extends string, V, W>(o: Record<K, V>, f: (v: V) => W): Record<K, W> {
  return Object.fromEntries(Object.entries(o).map(([k, v]) => [k, f(v as V)])) as Record<K, W>;
}
const showAll = <K extends string>(o: Record<K, Count>): Record<K, ShownCount> => mapValues(o, show);

/**
 * The counts of an arm (events, complete, enrolled), and the rate and interval built on them:
 * hidden when events or complete are from 1 to 4.
 */
function anonCounts(a: ArmCounts): Anonymised<ArmCounts> {
  const smallBase = isSmall(a.events) || isSmall(a.complete);
  return {
    enrolled: show(a.enrolled),
    complete: show(a.complete),
    events: show(a.events),
    rate: hideIf(smallBase, a.rate),
    ci95: hideIf(smallBase, a.ci95),
  };
}

/**
 * An arm of a metric: as its counts, and a curve of fewer than 5 people or events hidden (each
 * would be a step). The step curve is not shown as it is: each step is the events of one day, and
 * its height with the number at risk gives their count. A reviewer gets it at the days of `curve`
 * only (what the reviewer's view showed before the step curve existed), or not at all without them.
 */
function anonArm(a: ArmResult): Anonymised<ArmResult> {
  const fewPeople = isSmall(a.enrolled) || isSmall(a.events);
  return {
    ...a,
    ...anonCounts(a),
    ...('cumulativeIncidence' in a ? { cumulativeIncidence: hideIf(fewPeople, a.cumulativeIncidence) } : {}),
    ...('curve' in a ? { curve: hideIf(fewPeople, a.curve) } : {}),
    ...('stepCurve' in a ? { stepCurve: fewPeople ? SUPPRESSED : coarseSteps(a.curve) } : {}),
  };
}

/** The reviewer's step curve: the curve at its requested days (to the last one known), nothing finer. */
export function coarseSteps(curve: readonly IncidencePoint[] | undefined): IncidenceStep[] | undefined {
  if (!curve) return undefined;
  return curve.flatMap((p) => (p.value === null ? [] : [{ day: p.day, value: p.value, ci95: p.ci95 }]));
}

function anonSubgroups(s: Subgroups): Anonymised<Subgroups> {
  const rows = (gs: SubgroupRow[]): Anonymised<SubgroupRow>[] =>
    gs.map((g) => ({ ...g, treatment: anonCounts(g.treatment), control: anonCounts(g.control) }));
  const out: Anonymised<Subgroups> = {};
  if (s.klantprofiel) out.klantprofiel = { ...s.klantprofiel, groups: rows(s.klantprofiel.groups) };
  if (s.segment) out.segment = { ...s.segment, groups: rows(s.segment.groups) };
  return out;
}

function anonBelevingArm(a: BelevingArm): Anonymised<BelevingArm> {
  const few = isSmall(a.n);
  return {
    ...a,
    n: show(a.n),
    mean: hideIf(few, a.mean),
    sd: hideIf(few, a.sd),
    median: hideIf(few, a.median),
    distribution: few ? SUPPRESSED : showAll(a.distribution),
  };
}

function anonEmotionArm(a: EmotionArm): Anonymised<EmotionArm> {
  return { ...a, n: show(a.n), shares: hideIf(isSmall(a.n), a.shares) };
}

/**
 * The arms' uitval before a klantbeleving phase (issue 14): counts 1–4 as `<5`, a share built on
 * one of them hidden, and the difference between the arms hidden when any share is. The caveat
 * (`differs`, `sentence`) quotes no number and stays.
 *
 * Across tables: uitval before a phase is, nearly, the sum of an arm's uitval in the phases before
 * it (`uitvalByPhase`), so the difference of two phases' counts would give away a phase count that
 * table hides. For an arm with a hidden cell there (`hiddenArms`), the counts of uitval before a
 * phase are hidden too (`<5`, or `×` from 5 on), with their share and the difference.
 */
function anonSurvivorship(s: Survivorship, hiddenArms: ReadonlySet<string>): Anonymised<Survivorship> {
  const few = (a: Survivorship['arms'][number]) =>
    isSmall(a.enrolled) || isSmall(a.uitvalBefore) || hiddenArms.has(a.arm);
  return {
    ...s,
    arms: s.arms.map((a) => ({
      ...a,
      enrolled: show(a.enrolled),
      uitvalBefore: hiddenArms.has(a.arm) && a.uitvalBefore > 4 ? CONCEALED : show(a.uitvalBefore),
      share: hideIf(few(a), a.share),
    })),
    difference: hideIf(s.arms.some(few), s.difference),
  };
}

/** A phase comparison of klantbeleving with its survivorship part anonymised (when it has one). */
function withAnonSurvivorship<T extends { survivorship?: Survivorship }>(
  x: T,
  hiddenArms: ReadonlySet<string>,
): Omit<T, 'survivorship'> & { survivorship?: Anonymised<Survivorship> } {
  const { survivorship, ...rest } = x;
  return survivorship ? { ...rest, survivorship: anonSurvivorship(survivorship, hiddenArms) } : rest;
}

/** The arms with a hidden count in the reviewer's uitval by phase (any phase, or the arm's total). */
function armsWithHiddenUitval(w: Anonymised<UitvalWhere> | undefined): Set<string> {
  const hidden = new Set<string>();
  for (const a of w?.arms ?? [])
    if (typeof a.uitval === 'string' || a.phases.some((p) => typeof p.n === 'string')) hidden.add(a.arm);
  return hidden;
}

/** One group of klantbeleving and later uitval: its risk and interval hidden when a count they are built on is. */
function anonBelevingUitvalGroup(g: BelevingUitvalGroup, t: SuppressionTable): Anonymised<BelevingUitvalGroup> {
  const shown = { scored: t.show(g, 'scored'), complete: t.show(g, 'complete'), events: t.show(g, 'events') };
  const few = typeof shown.events === 'string' || typeof shown.complete === 'string';
  return { ...shown, risk: hideIf(few, g.risk), ci95: hideIf(few, g.ci95) };
}

/** The counts of a row of klantbeleving and later uitval, each with the object and key that hold it. */
const belevingUitvalCells = (r: BelevingUitvalRow) =>
  [
    ...(['scored', 'complete', 'events'] as const).flatMap((k) => [
      { o: r.negative, k },
      { o: r.others, k },
    ]),
    { o: r, k: 'uitvalBeforeScore' as const },
    { o: r, k: 'unclassified' as const },
  ] as unknown as { o: Record<string, Count>; k: string }[];

/**
 * Klantbeleving and later uitval (issue 14): every count 1–4 as `<5`, and — because the row of all
 * arms together is the sum of the arms' rows, count by count — complementary suppression (`×`,
 * report-suppression.ts) per phase so that no `<5` can be worked out from the total. A risk and
 * its interval are hidden when its events or complete are; the ratio, difference, their intervals
 * and Fisher's p when any count of the two groups is; the sentence made again from what is left
 * (beleving-uitval.ts), so it quotes no hidden figure.
 */
export function anonBelevingUitval(b: BelevingUitval, armName: (arm: string) => string): Anonymised<BelevingUitval> {
  const row = (r: BelevingUitvalRow, phase: string, t: SuppressionTable): Anonymised<BelevingUitvalRow> => {
    const negative = anonBelevingUitvalGroup(r.negative, t);
    const others = anonBelevingUitvalGroup(r.others, t);
    const hidden = [negative.events, negative.complete, others.events, others.complete].some(
      (v) => typeof v === 'string',
    );
    const out: Anonymised<BelevingUitvalRow> = {
      ...r,
      negative,
      others,
      uitvalBeforeScore: t.show(r, 'uitvalBeforeScore'),
      unclassified: t.show(r, 'unclassified'),
      riskRatio: hideIf(hidden, r.riskRatio),
      riskRatioCi: hideIf(hidden, r.riskRatioCi),
      riskDifference: hideIf(hidden, r.riskDifference),
      riskDifferenceCi: hideIf(hidden, r.riskDifferenceCi),
      fisherPValue: hideIf(hidden, r.fisherPValue),
    };
    out.sentence = belevingUitvalSentence(out, phase, b.followUpDays, r.arm === null ? null : armName(r.arm));
    return out;
  };
  return {
    ...b,
    phases: b.phases.map((p) => {
      const t = new SuppressionTable();
      const all = belevingUitvalCells(p.all);
      const arms = p.arms.map(belevingUitvalCells);
      all.forEach((c, i) =>
        t.line(
          t.at(c.o, c.k),
          arms.map((a) => t.at(a[i].o, a[i].k)),
        ),
      );
      t.protect();
      return { ...p, all: row(p.all, p.phase, t), arms: p.arms.map((r) => row(r, p.phase, t)) };
    }),
  };
}

/** Uitval in a phase: its count and the count of each reason, 1–4 as `<5`, concealed as the table says. */
function anonUitvalPhase(p: UitvalPhaseCount, t: SuppressionTable): Anonymised<UitvalPhaseCount> {
  return { ...p, n: t.show(p, 'n'), byReason: t.showAll(p.byReason) };
}

function anonUitvalArm(a: UitvalWhereArm, t: SuppressionTable): Anonymised<UitvalWhereArm> {
  return {
    ...a,
    enrolled: t.show(a, 'enrolled'),
    uitval: t.show(a, 'uitval'),
    phases: a.phases.map((p) => anonUitvalPhase(p, t)),
  };
}

/** The lines of uitval in phases: uitval = Σ phases, a phase = Σ its reasons. */
function uitvalPhaseLines(t: SuppressionTable, total: number, phases: readonly UitvalPhaseCount[]): void {
  t.line(
    total,
    phases.map((p) => t.at(p, 'n')),
  );
  for (const p of phases)
    t.line(
      t.at(p, 'n'),
      Object.keys(p.byReason).map((r) => t.at(p.byReason, r)),
    );
}

/** The same phases (and reasons) of an overall row and of its parts: overall = Σ parts, cell by cell. */
function acrossLines(
  t: SuppressionTable,
  all: readonly UitvalPhaseCount[],
  parts: readonly UitvalPhaseCount[][],
): void {
  for (const p of all) {
    const ps = parts.flatMap((x) => x.filter((q) => q.phase === p.phase));
    t.line(
      t.at(p, 'n'),
      ps.map((q) => t.at(q, 'n')),
    );
    for (const r of Object.keys(p.byReason))
      t.line(
        t.at(p.byReason, r),
        ps.filter((q) => r in q.byReason).map((q) => t.at(q.byReason, r)),
      );
  }
}

/**
 * Where uitval happened, protected as one table: per arm and per gemeente × arm, uitval = Σ phases
 * and a phase = Σ reasons; per arm, every count = Σ of the gemeenten's.
 */
export function anonUitvalWhere(w: UitvalWhere, code: (g: string) => string): Anonymised<UitvalWhere> {
  const t = new SuppressionTable();
  const units = [...w.arms, ...w.byGemeente.flatMap((g) => g.arms)];
  for (const a of units) uitvalPhaseLines(t, t.at(a, 'uitval'), a.phases);
  for (const a of w.arms) {
    const parts = w.byGemeente.flatMap((g) => g.arms.filter((x) => x.arm === a.arm));
    t.line(
      t.at(a, 'enrolled'),
      parts.map((x) => t.at(x, 'enrolled')),
    );
    t.line(
      t.at(a, 'uitval'),
      parts.map((x) => t.at(x, 'uitval')),
    );
    acrossLines(
      t,
      a.phases,
      parts.map((x) => x.phases),
    );
  }
  t.protect();
  return {
    arms: w.arms.map((a) => anonUitvalArm(a, t)),
    byGemeente: w.byGemeente.map((g) => ({ gemeente: code(g.gemeente), arms: g.arms.map((a) => anonUitvalArm(a, t)) })),
  };
}

/** A doorlooptijd: its counts shown, the median, its interval and the norm share hidden when built on 1–4 people or events. */
function anonDuration<T extends DoorlooptijdEstimate>(
  d: T,
): Anonymised<DoorlooptijdEstimate> & Omit<T, keyof DoorlooptijdEstimate> {
  const few = isSmall(d.n) || isSmall(d.events);
  return {
    ...d,
    n: show(d.n),
    events: show(d.events),
    median: hideIf(few, d.median),
    medianCi95: few ? [SUPPRESSED, SUPPRESSED] : d.medianCi95,
    ...(d.withinNorm
      ? {
          withinNorm: {
            days: d.withinNorm.days,
            share: hideIf(few, d.withinNorm.share),
            ci95: hideIf(few, d.withinNorm.ci95),
          },
        }
      : {}),
  };
}

/**
 * A doorlooptijd per arm, per gemeente and per gemeente × arm: `n` and `events` protected as one
 * table (a gemeente = Σ its arms, an arm = Σ its gemeenten, Σ arms = Σ gemeenten).
 */
export function anonDurationPart(p: DoorlooptijdPart, code: (g: string) => string): Anonymised<DoorlooptijdPart> {
  const t = new SuppressionTable();
  const cross = p.byGemeenteArm ?? [];
  for (const f of ['n', 'events'] as const) {
    for (const g of p.byGemeente)
      t.line(
        t.at(g, f),
        cross.filter((x) => x.gemeente === g.gemeente).map((x) => t.at(x, f)),
      );
    for (const a of p.arms)
      t.line(
        t.at(a, f),
        cross.filter((x) => x.arm === a.arm).map((x) => t.at(x, f)),
      );
    t.equal(
      p.arms.map((a) => t.at(a, f)),
      p.byGemeente.map((g) => t.at(g, f)),
    );
  }
  t.protect();
  const dur = <T extends DoorlooptijdEstimate>(d: T) => ({
    ...anonDuration(d),
    n: t.show(d, 'n'),
    events: t.show(d, 'events'),
  });
  return {
    ...p,
    arms: p.arms.map(dur),
    byGemeente: p.byGemeente.map((g) => ({ ...dur(g), gemeente: code(g.gemeente) })),
    byGemeenteArm: p.byGemeenteArm?.map((g) => ({ ...dur(g), gemeente: code(g.gemeente) })),
  };
}

/**
 * Fidelity of an arm (issue 14): every count shown (1–4 as `<5`), with complementary suppression
 * on enrolled = received + not received (and the same for "as often as planned"), so that a small
 * number of participants who did not receive it cannot be worked out; a share is hidden with a
 * hidden count it is built on, the median with a small or hidden arm.
 */
function anonFidelityArm(a: FidelityArm): Anonymised<FidelityArm> {
  const t = new SuppressionTable();
  const enrolled = t.at(a, 'enrolled');
  const counts = a as unknown as Record<'received' | 'receivedAsExpected', Count>;
  for (const k of ['received', 'receivedAsExpected'] as const)
    if (a[k] !== null) t.line(enrolled, [t.at(counts, k), t.cell(a.enrolled - (a[k] as number))]);
  t.protect();
  const shownEnrolled = t.show(a, 'enrolled');
  const shown = (k: 'received' | 'receivedAsExpected') => (a[k] === null ? null : t.show(counts, k));
  const received = shown('received');
  const asExpected = shown('receivedAsExpected');
  const hiddenBase = typeof shownEnrolled === 'string';
  return {
    ...a,
    enrolled: shownEnrolled,
    received,
    share: hideIf(hiddenBase || typeof received === 'string', a.share),
    receivedAsExpected: asExpected,
    shareAsExpected: hideIf(hiddenBase || typeof asExpected === 'string', a.shareAsExpected),
    medianReceived: hideIf(hiddenBase, a.medianReceived),
    contaminated: show(a.contaminated),
    contaminatedByKind: showAll(a.contaminatedByKind),
  };
}

export function anonFidelity(f: Fidelity): Anonymised<Fidelity> {
  return { ...f, arms: f.arms.map(anonFidelityArm) };
}

/** The CONSORT flow of an arm: enrolled = complete + not yet complete, complete = gereed + uitval + other + in progress. */
export function anonConsort(c: ConsortArm): Anonymised<ConsortArm> {
  const t = new SuppressionTable();
  // enrolled, complete, gereed and uitval are also each metric's enrolled, complete and events,
  // and not yet complete is enrolled − complete there: conceal other and in progress first
  t.shownElsewhere(
    t.at(c, 'enrolled'),
    t.at(c, 'complete'),
    t.at(c, 'gereed'),
    t.at(c, 'uitval'),
    t.at(c, 'notYetComplete'),
  );
  t.line(t.at(c, 'enrolled'), [t.at(c, 'complete'), t.at(c, 'notYetComplete')]);
  t.line(t.at(c, 'complete'), [t.at(c, 'gereed'), t.at(c, 'uitval'), t.at(c, 'other'), t.at(c, 'inProgress')]);
  t.protect();
  return {
    ...c,
    enrolled: t.show(c, 'enrolled'),
    complete: t.show(c, 'complete'),
    gereed: t.show(c, 'gereed'),
    uitval: t.show(c, 'uitval'),
    other: t.show(c, 'other'),
    inProgress: t.show(c, 'inProgress'),
    notYetComplete: t.show(c, 'notYetComplete'),
  };
}

/**
 * The reviewer's view of a report: gemeenten by code (unless named with consent), counts 1–4
 * suppressed, and nothing at participant level (the report holds none: only aggregates).
 *
 * Written against the types: each `Count` of the report must pass through `showCount` to become
 * the `ShownCount` of `AnonymisedReport`, so a new count field that is not handled here is a
 * compile error (report-anonymise.spec.ts checks the same at run time).
 */
export function anonymiseReport(
  content: QuarterlyReport,
  gemeenten: GemeenteNaming[],
  seed: string,
  opts: { ownGemeente?: string | null } = {},
): AnonymisedReport {
  const own = gemeenten.find((g) => g.code === opts.ownGemeente);
  const codes = gemeenteCodes(gemeenten, seed, own?.code);
  const code = (g: string) => codes.get(g) ?? 'Gemeente ?';

  const comparison = (c: Comparison): Anonymised<Comparison> => ({
    ...c,
    stratified: { ...c.stratified, excludedGemeenten: c.stratified.excludedGemeenten.map(code) },
    subgroups: anonSubgroups(c.subgroups),
  });
  const metric = (m: MetricResult): Anonymised<MetricResult> => ({
    ...m,
    arms: m.arms.map(anonArm),
    comparisons: m.comparisons.map(comparison),
    byGemeente: m.byGemeente.map((g) => ({
      ...g,
      gemeente: code(g.gemeente),
      arms: g.arms.map((a) => ({ ...a, ...anonCounts(a) })),
    })),
  });
  const results = (r: ExperimentResults): Anonymised<ExperimentResults> => {
    const uitvalByPhase = r.uitvalByPhase && anonUitvalWhere(r.uitvalByPhase, code);
    const hiddenArms = armsWithHiddenUitval(uitvalByPhase);
    return {
      ...r,
      ...anonWarnings(r.warningDetails, code),
      metrics: r.metrics.map(metric),
      beleving: r.beleving.map((b) => ({ ...withAnonSurvivorship(b, hiddenArms), arms: b.arms.map(anonBelevingArm) })),
      emotions: r.emotions.map((x) => ({ ...withAnonSurvivorship(x, hiddenArms), arms: x.arms.map(anonEmotionArm) })),
      // arm names in the sentences: made again with the plan's names in `experiment` below
      belevingUitval: r.belevingUitval && anonBelevingUitval(r.belevingUitval, (a) => a),
      doorlooptijd: r.doorlooptijd && {
        aanmeldingIntake: anonDurationPart(r.doorlooptijd.aanmeldingIntake, code),
        instroomGereed: anonDurationPart(r.doorlooptijd.instroomGereed, code),
      },
      uitvalByPhase,
      fidelity: r.fidelity && anonFidelity(r.fidelity),
      guards: { ...r.guards, power: { ...r.guards.power, completePerArm: showAll(r.guards.power.completePerArm) } },
      primaryComparison: r.primaryComparison && comparison(r.primaryComparison),
    };
  };
  const forestGemeente = (g: ForestGemeente): Anonymised<ForestGemeente> => {
    const hidden =
      isSmall(g.treatment.events) ||
      isSmall(g.treatment.complete) ||
      isSmall(g.control.events) ||
      isSmall(g.control.complete);
    return {
      ...g,
      gemeente: code(g.gemeente),
      treatment: { events: show(g.treatment.events), complete: show(g.treatment.complete) },
      control: { events: show(g.control.events), complete: show(g.control.complete) },
      riskDifference: hideIf(hidden, g.riskDifference),
      ci95: hideIf(hidden, g.ci95),
    };
  };
  const monitoring = (m: ReportMonitoring): Anonymised<ReportMonitoring> => ({
    ...m,
    ...anonWarnings(m.warningDetails, code),
    enrolled: show(m.enrolled),
    counts: showAll(m.counts),
    strata: m.strata.map((x) => ({
      ...x,
      stratum: code(x.gemeente),
      gemeente: code(x.gemeente),
      enrolled: show(x.enrolled),
      counts: showAll(x.counts),
    })),
  });
  const experiment = (e: ReportExperiment): Anonymised<ReportExperiment> => ({
    ...e,
    plan: { ...e.plan, gemeenten: undefined },
    consort: e.consort.map(anonConsort),
    results: withSentences(
      {
        ...results(e.results),
        belevingUitval: e.results.belevingUitval && anonBelevingUitval(e.results.belevingUitval, armNameOf(e)),
      },
      armNameOf(e),
    ),
    forest: e.forest.map((f) => ({ ...f, gemeenten: f.gemeenten.map(forestGemeente) })),
    monitoring: e.monitoring && monitoring(e.monitoring),
  });

  const r: AnonymisedReport = {
    ...content,
    experiments: (content.experiments ?? []).map(experiment),
    publication: content.publication && anonPublication(content.publication, content),
    sector: content.sector && anonSector(content.sector, code),
    // per gemeente, by code; counts 1–4 suppressed; the sentences (which quote counts) left out
    // (a completeness or a score is not a count: 1 means 100% or 1 point, and stays)
    dataQuality: Array.isArray(content.dataQuality)
      ? content.dataQuality.map((d) => ({
          ...suppressDeep({ ...d, gemeente: code(d.gemeente), warnings: undefined }),
          completenessScore: d.completenessScore,
          milestones: d.milestones.map((m) => ({
            ...suppressDeep(m),
            completeness: isSmall(m.recorded) || isSmall(m.expected) ? SUPPRESSED : m.completeness,
          })),
        }))
      : content.dataQuality,
    // free text: gemeenten named by code or by name appear under their label
    reflections: content.reflections && codeGemeentenInTexts(content.reflections, gemeenten, codes),
    view: 'reviewer',
    ...(own ? { ownGemeente: own.naam } : {}),
    anonymisation: own
      ? `Uw eigen gemeente (${own.naam}) staat er met haar naam in. De andere gemeenten staan er met een lettercode in, tenzij ze toestemming gaven voor hun naam. ${COUNTS_NOTE}`
      : `Gemeenten staan er met een lettercode in, tenzij ze toestemming gaven voor hun naam. ${COUNTS_NOTE}`,
  };
  // Safety net: no gemeente code of a non-consenting gemeente survives in any text.
  return replaceCodes(r, codes);
}

const armNameOf = (e: ReportExperiment) => (k: string) => e.plan.arms.find((a) => a.key === k)?.name ?? k;

/**
 * The sentences made again from the suppressed figures (findings.ts): the stored sentence quotes
 * rates, and a rate built on a count from 1 to 4 would give that count away.
 */
function withSentences(
  r: Anonymised<ExperimentResults>,
  armName: (arm: string) => string,
): Anonymised<ExperimentResults> {
  const metrics = r.metrics.map((m) => ({
    ...m,
    comparisons: m.comparisons.map((c) => ({ ...c, sentence: comparisonFinding(r, m, c, armName) })),
  }));
  const primary = metrics.find((m) => m.primary);
  return {
    ...r,
    metrics,
    primaryComparison: r.primaryComparison && (primary?.comparisons[0] ?? r.primaryComparison),
  };
}

/**
 * A warning with every count param shown as a reviewer may see it (a stratum named by its
 * gemeente's code, as in the strata). A warning whose params hold a `Count` must have a case
 * here: the default returns the warning as it is, which compiles only for params without counts.
 */
function anonWarning(w: Warning, code: (g: string) => string): Anonymised<Warning> {
  switch (w.code) {
    case 'results.arm_small':
      return { ...w, params: { ...w.params, complete: show(w.params.complete) } };
    case 'results.arm_waiting':
      return { ...w, params: { ...w.params, waiting: show(w.params.waiting) } };
    case 'results.strata_excluded':
      return { ...w, params: { ...w.params, gemeenten: show(w.params.gemeenten) } };
    case 'monitoring.stratum_drift':
      return {
        ...w,
        params: {
          stratum: code(w.params.gemeente),
          gemeente: code(w.params.gemeente),
          arms: w.params.arms.map((a) => ({ ...a, n: show(a.n) })),
        },
      };
    default:
      return w;
  }
}

/**
 * The warnings of the reviewer's view, made again from their coded form after the counts are
 * suppressed. A version published before warnings were coded has only the sentences, which quote
 * counts: they are left out.
 */
function anonWarnings(
  details: Warning[] | undefined,
  code: (g: string) => string,
): { warnings: string[]; warningDetails: Anonymised<Warning>[] | undefined } {
  if (!details) return { warnings: [], warningDetails: undefined };
  const shown = details.map((w) => anonWarning(w, code));
  return { warnings: shown.map(formatWarning), warningDetails: shown };
}

/**
 * The changes since the previous version: a count shown as a reviewer may see it (1–4 as `<5`),
 * and an arm's rate hidden when its events or complete participants are (now or before) from 1 to 4.
 */
function anonPublication(p: Publication, content: QuarterlyReport): Anonymised<Publication> {
  const smallBase = new Set<string>();
  for (const e of content.experiments ?? [])
    for (const m of e.results.metrics)
      for (const a of m.arms)
        if (isSmall(a.events) || isSmall(a.complete)) smallBase.add(`${e.plan.key}.${m.metric}.${a.arm}`);
  for (const r of content.sector?.cohortRatios?.ratios ?? [])
    if (isSmall(r.total.n) || isSmall(r.total.events)) smallBase.add(`cohort.${r.ratio}`);
  for (const c of p.changes ?? [])
    if (/\.(events|complete)$|^cohort\.[^.]+\.n$/.test(c.path) && (isSmall(c.before) || isSmall(c.after)))
      smallBase.add(c.path.replace(/\.[^.]+$/, ''));
  const change = (c: ReportChange): Anonymised<ReportChange> => {
    if (isCountChange(c))
      return {
        ...c,
        before: c.before === null ? null : show(c.before),
        after: c.after === null ? null : show(c.after),
      };
    if (/\.(rate|estimate)$/.test(c.path) && smallBase.has(c.path.replace(/\.[^.]+$/, '')))
      return { ...c, before: SUPPRESSED, after: SUPPRESSED };
    return c;
  };
  return { ...p, changes: (p.changes ?? []).map(change) };
}

/** The share of one funnel step in the previous one: hidden when either count is. */
const SHARE_BASE: Record<SectorShare, [SectorStep, SectorStep]> = {
  intakePerAanmelding: ['intake', 'aanmelding'],
  gereedPerInstroom: ['gereed_voor_schuldregeling', 'instroom_stabilisatie'],
  akkoordPerGereed: ['akkoord_schuldregeling', 'gereed_voor_schuldregeling'],
};

/** A funnel summary's counts as the table says; a share hidden when either of its counts is (`<5` or `×`). */
function anonSummary<T extends FunnelSummary>(
  s: T,
  t: SuppressionTable,
): Anonymised<FunnelSummary> & Omit<T, keyof FunnelSummary> {
  const counts = t.showAll(s.counts);
  const shares = mapValues(s.shares, (v) => v as number | null | typeof SUPPRESSED);
  for (const [k, [a, b]] of Object.entries(SHARE_BASE) as [SectorShare, [SectorStep, SectorStep]][])
    if (typeof counts[a] === 'string' || typeof counts[b] === 'string') shares[k] = SUPPRESSED;
  return {
    ...s,
    counts,
    uitvalByReason: t.showAll(s.uitvalByReason),
    uitvalByPhase: s.uitvalByPhase?.map((p) => anonUitvalPhase(p, t)),
    shares,
  };
}

/** Within a summary: uitval = Σ reasons, uitval = Σ phases, a phase = Σ its reasons. */
function summaryLines(t: SuppressionTable, s: FunnelSummary): void {
  const uitval = t.at(s.counts, 'uitval');
  t.line(
    uitval,
    Object.keys(s.uitvalByReason).map((r) => t.at(s.uitvalByReason, r)),
  );
  if (s.uitvalByPhase) uitvalPhaseLines(t, uitval, s.uitvalByPhase);
}

/**
 * The sector funnel protected as one table: each summary's own lines, and the sector total of
 * every step, reason and phase = Σ of the gemeenten's. The trend's quarters are tables of their own.
 */
function sectorTable(s: SectorReport): SuppressionTable {
  const t = new SuppressionTable();
  summaryLines(t, s.total);
  for (const g of s.byGemeente) summaryLines(t, g);
  for (const k of Object.keys(s.total.counts) as SectorStep[])
    t.line(
      t.at(s.total.counts, k),
      s.byGemeente.map((g) => t.at(g.counts, k)),
    );
  for (const r of Object.keys(s.total.uitvalByReason))
    t.line(
      t.at(s.total.uitvalByReason, r),
      s.byGemeente.filter((g) => r in g.uitvalByReason).map((g) => t.at(g.uitvalByReason, r)),
    );
  if (s.total.uitvalByPhase)
    acrossLines(
      t,
      s.total.uitvalByPhase,
      s.byGemeente.map((g) => g.uitvalByPhase ?? []),
    );
  if (s.context) contextLines(t, s, s.context);
  return t.protect();
}

/**
 * The sector counts per werkwijze in the same table (issue 14, item 8): each group's own lines,
 * every step and reason of a group = Σ of its gemeenten's, and the sector total = Σ of the groups.
 */
function contextLines(t: SuppressionTable, s: SectorReport, c: SectorContext): void {
  const byCode = new Map(s.byGemeente.map((g) => [g.gemeente, g]));
  for (const w of c.byWerkwijze) {
    summaryLines(t, w);
    const members = w.gemeenten.map((g) => byCode.get(g)).filter((g) => g !== undefined);
    for (const k of Object.keys(w.counts) as SectorStep[])
      t.line(
        t.at(w.counts, k),
        members.map((g) => t.at(g.counts, k)),
      );
    for (const r of Object.keys(w.uitvalByReason))
      t.line(
        t.at(w.uitvalByReason, r),
        members.filter((g) => r in g.uitvalByReason).map((g) => t.at(g.uitvalByReason, r)),
      );
  }
  for (const k of Object.keys(s.total.counts) as SectorStep[])
    t.line(
      t.at(s.total.counts, k),
      c.byWerkwijze.map((w) => t.at(w.counts, k)),
    );
}

/**
 * A cohort estimate as a reviewer sees it: its counts protected in the ratio's table (`t`); the
 * estimate and its interval hidden when the cohort or its events are (1–4, or concealed: a
 * percentage and its interval would give the count back).
 */
function anonCohortEstimate<T extends CohortEstimate>(
  e: T,
  t: SuppressionTable,
): Anonymised<CohortEstimate> & Omit<T, keyof CohortEstimate> {
  const n = t.show(e, 'n');
  const events = t.show(e, 'events');
  const hidden = typeof n === 'string' || typeof events === 'string';
  return {
    ...e,
    n,
    events,
    competing: t.show(e, 'competing'),
    waitingUnderAYear: t.show(e, 'waitingUnderAYear'),
    estimate: hideIf(hidden, e.estimate),
    ci95: hideIf(hidden, e.ci95),
  };
}

const COHORT_COUNTS = ['n', 'events', 'competing', 'waitingUnderAYear'] as const;

/**
 * The cohort ratios: gemeenten by code (in the order of their codes); per ratio one table in which
 * every count of the sector is the sum of the gemeenten's (report-suppression.ts), so no `<5` can be
 * worked out from the total.
 */
function anonCohortRatios(c: CohortRatios, code: (g: string) => string): Anonymised<CohortRatios> {
  const byCode = <T extends { gemeente: string }>(xs: T[]) =>
    [...xs].sort((a, b) => a.gemeente.localeCompare(b.gemeente));
  return {
    ...c,
    ratios: c.ratios.map((r) => {
      const t = new SuppressionTable();
      for (const k of COHORT_COUNTS)
        t.line(
          t.at(r.total, k),
          r.byGemeente.map((g) => t.at(g, k)),
        );
      t.protect();
      return {
        ...r,
        total: anonCohortEstimate(r.total, t),
        byGemeente: byCode(r.byGemeente.map((g) => ({ ...anonCohortEstimate(g, t), gemeente: code(g.gemeente) }))),
      };
    }),
    aggregateOnly: byCode(c.aggregateOnly.map((g) => ({ ...g, gemeente: code(g.gemeente) }))),
  };
}

function anonSector(s: SectorReport, code: (g: string) => string): Anonymised<SectorReport> {
  const sub = s.submissions;
  const t = sectorTable(s);
  return {
    ...s,
    cohortRatios: s.cohortRatios && anonCohortRatios(s.cohortRatios, code),
    total: anonSummary(s.total, t),
    byGemeente: s.byGemeente.map((g) => ({ ...anonSummary(g, t), gemeente: code(g.gemeente) })),
    trend: s.trend.map((q) => {
      const tq = new SuppressionTable();
      summaryLines(tq, q);
      return anonSummary(q, tq.protect());
    }),
    submissions: sub && anonSubmissions(sub, code),
    context: s.context && anonContext(s.context, code, t),
  };
}

/**
 * The gemeente context beside the sector figures: gemeenten by their label (sorted by it, so the
 * order says nothing about the code), the counts per werkwijze as a reviewer may see them (`<5`,
 * and `×` where a group's count with its gemeenten's or the sector total would give a `<5` away:
 * contextLines).  A werkwijze, a regisseur, the parts uitbesteed and a caseload per fte
 * are no counts of people and stay.
 */
function anonContext(c: SectorContext, code: (g: string) => string, t: SuppressionTable): Anonymised<SectorContext> {
  const byLabel = (a: { gemeente: string }, b: { gemeente: string }) => a.gemeente.localeCompare(b.gemeente, 'nl');
  return {
    ...c,
    gemeenten: c.gemeenten.map((g) => ({ ...g, gemeente: code(g.gemeente) })).sort(byLabel),
    byWerkwijze: c.byWerkwijze.map((w) =>
      anonSummary({ ...w, gemeenten: w.gemeenten.map(code).sort((a, b) => a.localeCompare(b, 'nl')) }, t),
    ),
  };
}

/** The caseload per FTE: a ratio, not people; stays out of the lines. */
const NOT_A_COUNT = new Set(['caseload_fte']);

/**
 * The gemeenten's submissions: every count 1–4 as `<5`, and protected as one table where a total
 * and its parts are shown: a step = Σ the gemeenten's, a step = Σ its tags, uitval = Σ reasons.
 */
export function anonSubmissions(sub: SectorSubmissions, code: (g: string) => string): Anonymised<SectorSubmissions> {
  const t = new SuppressionTable();
  const gemeenten = sub.gemeenten ?? [];
  for (const st of sub.steps ?? []) {
    if (NOT_A_COUNT.has(st.step) || typeof st.value !== 'number') continue;
    const total = t.at(st as { value?: Count }, 'value');
    t.line(
      total,
      gemeenten.filter((g) => typeof g.steps[st.step] === 'number').map((g) => t.at(g.steps, st.step)),
    );
    t.line(
      total,
      Object.keys(st.byTag).map((k) => t.at(st.byTag, k)),
    );
    if (st.step === 'uitval')
      t.line(
        total,
        (sub.uitvalByReason ?? []).map((u) => t.at(u, 'value')),
      );
  }
  t.protect();
  return {
    ...sub,
    gemeenten: gemeenten.map((g) => suppressDeep({ ...g, gemeente: code(g.gemeente) }, t)),
    steps: (sub.steps ?? []).map((x) => suppressDeep(x, t)),
    uitvalByReason: (sub.uitvalByReason ?? []).map((x) => suppressDeep(x, t)),
    warnings: undefined,
  };
}

/**
 * Every number from 1 to 4 anywhere in the value becomes `<5` (parts whose every number is a count);
 * a cell of `table` is shown as the table says.
 */
function suppressDeep<T>(v: T, table?: SuppressionTable): Anonymised<T> {
  const walk = (x: unknown): unknown => {
    if (isSmall(x)) return SUPPRESSED;
    if (Array.isArray(x)) return x.map(walk);
    if (x && typeof x === 'object')
      return Object.fromEntries(
        Object.entries(x).map(([k, y]) => {
          // a cell of a protected table: as the table shows it (`<5`, `×` or the count)
          const id = table?.idOf(x, k);
          return [k, id === undefined ? walk(y) : table!.shown(id)];
        }),
      );
    return x;
  };
  return walk(v) as Anonymised<T>;
}

/** Replaces gemeente codes in every text by their label; changes nothing else. */
function replaceCodes<T>(v: T, codes: Map<string, string>): T {
  const walk = (x: unknown): unknown => {
    if (typeof x === 'string') {
      let s = x;
      for (const [c, label] of codes)
        if (c !== label && s.includes(c)) s = s.replace(new RegExp(`\\b${c.replace(/[-]/g, '\\-')}\\b`, 'g'), label);
      return s;
    }
    if (Array.isArray(x)) return x.map(walk);
    if (x && typeof x === 'object') return Object.fromEntries(Object.entries(x).map(([k, y]) => [k, walk(y)]));
    return x;
  };
  return walk(v) as T;
}
