import { Injectable } from '@nestjs/common';
import { runAsSystem } from '@living-lab/db';
import {
  addDays,
  ENROLMENT_PACE_WINDOW_DAYS,
  expectedReachDate,
  nextLook,
  nextReport,
  OVERVIEW_RECENT,
  PACED_EXPERIMENT_STATUSES,
  quarterOf,
  todayIso,
  type Overview,
  type OverviewExperiment,
} from '@living-lab/domain';
import { sampleSizeTwoProportions } from '@living-lab/stats';
import type { AuthUser } from '../common/auth-user';
import { DataQualityService } from '../data-quality/data-quality.service';
import { WorklistService } from '../worklist/worklist.service';
import { OverviewRepository, type ExperimentRow } from './overview.repository';

/**
 * The size the power calculation asks for (alpha 0.05, power 0.8, as the results' power guard):
 * the largest control group any treatment arm needs plus every treatment arm. Null without a
 * baseline and effect.
 */
export function powerSize(e: ExperimentRow): number | null {
  const control = e.arms.find((a) => a.control);
  const others = e.arms.filter((a) => !a.control);
  if (e.expectedBaseline === null || e.minimumEffect === null || !control || !others.length) return null;
  try {
    const sizes = others.map((a) =>
      sampleSizeTwoProportions({
        baseline: e.expectedBaseline!,
        effect: e.minimumEffect!,
        alpha: 0.05,
        power: 0.8,
        ratio: a.weight / control.weight,
      }),
    );
    return Math.max(...sizes.map((n) => Math.ceil(n.control))) + sizes.reduce((s, n) => s + Math.ceil(n.treatment), 0);
  } catch {
    return null;
  }
}

/**
 * The start page per role (issue 16). Everyone: running experiments with enrolment against the
 * planned size and when it is reached at the recent pace, the next look and report, published
 * reports; a gemeente its worklist count. Reviewers get aggregates only (no data quality per
 * gemeente, no imports, no worklist).
 */
@Injectable()
export class OverviewService {
  constructor(
    private readonly repo: OverviewRepository,
    private readonly quality: DataQualityService,
    private readonly worklist: WorklistService,
  ) {}

  async get(user: AuthUser, today = todayIso()): Promise<Overview> {
    const own = user.role === 'gemeente' ? user.gemeente : null;
    const since = addDays(today, -ENROLMENT_PACE_WINDOW_DAYS + 1);
    const rows = await this.repo.experiments(PACED_EXPERIMENT_STATUSES, own);
    const keys = rows.map((r) => r.key);
    // Totals are aggregates over every gemeente (as in the quarterly report), counted in the system context.
    const totals = await runAsSystem(() => this.repo.enrolmentCounts(keys, since, null));
    const owns = own ? await this.repo.enrolmentCounts(keys, since, own) : null;
    const experiments = rows.map((r): OverviewExperiment => {
      const c = totals.get(r.key) ?? { total: 0, recent: 0 };
      const fromPower = r.plannedSize === null ? powerSize(r) : null;
      const planned = r.plannedSize ?? fromPower;
      return {
        key: r.key,
        title: r.title,
        status: r.status,
        start: r.start,
        end: r.end,
        enrolled: c.total,
        ...(owns ? { enrolledOwn: owns.get(r.key)?.total ?? 0 } : {}),
        plannedSize: planned,
        plannedSizeFrom: r.plannedSize !== null ? 'plan' : fromPower !== null ? 'power' : null,
        enrolledRecently: c.recent,
        expectedReachOn: expectedReachDate(c.total, planned, c.recent, today),
        reached: planned !== null && c.total >= planned,
        nextLook: nextLook(r.start, r.end, r.plannedLooks, today),
      };
    });
    const overview: Overview = {
      role: user.role,
      ...(own ? { gemeente: own } : {}),
      asOf: today,
      experiments,
      nextReport: nextReport(today),
      reportsPublished: await this.repo.reportsPublished(OVERVIEW_RECENT),
    };
    if (user.role !== 'gemeente') overview.reflectionsToReview = await this.repo.reflectionsToReview(OVERVIEW_RECENT);
    if (user.role === 'reviewer') return overview;
    if (user.role === 'projectleider' || user.role === 'beheerder')
      overview.reportsToPublish = await this.repo.reportsToPublish(OVERVIEW_RECENT);
    const quarter = quarterOf(today).label;
    const pictures = own
      ? [await this.quality.forGemeenteQuarter(own, quarter, today)]
      : await this.quality.forQuarter(quarter, today);
    overview.dataQuality = {
      quarter,
      gemeenten: pictures.map((p) => ({
        gemeente: p.gemeente,
        score: p.completenessScore,
        problems: p.warnings.length,
      })),
    };
    overview.imports = await this.repo.imports(own, OVERVIEW_RECENT);
    // The worklist count of the gemeente only: every gemeente's list at once takes seconds at
    // national scale (bench:worklist), too long for a start page; a beheerder opens the worklist.
    if (user.role === 'gemeente') {
      const w = await this.worklist.list(user, undefined, today);
      overview.worklist = { total: w.total, byReason: w.byReason };
    }
    return overview;
  }
}
