import { createHash } from 'node:crypto';
import {
  SUPPRESSED,
  isSmall,
  showCount,
  type Anonymised,
  type AnonymisedReport,
  type ArmCounts,
  type ArmResult,
  type BelevingArm,
  type Comparison,
  type ConsortArm,
  type Count,
  type EmotionArm,
  type ExperimentResults,
  type ForestGemeente,
  type FunnelSummary,
  type MetricResult,
  type QuarterlyReport,
  type ReportExperiment,
  type ReportMonitoring,
  type SectorReport,
  type SectorShare,
  type SectorStep,
  type ShownCount,
  type SubgroupRow,
  type Subgroups,
} from '@living-lab/domain';

/** What a reviewer sees instead of a count from 1 to 4 (and any rate built on it). */
export { SUPPRESSED };

export interface GemeenteNaming {
  code: string;
  naam: string;
  consent_named: boolean;
}

/**
 * Letter codes per report version: the gemeenten are shuffled by a hash of the version's seed, so
 * codes are stable within one version and say nothing about size or name. A gemeente that
 * consented to be named keeps its name.
 */
export function gemeenteCodes(gemeenten: GemeenteNaming[], seed: string): Map<string, string> {
  const order = [...gemeenten].sort((a, b) => hash(seed, a.code).localeCompare(hash(seed, b.code)));
  const map = new Map<string, string>();
  let i = 0;
  for (const g of order) map.set(g.code, g.consent_named ? g.naam : `Gemeente ${letters(i++)}`);
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

/** An arm of a metric: as its counts, and a curve of fewer than 5 people or events hidden (each would be a step). */
function anonArm(a: ArmResult): Anonymised<ArmResult> {
  const fewPeople = isSmall(a.enrolled) || isSmall(a.events);
  return {
    ...a,
    ...anonCounts(a),
    ...('cumulativeIncidence' in a ? { cumulativeIncidence: hideIf(fewPeople, a.cumulativeIncidence) } : {}),
    ...('curve' in a ? { curve: hideIf(fewPeople, a.curve) } : {}),
  };
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

function anonConsort(c: ConsortArm): Anonymised<ConsortArm> {
  return {
    ...c,
    enrolled: show(c.enrolled),
    complete: show(c.complete),
    gereed: show(c.gereed),
    uitval: show(c.uitval),
    other: show(c.other),
    inProgress: show(c.inProgress),
    notYetComplete: show(c.notYetComplete),
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
export function anonymiseReport(content: QuarterlyReport, gemeenten: GemeenteNaming[], seed: string): AnonymisedReport {
  const codes = gemeenteCodes(gemeenten, seed);
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
  const results = (r: ExperimentResults): Anonymised<ExperimentResults> => ({
    ...r,
    metrics: r.metrics.map(metric),
    beleving: r.beleving.map((b) => ({ ...b, arms: b.arms.map(anonBelevingArm) })),
    emotions: r.emotions.map((x) => ({ ...x, arms: x.arms.map(anonEmotionArm) })),
    guards: { ...r.guards, power: { ...r.guards.power, completePerArm: showAll(r.guards.power.completePerArm) } },
    primaryComparison: r.primaryComparison && comparison(r.primaryComparison),
  });
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
    results: results(e.results),
    forest: e.forest.map((f) => ({ ...f, gemeenten: f.gemeenten.map(forestGemeente) })),
    monitoring: e.monitoring && monitoring(e.monitoring),
  });

  const r: AnonymisedReport = {
    ...content,
    experiments: (content.experiments ?? []).map(experiment),
    sector: content.sector && anonSector(content.sector, code),
    // per gemeente, by code; counts 1–4 suppressed; the sentences (which quote counts) left out
    dataQuality: Array.isArray(content.dataQuality)
      ? content.dataQuality.map((d) => suppressDeep({ ...d, gemeente: code(d.gemeente), warnings: undefined }))
      : content.dataQuality,
    view: 'reviewer',
    anonymisation:
      'Gemeenten staan er met een lettercode in, tenzij ze toestemming gaven voor hun naam. Aantallen van 1 tot en met 4 staan er als <5.',
  };
  // Safety net: no gemeente code of a non-consenting gemeente survives in any text.
  return replaceCodes(r, codes);
}

/** The share of one funnel step in the previous one: hidden when either count is. */
const SHARE_BASE: Record<SectorShare, [SectorStep, SectorStep]> = {
  intakePerAanmelding: ['intake', 'aanmelding'],
  gereedPerInstroom: ['gereed_voor_schuldregeling', 'instroom_stabilisatie'],
  akkoordPerGereed: ['akkoord_schuldregeling', 'gereed_voor_schuldregeling'],
};

function anonSummary<T extends FunnelSummary>(s: T): Anonymised<FunnelSummary> & Omit<T, keyof FunnelSummary> {
  const counts = showAll(s.counts);
  const shares = mapValues(s.shares, (v) => v as number | null | typeof SUPPRESSED);
  for (const [k, [a, b]] of Object.entries(SHARE_BASE) as [SectorShare, [SectorStep, SectorStep]][])
    if (counts[a] === SUPPRESSED || counts[b] === SUPPRESSED) shares[k] = SUPPRESSED;
  return { ...s, counts, uitvalByReason: showAll(s.uitvalByReason), shares };
}

function anonSector(s: SectorReport, code: (g: string) => string): Anonymised<SectorReport> {
  const sub = s.submissions;
  return {
    ...s,
    total: anonSummary(s.total),
    byGemeente: s.byGemeente.map((g) => anonSummary({ ...g, gemeente: code(g.gemeente) })),
    trend: s.trend.map((t) => anonSummary(t)),
    submissions: sub && {
      ...sub,
      gemeenten: (sub.gemeenten ?? []).map((g) => suppressDeep({ ...g, gemeente: code(g.gemeente) })),
      steps: (sub.steps ?? []).map((x) => suppressDeep(x)),
      uitvalByReason: (sub.uitvalByReason ?? []).map((x) => suppressDeep(x)),
      warnings: undefined,
    },
  };
}

/** Every number from 1 to 4 anywhere in the value becomes `<5` (parts whose every number is a count). */
function suppressDeep<T>(v: T): Anonymised<T> {
  const walk = (x: unknown): unknown => {
    if (isSmall(x)) return SUPPRESSED;
    if (Array.isArray(x)) return x.map(walk);
    if (x && typeof x === 'object') return Object.fromEntries(Object.entries(x).map(([k, y]) => [k, walk(y)]));
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
