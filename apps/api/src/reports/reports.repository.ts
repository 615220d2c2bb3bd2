import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { QuarterlyReport, QuarterlyReportContent, ReportChange } from '@living-lab/domain';
import type { GemeenteNaming } from './report-anonymise';

export interface ConsortRow {
  arm: string;
  enrolled: number;
  complete: number;
  gereed: number;
  uitval: number;
  other: number;
}

export type { FunnelFlowRow as FunnelRow } from '../funnel/funnel.repository';

export interface StoredReport {
  quarter: string;
  version: number;
  publishedAt: string;
  publishedBy: string;
  inputHash: string;
  engineVersion: string;
  codeSeed: string;
  changes: ReportChange[];
  content: QuarterlyReportContent;
}

@Injectable()
export class ReportsRepository {
  constructor(private readonly ds: DataSource) {}

  /**
   * CONSORT-style flow of one experiment: enrolled (on or before asOf), complete follow-up, and
   * among those the first terminal outcome within the window (gereed / uitval / other); the rest
   * is still in progress.
   */
  consort(experiment: string, asOf: string, followUpDays: number): Promise<ConsortRow[]> {
    return this.ds.query(
      `SELECT s.arm_key AS arm, count(*)::int AS enrolled,
              count(*) FILTER (WHERE c.complete)::int AS complete,
              count(*) FILTER (WHERE c.complete AND c.in_window AND s.terminal_cause = 1)::int AS gereed,
              count(*) FILTER (WHERE c.complete AND c.in_window AND s.terminal_cause = 2)::int AS uitval,
              count(*) FILTER (WHERE c.complete AND c.in_window AND s.terminal_cause = 3)::int AS other
       FROM enrolment_summary s
       CROSS JOIN LATERAL (SELECT s.enrolled_on <= $2::date - $3::int AS complete,
                                  s.terminal_on <= s.enrolled_on + $3::int AS in_window) c
       WHERE s.experiment_key = $1 AND s.enrolled_on <= $2::date
       GROUP BY s.arm_key ORDER BY s.arm_key`,
      [experiment, asOf, followUpDays],
    );
  }

  /** A fingerprint of every fact a report on [.., asOf] reads: counts and latest ids per table. */
  async inputFingerprint(asOf: string): Promise<Record<string, unknown>> {
    const [row] = await this.ds.query(
      `SELECT (SELECT count(*) FROM milestone_event WHERE occurred_on <= $1::date)::int AS events,
              (SELECT coalesce(max(id), 0) FROM milestone_event WHERE occurred_on <= $1::date)::text AS last_event,
              (SELECT count(*) FROM enrolment WHERE enrolled_on <= $1::date)::int AS enrolments,
              (SELECT coalesce(max(id), 0) FROM enrolment WHERE enrolled_on <= $1::date)::text AS last_enrolment,
              (SELECT count(*) FROM beleving_score WHERE measured_on <= $1::date)::int AS scores,
              (SELECT coalesce(max(id), 0) FROM beleving_score WHERE measured_on <= $1::date)::text AS last_score`,
      [asOf],
    );
    return row;
  }

  async latestPublished(quarter: string, version?: number): Promise<StoredReport | undefined> {
    const rows = await this.ds.query(
      `SELECT quarter, version, published_at AS "publishedAt", published_by AS "publishedBy", input_hash AS "inputHash",
              engine_version AS "engineVersion", code_seed AS "codeSeed", changes, content
       FROM report_version WHERE quarter = $1 AND ($2::int IS NULL OR version = $2) ORDER BY version DESC LIMIT 1`,
      [quarter, version ?? null],
    );
    return rows[0];
  }

  /** How each gemeente appears in a reviewer's view: by letter code unless it consented to its name. */
  gemeenteNaming(): Promise<GemeenteNaming[]> {
    return this.ds.query('SELECT code, naam, consent_named FROM gemeente');
  }

  transaction<T>(work: (m: EntityManager) => Promise<T>): Promise<T> {
    return this.ds.transaction(work);
  }

  /**
   * Takes the quarter's publication lock (until the transaction ends, so versions are numbered
   * one by one) and returns the latest published version, if any.
   */
  async lockLatestVersion(
    m: EntityManager,
    quarter: string,
  ): Promise<{ version: number; content: QuarterlyReportContent } | undefined> {
    await m.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`report:${quarter}`]);
    const [prev] = await m.query(
      'SELECT version, content FROM report_version WHERE quarter = $1 ORDER BY version DESC LIMIT 1',
      [quarter],
    );
    return prev;
  }

  async insertVersion(
    m: EntityManager,
    v: Omit<StoredReport, 'publishedAt' | 'content'> & { content: QuarterlyReportContent },
  ): Promise<void> {
    await m.query(
      `INSERT INTO report_version (quarter, version, published_by, input_hash, engine_version, code_seed, changes, content)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [
        v.quarter,
        v.version,
        v.publishedBy,
        v.inputHash,
        v.engineVersion,
        v.codeSeed,
        JSON.stringify(v.changes),
        JSON.stringify(v.content),
      ],
    );
  }

  /** Stores (or replaces) the quarter's draft. */
  async saveDraft(quarter: string, actor: string, inputHash: string, content: QuarterlyReportContent): Promise<void> {
    await this.ds.query(
      `INSERT INTO report_draft (quarter, drafted_by, input_hash, content) VALUES ($1, $2, $3, $4)
       ON CONFLICT (quarter) DO UPDATE SET drafted_at = now(), drafted_by = excluded.drafted_by, input_hash = excluded.input_hash, content = excluded.content`,
      [quarter, actor, inputHash, JSON.stringify(content)],
    );
  }

  async hasDraft(quarter: string): Promise<boolean> {
    const rows = await this.ds.query('SELECT 1 FROM report_draft WHERE quarter = $1', [quarter]);
    return rows.length > 0;
  }

  async versions(quarter: string): Promise<Omit<StoredReport, 'quarter' | 'codeSeed' | 'content'>[]> {
    return this.ds.query(
      `SELECT version, published_at AS "publishedAt", published_by AS "publishedBy", input_hash AS "inputHash",
              engine_version AS "engineVersion", changes
       FROM report_version WHERE quarter = $1 ORDER BY version`,
      [quarter],
    );
  }

  /** The stored draft of a quarter (the CLI writes it as HTML, PDF or XLSX). */
  async draftContent(quarter: string): Promise<QuarterlyReport | undefined> {
    const rows: { content: QuarterlyReportContent }[] = await this.ds.query(
      'SELECT content FROM report_draft WHERE quarter = $1',
      [quarter],
    );
    return rows[0] && { ...rows[0].content, publication: null };
  }
}
