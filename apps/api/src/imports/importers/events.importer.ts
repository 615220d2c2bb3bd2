import { Injectable } from '@nestjs/common';
import { MILESTONES, UITVAL_REASONS, parseDate, todayIso } from '@living-lab/domain';
import { looksLikeBsn, PARTICIPANT_REF } from '../../common/validators';
import {
  column,
  ColumnVerdicts,
  privacyOk,
  RowReader,
  SLOW,
  type ColumnSpec,
  type Header,
  type ProblemList,
} from '../import-format';
import type { ImportContext, ImportCounts, Importer } from '../importer';
import { ImportsRepository } from '../imports.repository';
import { applyStaged, copyRows, copyValue, type RowEncoder, type StagedRows } from './staged-copy';

export interface EventRow {
  row: number;
  gemeente: string;
  ref: string;
  milestone: string;
  occurredOn: string;
  reason: string | null;
}

/** The checks of one events row on its own (docs/formats.md, `events`). */
export function eventRow(r: RowReader, today = todayIso()): EventRow | null {
  const gemeente = r.gemeente();
  const ref = r.participantRef();
  const milestone = r.code('milestone', MILESTONES, 'mijlpaal', true);
  const occurredOn = r.date('occurred_on', today);
  const reason = r.code('reason', UITVAL_REASONS, 'reden van uitval', false);
  if (milestone === 'uitval' && reason === undefined)
    r.problem('reason', '', `Geef bij uitval de reden: ${UITVAL_REASONS.join(', ')}.`);
  if (milestone && milestone !== 'uitval' && reason)
    r.problem('reason', r.get('reason'), 'Een reden hoort alleen bij uitval. Laat deze cel leeg.');
  if (r.problems.length || !gemeente || !ref || !milestone || !occurredOn || reason === null) return null;
  return { row: r.row, gemeente, ref, milestone, occurredOn, reason: reason ?? null };
}

/**
 * The fast path of an events row: the row's COPY line (rn, gemeente, ref, milestone, ISO date,
 * reason or \N) when every check of `eventRow` (privacy guard, row width and cell checks
 * included) passes, else null — then the row goes through RowReader and eventRow, which say what
 * is wrong. So the fast path never accepts what the full checks refuse; it only skips building
 * problems for rows that have none. Values on the fast path are codes, references and ISO dates
 * (no control characters, none longer than a cell may be): nothing to escape.
 */
export class FastEventRows {
  private readonly width: number;
  private readonly at: { gemeente: number; ref: number; milestone: number; date: number; reason: number | undefined };
  private readonly gemeenten: ColumnVerdicts;
  private readonly milestones: ColumnVerdicts;
  private readonly dates: ColumnVerdicts;
  private readonly reasons: ColumnVerdicts;
  private readonly refs: ColumnVerdicts;
  /** The gemeente of the last accepted row. */
  gemeente = '';

  constructor(header: Header, today: string) {
    this.width = header.width;
    const i = header.index;
    this.at = {
      gemeente: i.gemeente,
      ref: i.participant_ref,
      milestone: i.milestone,
      date: i.occurred_on,
      reason: i.reason,
    };
    this.gemeenten = new ColumnVerdicts((raw) => {
      const code = raw.trim().toLowerCase();
      return privacyOk(raw) && /^[a-z0-9-]{1,40}$/.test(code) ? code : SLOW;
    });
    this.milestones = new ColumnVerdicts((raw) => {
      const code = raw.trim().toLowerCase();
      return privacyOk(raw) && (MILESTONES as readonly string[]).includes(code) ? code : SLOW;
    });
    this.dates = new ColumnVerdicts((raw) => {
      const t = raw.trim();
      const d = t === '' || t.length > 10 ? null : parseDate(t);
      return privacyOk(raw) && d !== null && d <= today ? d : SLOW;
    });
    this.reasons = new ColumnVerdicts((raw) => {
      const code = raw.trim().toLowerCase();
      if (code === '') return raw === '' ? null : SLOW;
      return privacyOk(raw) && (UITVAL_REASONS as readonly string[]).includes(code) ? code : SLOW;
    });
    // References hardly repeat except on consecutive rows: only the last one is worth keeping.
    this.refs = new ColumnVerdicts((raw) => {
      const t = raw.trim();
      return t !== '' && privacyOk(raw) && !looksLikeBsn(t) && PARTICIPANT_REF.test(t) ? t : SLOW;
    }, 1);
  }

  line(row: number, cells: string[]): string | null {
    for (let i = this.width; i < cells.length; i++) if (cells[i] !== '') return null;
    const gemeente = this.gemeenten.get(cells[this.at.gemeente]);
    if (gemeente === SLOW || gemeente === null) return null;
    const milestone = this.milestones.get(cells[this.at.milestone]);
    if (milestone === SLOW || milestone === null) return null;
    const date = this.dates.get(cells[this.at.date]);
    if (date === SLOW || date === null) return null;
    const reason = this.at.reason === undefined ? null : this.reasons.get(cells[this.at.reason]);
    if (reason === SLOW || (milestone === 'uitval') !== (reason !== null)) return null;
    const ref = this.refs.get(cells[this.at.ref]);
    if (ref === SLOW || ref === null) return null;
    this.gemeente = gemeente;
    return `${row}\t${gemeente}\t${ref}\t${milestone}\t${date}\t${reason ?? '\\N'}\n`;
  }
}

/** Events rows as COPY lines: the fast path, else the full checks (which report the problems). */
class EventEncoder implements RowEncoder {
  private readonly fast: FastEventRows;
  gemeente = '';
  constructor(
    private readonly header: Header,
    private readonly today: string,
    private readonly problems: ProblemList,
  ) {
    this.fast = new FastEventRows(header, today);
  }

  line(row: number, cells: string[]): string | null {
    const fast = this.fast.line(row, cells);
    if (fast !== null) {
      this.gemeente = this.fast.gemeente;
      return fast;
    }
    const r = new RowReader(this.header, row, cells);
    const e = eventRow(r, this.today);
    if (!e) {
      this.problems.add(r.problems);
      return null;
    }
    this.gemeente = e.gemeente;
    return `${row}\t${copyValue(e.gemeente)}\t${copyValue(e.ref)}\t${e.milestone}\t${e.occurredOn}\t${copyValue(e.reason)}\n`;
  }
}

/**
 * `events`: rows checked one by one (a fast path with per-column verdict caches), streamed by
 * COPY into a temp table, then checked and written set-based in SQL (imports.repository.ts).
 */
@Injectable()
export class EventsImporter implements Importer<StagedRows> {
  readonly kind = 'events';
  readonly columns: readonly ColumnSpec[] = [
    column('gemeente', true),
    column('participant_ref', true),
    column('milestone', true),
    column('occurred_on', true),
    column('reason', false),
  ];

  constructor(private readonly repo: ImportsRepository) {}

  async stage(ctx: ImportContext): Promise<StagedRows> {
    await this.repo.createEventStage(ctx.m);
    return copyRows(ctx, this.repo, new EventEncoder(ctx.header, ctx.today, ctx.problems));
  }

  apply(ctx: ImportContext, staged: StagedRows): Promise<ImportCounts> {
    return applyStaged(
      ctx,
      this.repo,
      staged,
      (m, limit) => this.repo.eventConflicts(m, limit),
      (m, userId) => this.repo.insertEvents(m, userId),
    );
  }
}
