import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { OverviewImport } from '@living-lab/domain';

export interface ExperimentRow {
  key: string;
  title: string;
  status: string;
  start: string | null;
  end: string | null;
  plannedLooks: number;
  plannedSize: number | null;
  expectedBaseline: number | null;
  minimumEffect: number | null;
  arms: { key: string; weight: number; control: boolean }[];
}

@Injectable()
export class OverviewRepository {
  constructor(private readonly ds: DataSource) {}

  /** Experiments in one of `statuses`, those of one gemeente when given, by title. */
  async experiments(statuses: readonly string[], gemeente: string | null): Promise<ExperimentRow[]> {
    return this.ds.query(
      `SELECT e.key, e.title, e.status, to_char(e.start_date, 'YYYY-MM-DD') AS start, to_char(e.end_date, 'YYYY-MM-DD') AS "end",
              e.planned_looks AS "plannedLooks", (e.design_options ->> 'plannedSize')::int AS "plannedSize",
              e.expected_baseline AS "expectedBaseline", e.minimum_effect AS "minimumEffect",
              (SELECT json_agg(json_build_object('key', a.key, 'weight', a.weight, 'control', a.is_control) ORDER BY a.position)
                 FROM experiment_arm a WHERE a.experiment_key = e.key) AS arms
       FROM experiment e
       WHERE e.status = ANY ($1::text[])
         AND ($2::text IS NULL OR EXISTS (SELECT 1 FROM experiment_gemeente g WHERE g.experiment_key = e.key AND g.gemeente_code = $2))
       ORDER BY e.title, e.key`,
      [[...statuses], gemeente],
    );
  }

  /**
   * Enrolments per experiment, in all and since `since`: whatever the caller's row-level security
   * lets it count (the service asks in the system context for the totals, which are aggregates).
   */
  async enrolmentCounts(
    keys: string[],
    since: string,
    gemeente: string | null,
  ): Promise<Map<string, { total: number; recent: number }>> {
    const rows: { key: string; total: number; recent: number }[] = await this.ds.query(
      `SELECT n.experiment_key AS key, count(*)::int AS total, count(*) FILTER (WHERE n.enrolled_on >= $2)::int AS recent
       FROM enrolment n JOIN participant p ON p.id = n.participant_id
       WHERE n.experiment_key = ANY ($1::text[]) AND ($3::text IS NULL OR p.gemeente_code = $3)
       GROUP BY n.experiment_key`,
      [keys, since, gemeente],
    );
    return new Map(rows.map((r) => [r.key, { total: r.total, recent: r.recent }]));
  }

  /** The latest imports (not the trial runs) the caller may see, newest first. */
  async imports(gemeente: string | null, limit: number): Promise<OverviewImport[]> {
    return this.ds.query(
      `SELECT kind, file_name AS "fileName", status, rows_read AS rows, error_count AS errors, created_at AS "createdAt",
              created_by_name AS by, gemeente_code AS gemeente
       FROM import_job WHERE NOT dry_run AND ($1::text IS NULL OR gemeente_code = $1)
       ORDER BY created_at DESC LIMIT $2`,
      [gemeente, limit],
    );
  }

  /** Quarterly drafts that no published version holds yet (none, or drafted from other data). */
  async reportsToPublish(limit: number): Promise<{ quarter: string; draftedAt: string }[]> {
    return this.ds.query(
      `SELECT d.quarter, d.drafted_at AS "draftedAt" FROM report_draft d
       WHERE NOT EXISTS (SELECT 1 FROM report_version v WHERE v.quarter = d.quarter AND v.input_hash = d.input_hash)
       ORDER BY d.quarter DESC LIMIT $1`,
      [limit],
    );
  }

  /** Quarters with reflections changed after the quarter's last publication (or never published): open for comments. */
  async reflectionsToReview(limit: number): Promise<{ quarter: string; subjects: number; updatedAt: string }[]> {
    return this.ds.query(
      `SELECT r.quarter, count(*)::int AS subjects, max(r.updated_at) AS "updatedAt" FROM reflection r
       WHERE NOT EXISTS (SELECT 1 FROM report_version v WHERE v.quarter = r.quarter AND v.published_at >= r.updated_at)
       GROUP BY r.quarter ORDER BY r.quarter DESC LIMIT $1`,
      [limit],
    );
  }

  /** The latest version of the most recent published quarters. */
  async reportsPublished(limit: number): Promise<{ quarter: string; version: number; publishedAt: string }[]> {
    return this.ds.query(
      `SELECT DISTINCT ON (quarter) quarter, version, published_at AS "publishedAt" FROM report_version
       ORDER BY quarter DESC, version DESC LIMIT $1`,
      [limit],
    );
  }
}
