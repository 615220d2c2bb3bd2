import { runAsSystem } from '@living-lab/db';
import { createHash, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { adjustPValues, compareProportions } from '@living-lab/stats';
import {
  addDays,
  allCounts,
  COHORT_RATIO_STEPS,
  COHORT_RATIOS,
  cohortCompetingEnds,
  cohortQuarterOf,
  canonicalJson,
  ARM_COUNT_FIELDS,
  count,
  DomainError,
  fieldError,
  isStartedStatus,
  parseQuarter,
  previousQuarter,
  SECTOR_FLOW_NOTE,
  todayIso,
  uitvalPhaseCounts,
  type AnonymisedReport,
  type Count,
  type ForestComparison,
  type Quarter,
  type FunnelSummary,
  type QuarterlyReport,
  type QuarterlyReportContent,
  type CohortRatios,
  type Reference2018,
  type ReportChange,
  type ReportExperiment,
  type ReportMonitoring,
  type SectorReport,
  type SectorShare,
  type SectorStep,
} from '@living-lab/domain';
import { AuditService } from '../audit/audit.service';
import type { AuthUser } from '../common/auth-user';
import { APP_CONFIG, type AppConfig } from '../config';
import { ExperimentsRepository } from '../experiments/experiments.repository';
import { MonitoringService, type ExperimentMonitoring } from '../allocation/monitoring.service';
import { PlanService } from '../allocation/plan.service';
import { DataQualityService } from '../data-quality/data-quality.service';
import { FunnelService } from '../funnel/funnel.service';
import type { UitvalPhaseFlowRow } from '../funnel/funnel.repository';
import { ResultsService } from '../results/results.service';
import { MailService } from '../mail/mail.service';
import { ReflectionsService } from '../reflections/reflections.service';
import { cohortRatios, type CohortRow } from './cohort-ratios';
import { GemeenteContextService } from '../gemeenten/gemeente-context.service';
import { anonymiseReport } from './report-anonymise';
import { draftCodeSeed } from './report-seed';
import { ReportsRepository, type FunnelRow } from './reports.repository';

function packageVersion(file: string): string {
  return (JSON.parse(readFileSync(file, 'utf8')) as { version: string }).version;
}

/** The engine: this platform's version and the statistics library's; stored with each publication. */
export const ENGINE_VERSION = `living-lab ${packageVersion(join(__dirname, '../../package.json'))} / stats ${packageVersion(require.resolve('@living-lab/stats/package.json'))}`;

/** Days at which the report draws cumulative incidence curves. */
const CURVE_DAYS = Array.from({ length: 25 }, (_, i) => i * 15);

/** Indicative 2018 figures of the 2019 study (domain.md): shares of the previous funnel step. */
export const REFERENCE_2018: Reference2018 = {
  intakePerAanmelding: { value: 0.95, range: [0.87, 1.0] },
  gereedPerInstroom: { value: 0.6, range: [0.42, 0.92] },
  akkoordPerGereed: { value: 0.85, range: [0.61, 1.0] },
};

@Injectable()
export class ReportsService {
  constructor(
    private readonly repo: ReportsRepository,
    private readonly experiments: ExperimentsRepository,
    private readonly results: ResultsService,
    private readonly audit: AuditService,
    private readonly monitoring: MonitoringService,
    private readonly plans: PlanService,
    private readonly dataQuality: DataQualityService,
    private readonly funnel: FunnelService,
    private readonly reflections: ReflectionsService,
    private readonly gemeenteContext: GemeenteContextService,
    private readonly mail: MailService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  quarterOrThrow(label: string, today = todayIso()): Quarter {
    const q = parseQuarter(label);
    if (!q) throw fieldError('quarter.invalid', 'quarter');
    if (q.start > today) throw fieldError('quarter.not_started', 'quarter');
    return q;
  }

  /**
   * The report as a viewer may see it: the latest published version (or `version`), else a live
   * draft. Reviewers and gemeente users get the anonymised view (letter codes, `<5`).
   */
  async get(
    viewer: AuthUser,
    label: string,
    opts: { version?: number; draft?: boolean } = {},
  ): Promise<QuarterlyReport | AnonymisedReport> {
    const q = this.quarterOrThrow(label);
    const published = opts.draft ? undefined : await this.repo.latestPublished(q.label, opts.version);
    if (opts.version !== undefined && !published)
      throw new DomainError('report.version_not_found', { params: { version: opts.version } });
    let content: QuarterlyReport;
    let codeSeed: string;
    if (published) {
      content = {
        ...published.content,
        publication: {
          version: published.version,
          publishedAt: published.publishedAt,
          publishedBy: published.publishedBy,
          inputHash: published.inputHash,
          engineVersion: published.engineVersion,
          changes: published.changes,
        },
      };
      codeSeed = published.codeSeed;
    } else {
      if (opts.draft && viewer.role !== 'projectleider' && viewer.role !== 'beheerder')
        throw new DomainError('report.draft_forbidden');
      // Aggregates over every gemeente, anonymised below for reviewers and gemeenten: computed as the system (row-level security).
      content = { ...(await runAsSystem(() => this.compute(q))), publication: null };
      codeSeed = draftCodeSeed(q.label, this.config.jwtSecret);
    }
    if (viewer.role === 'reviewer' || viewer.role === 'gemeente') {
      // a gemeente user sees its own gemeente by name, the others by code (issue 15)
      return anonymiseReport(content, await this.repo.gemeenteNaming(), codeSeed, {
        ownGemeente: viewer.role === 'gemeente' ? viewer.gemeente : null,
      });
    }
    return content;
  }

  /** Builds the full report (names, no suppression) from the data as of the quarter's end. */
  async compute(q: Quarter): Promise<QuarterlyReportContent> {
    const asOf = q.end < todayIso() ? q.end : todayIso();
    const all = (await this.experiments.list({}, 1000, 0)).items;
    const recentlyEnded = addDays(q.start, -183);
    const included = all.filter(
      (e) =>
        isStartedStatus(e.status) &&
        (!e.start || e.start <= q.end) &&
        (e.status === 'running' || e.status === 'paused' || !e.end || e.end >= recentlyEnded),
    );

    const experiments: ReportExperiment[] = [];
    for (const e of included) {
      const results = await this.results.results(e.key, { asOf, curveDays: CURVE_DAYS });
      const consort = await this.repo.consort(e.key, asOf, e.followUpDays);
      const primary = results.metrics.find((m) => m.primary)!;
      const forest = primary.comparisons.map((c): ForestComparison => ({
        arm: c.arm,
        vs: c.vs,
        gemeenten: primary.byGemeente.map((g) => {
          const t = g.arms.find((a) => a.arm === c.arm)!;
          const k = g.arms.find((a) => a.arm === c.vs)!;
          const cmp = compareProportions(
            { successes: t.events, total: t.complete },
            { successes: k.events, total: k.complete },
          );
          return {
            gemeente: g.gemeente,
            treatment: { events: t.events, complete: t.complete },
            control: { events: k.events, complete: k.complete },
            riskDifference: cmp.riskDifference,
            ci95: cmp.riskDifferenceCi,
          };
        }),
        pooled: { riskDifference: c.stratified.mhRiskDifference, ci95: c.stratified.mhRiskDifferenceCi },
      }));
      const [preRegistration, monitoring] = await Promise.all([
        this.plans.planSummary(e.key),
        this.monitoring.experimentMonitoring(e.key),
      ]);
      experiments.push({
        preRegistration,
        monitoring: monitoring ? reportMonitoring(monitoring) : null,
        plan: {
          key: e.key,
          title: e.title,
          hypothesis: e.hypothesis,
          interventionPhase: e.interventionPhase,
          design: e.design,
          allocation: e.allocation,
          arms: e.arms,
          primaryMetric: e.primaryMetric,
          secondaryMetrics: e.secondaryMetrics,
          followUpDays: e.followUpDays,
          plannedLooks: e.plannedLooks,
          start: e.start ?? null,
          end: e.end ?? null,
          status: e.status,
          plannedPerArm: results.guards.power.plannedPerArm,
        },
        consort: consort.map((r) => ({
          arm: r.arm,
          enrolled: count(r.enrolled),
          complete: count(r.complete),
          gereed: count(r.gereed),
          uitval: count(r.uitval),
          other: count(r.other),
          inProgress: count(r.complete - r.gereed - r.uitval - r.other),
          notYetComplete: count(r.enrolled - r.complete),
        })),
        results,
        forest,
      });
    }

    // Benjamini–Hochberg q-values across every comparison in this report.
    const comps = experiments.flatMap((x) => x.results.metrics.flatMap((m) => m.comparisons));
    const qValues = adjustPValues(
      comps.map((c) => c.fisherPValue),
      'bh',
    );
    comps.forEach((c, i) => {
      c.qValue = qValues[i];
    });

    return {
      report: 'kwartaalreflectie',
      quarter: q.label,
      period: { start: q.start, end: q.end },
      asOf,
      generatedAt: new Date().toISOString(),
      engineVersion: ENGINE_VERSION,
      experiments,
      sector: await this.withContext(q, {
        ...(await this.sector(q)),
        cohortRatios: await this.cohortRatios(q, asOf),
        submissions: allCounts(await this.funnel.sectorFunnel(q.label)),
      }),
      dataQuality: allCounts(await this.dataQuality.forQuarter(q.label)),
      reflections: await this.reflections.forReport(q),
    };
  }

  /** The sector figures with each gemeente's context of the quarter's year beside them (issue 14, item 8). */
  private async withContext(q: Quarter, sector: SectorReport): Promise<SectorReport> {
    return { ...sector, context: await this.gemeenteContext.forReport(Number(q.start.slice(0, 4)), sector.byGemeente) };
  }

  /** The funnel across gemeenten for the quarter, against 2018 and the three previous quarters. */
  private async sector(q: Quarter): Promise<Omit<SectorReport, 'submissions'>> {
    const summarise = (rows: FunnelRow[], phases: UitvalPhaseFlowRow[]): FunnelSummary => {
      const count = (ms: SectorStep) => countOf(rows.filter((r) => r.milestone === ms).reduce((s, r) => s + r.n, 0));
      const t: Record<SectorStep, Count> = {
        aanmelding: count('aanmelding'),
        no_show: count('no_show'),
        intake: count('intake'),
        instroom_stabilisatie: count('instroom_stabilisatie'),
        gereed_voor_schuldregeling: count('gereed_voor_schuldregeling'),
        akkoord_schuldregeling: count('akkoord_schuldregeling'),
        langdurige_stabilisatie: count('langdurige_stabilisatie'),
        informatie_advies: count('informatie_advies'),
        andere_oplossing: count('andere_oplossing'),
        andere_uitstroom: count('andere_uitstroom'),
        uitval: count('uitval'),
      };
      const uitvalByReason: Record<string, Count> = {};
      for (const r of rows.filter((x) => x.milestone === 'uitval'))
        uitvalByReason[r.reason ?? 'onbekend'] = countOf((uitvalByReason[r.reason ?? 'onbekend'] ?? 0) + r.n);
      const share = (a: number, b: number) => (b > 0 ? a / b : null);
      return {
        counts: t,
        uitvalByReason,
        uitvalByPhase: uitvalPhaseCounts(phases),
        shares: {
          intakePerAanmelding: share(t.intake, t.aanmelding),
          gereedPerInstroom: share(t.gereed_voor_schuldregeling, t.instroom_stabilisatie),
          akkoordPerGereed: share(t.akkoord_schuldregeling, t.gereed_voor_schuldregeling),
        },
      };
    };
    const previous = [previousQuarter(q)];
    for (let i = 0; i < 2; i++) previous.unshift(previousQuarter(previous[0]));
    const all = await this.funnel.flows(previous[0].start, q.end);
    const allPhases = await this.funnel.uitvalPhases(previous[0].start, q.end);
    const rows = all.filter((r) => r.quarter === q.label);
    const phases = allPhases.filter((r) => r.quarter === q.label);
    const gemeenten = [...new Set(rows.map((r) => r.gemeente))].sort();
    const trend = previous.map((p) => ({
      quarter: p.label,
      ...summarise(
        all.filter((r) => r.quarter === p.label),
        allPhases.filter((r) => r.quarter === p.label),
      ),
    }));
    return {
      note: SECTOR_FLOW_NOTE,
      total: summarise(rows, phases),
      byGemeente: gemeenten.map((g) => ({
        gemeente: g,
        ...summarise(
          rows.filter((r) => r.gemeente === g),
          phases.filter((r) => r.gemeente === g),
        ),
      })),
      reference2018: REFERENCE_2018,
      trend,
    };
  }

  /**
   * The study's three ratios for the entry cohort of the quarter (one year earlier), followed
   * until asOf (libs/domain cohort.ts); gemeenten that submitted quarterly totals from the entry
   * quarter on have no cohort.
   */
  private async cohortRatios(q: Quarter, asOf: string): Promise<CohortRatios> {
    const cohort = cohortQuarterOf(q);
    const rows = {} as Record<SectorShare, CohortRow[]>;
    for (const ratio of COHORT_RATIOS) {
      const { from, to } = COHORT_RATIO_STEPS[ratio];
      rows[ratio] = await this.funnel.cohort(from, to, cohortCompetingEnds(ratio), cohort.start, cohort.end, asOf);
    }
    const aggregateOnly = await this.funnel.aggregateGemeenten(cohort.label, q.label);
    return cohortRatios({ cohort, asOf, rows, aggregateOnly });
  }

  /**
   * Publishes the report: a new numbered version with the hash of its input facts and the engine
   * version, and what changed since the previous version. Later reads return it unchanged.
   */
  async publish(actor: AuthUser, label: string) {
    const q = this.quarterOrThrow(label);
    const content = await this.compute(q);
    const fingerprint = await this.repo.inputFingerprint(content.asOf);
    const inputHash = createHash('sha256')
      .update(canonicalJson({ fingerprint, statistics: stripVolatile(content) }))
      .digest('hex');
    const published = await this.repo.transaction(async (m) => {
      const prev = await this.repo.lockLatestVersion(m, q.label);
      const version = (prev?.version ?? 0) + 1;
      const changes = prev ? diffReports(prev.content, content) : [];
      await this.repo.insertVersion(m, {
        quarter: q.label,
        version,
        publishedBy: actor.username,
        inputHash,
        engineVersion: ENGINE_VERSION,
        codeSeed: randomBytes(16).toString('hex'),
        changes,
        content,
      });
      await this.audit.record(m, {
        actor: actor.username,
        action: 'publish',
        entity: 'report',
        entityId: `${q.label}/v${version}`,
        after: { inputHash, engineVersion: ENGINE_VERSION, changes },
      });
      return { quarter: q.label, version, inputHash, engineVersion: ENGINE_VERSION, changes };
    });
    // after the commit, in the background: mail never blocks or fails a publication
    this.mail.reportPublished(q.label, published.version).catch((e: Error) => this.mailFailed(e));
    return published;
  }

  private mailFailed(e: Error): void {
    new Logger('Mail').error(`Could not prepare the report mail: ${e.message}`);
  }

  versions(label: string) {
    return this.repo.versions(this.quarterOrThrow(label).label);
  }

  /** Stores a draft (the scheduled job after each quarter, or `npm run lab -- report 2027-Q1`). */
  async draft(label: string, actor = 'system') {
    const q = this.quarterOrThrow(label);
    const content = await this.compute(q);
    const inputHash = createHash('sha256')
      .update(canonicalJson(stripVolatile(content)))
      .digest('hex');
    await this.repo.saveDraft(q.label, actor, inputHash, content);
    await this.audit.record(null, {
      actor,
      action: 'draft',
      entity: 'report',
      entityId: q.label,
      after: { inputHash },
    });
    this.mail.reportDrafted(q.label).catch((e: Error) => this.mailFailed(e));
    return { quarter: q.label, inputHash, experiments: content.experiments.length };
  }
}

function stripVolatile(content: QuarterlyReportContent): Omit<QuarterlyReportContent, 'generatedAt'> {
  const { generatedAt: _g, ...rest } = content;
  return rest;
}

/** The key numbers that changed between two versions: per experiment, metric and arm. */
export function diffReports(before: QuarterlyReportContent, after: QuarterlyReportContent): ReportChange[] {
  const counts = new Set<string>();
  const flat = (r: QuarterlyReportContent) => {
    const out = new Map<string, unknown>();
    for (const e of r.experiments ?? []) {
      for (const m of e.results.metrics) {
        for (const a of m.arms) {
          for (const f of ARM_COUNT_FIELDS) {
            out.set(`${e.plan.key}.${m.metric}.${a.arm}.${f}`, a[f]);
            counts.add(`${e.plan.key}.${m.metric}.${a.arm}.${f}`);
          }
          out.set(`${e.plan.key}.${m.metric}.${a.arm}.rate`, a.rate);
        }
        for (const c of m.comparisons)
          for (const f of ['riskDifference', 'fisherPValue'] as const)
            out.set(`${e.plan.key}.${m.metric}.${c.arm}-vs-${c.vs}.${f}`, c[f]);
      }
    }
    for (const [k, v] of Object.entries(r.sector?.total?.counts ?? {})) {
      out.set(`sector.${k}`, v);
      counts.add(`sector.${k}`);
    }
    // the study's ratios per cohort (issue 14): late facts change them between versions
    for (const c of r.sector?.cohortRatios?.ratios ?? []) {
      for (const f of ['n', 'events'] as const) {
        out.set(`cohort.${c.ratio}.${f}`, c.total[f]);
        counts.add(`cohort.${c.ratio}.${f}`);
      }
      out.set(`cohort.${c.ratio}.estimate`, c.total.estimate);
    }
    return out;
  };
  const a = flat(before);
  const b = flat(after);
  const keys = [...new Set([...a.keys(), ...b.keys()])].sort();
  return keys
    .filter((k) => JSON.stringify(a.get(k)) !== JSON.stringify(b.get(k)))
    .map((k): ReportChange => {
      const change = { path: k, before: a.get(k) ?? null, after: b.get(k) ?? null };
      return counts.has(k)
        ? { ...change, kind: 'count', before: change.before as Count | null, after: change.after as Count | null }
        : { ...change, kind: 'figure' };
    });
}

const countOf = count;

/** The enrolment monitoring as the report holds it: the enrolled numbers marked as counts. */
function reportMonitoring(m: ExperimentMonitoring): ReportMonitoring {
  const counts = (c: Record<string, number>) => Object.fromEntries(Object.entries(c).map(([k, v]) => [k, count(v)]));
  return {
    ...m,
    enrolled: count(m.enrolled),
    counts: counts(m.counts),
    strata: m.strata.map((x) => ({ ...x, enrolled: count(x.enrolled), counts: counts(x.counts) })),
  };
}
