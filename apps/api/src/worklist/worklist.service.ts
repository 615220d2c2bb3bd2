import { Injectable } from '@nestjs/common';
import {
  CLIENT_LINK_ANSWER_DAYS,
  csvField,
  daysBetween,
  DEFAULT_EXPECTED_PACE_DAYS,
  DomainError,
  dutchDate,
  INTAKE_ANSWERS,
  INTAKE_CLOCK_STARTS,
  MILESTONE_LABELS,
  NVVK_INTAKE_DAYS,
  PACE_STOPS,
  PACED_EXPERIMENT_STATUSES,
  PHASE_LABELS,
  PHASE_OPENINGS,
  PLATFORM_TIME_ZONE,
  REOPENING_MILESTONE,
  todayIso,
  WORKLIST_ENDS,
  WORKLIST_REASON_LABELS,
  WORKLIST_REASONS,
  worklistText,
  type WorklistReason,
  type WorklistResult,
  type WorklistRow,
} from '@living-lab/domain';
import { scopedGemeente, type AuthUser } from '../common/auth-user';
import { GemeentenRepository } from '../gemeenten/gemeenten.repository';
import { WorklistRepository } from './worklist.repository';

/** The columns of the CSV export: Dutch headers, one per field a spreadsheet user needs. */
const CSV_COLUMNS: [string, (r: WorklistRow) => unknown][] = [
  ['Gemeente', (r) => r.gemeente],
  ['Deelnemer', (r) => r.participantRef],
  ['Reden', (r) => WORKLIST_REASON_LABELS[r.reason]],
  ['Sinds', (r) => dutchDate(r.since)],
  ['Dagen', (r) => r.days],
  ['Fase', (r) => (r.phase ? PHASE_LABELS[r.phase] : '')],
  ['Experiment', (r) => r.experiment ?? ''],
  ['Laatste stap', (r) => (r.lastMilestone ? MILESTONE_LABELS[r.lastMilestone] : '')],
  ['Toelichting', (r) => r.text],
];

/**
 * The worklist (issue 16): which participants of a gemeente need something, why and since when.
 * A gemeente user gets their own gemeente; a beheerder one gemeente (`gemeente`) or all.
 */
@Injectable()
export class WorklistService {
  constructor(
    private readonly repo: WorklistRepository,
    private readonly gemeenten: GemeentenRepository,
  ) {}

  async list(user: AuthUser, requested?: string, today = todayIso()): Promise<WorklistResult> {
    const gemeente = scopedGemeente(user, requested || undefined);
    if (gemeente && !(await this.gemeenten.exists(gemeente)))
      throw new DomainError('gemeente.not_found', { params: { gemeente }, field: 'gemeente' });
    const facts = await this.repo.facts(gemeente ?? null, {
      today,
      timeZone: PLATFORM_TIME_ZONE,
      defaultPaceDays: DEFAULT_EXPECTED_PACE_DAYS,
      linkAnswerDays: CLIENT_LINK_ANSWER_DAYS,
      intakeDays: NVVK_INTAKE_DAYS,
      pacedStatuses: PACED_EXPERIMENT_STATUSES,
      ends: WORKLIST_ENDS,
      reopening: REOPENING_MILESTONE,
      paceStops: PACE_STOPS,
      intakeClockStarts: INTAKE_CLOCK_STARTS,
      intakeAnswers: INTAKE_ANSWERS,
      phases: PHASE_OPENINGS,
    });
    const rows = facts.map((f) => {
      const row: Omit<WorklistRow, 'text'> = {
        gemeente: f.gemeente,
        participantRef: f.participantRef,
        reason: f.reason,
        since: f.since,
        days: daysBetween(f.since, today),
        limitDays: f.limitDays,
        ...(f.experiment ? { experiment: f.experiment } : {}),
        ...(f.phase ? { phase: f.phase } : {}),
        ...(f.lastMilestone ? { lastMilestone: f.lastMilestone } : {}),
      };
      return { ...row, text: worklistText(row) };
    });
    const byReason = Object.fromEntries(WORKLIST_REASONS.map((r) => [r, 0])) as Record<WorklistReason, number>;
    for (const r of rows) byReason[r.reason]++;
    return { asOf: today, ...(gemeente ? { gemeente } : {}), total: rows.length, byReason, rows };
  }

  /** The list as CSV: `;` separated, Dutch headers, every text cell spreadsheet-safe, with a BOM for Excel. */
  toCsv(list: WorklistResult): string {
    const line = (cells: unknown[]) => cells.map((c) => csvField(c, ';')).join(';');
    return `\ufeff${[line(CSV_COLUMNS.map(([h]) => h)), ...list.rows.map((r) => line(CSV_COLUMNS.map(([, f]) => f(r))))].join('\r\n')}\r\n`;
  }
}
