import { ForbiddenException, HttpException, Injectable } from '@nestjs/common';
import { AANMELDROUTES, DomainError, KLANTPROFIELEN, SEGMENTS, todayIso, type ErrorCode } from '@living-lab/domain';
import { EnrolmentService } from '../../enrolment/enrolment.service';
import { column, foreignGemeente, RowReader, type ColumnSpec, type ImportProblem } from '../import-format';
import type { ImportContext, ImportCounts, Importer } from '../importer';
import { ImportsRepository } from '../imports.repository';

export interface EnrolmentRow {
  row: number;
  experiment: string;
  gemeente: string;
  participantRef: string;
  enrolledOn: string;
  arm?: string;
  klantprofiel?: string;
  segment?: string;
  aanmeldroute?: string;
}

/** The checks of one enrolments row on its own (docs/formats.md, `enrolments`). */
export function enrolmentRow(r: RowReader, today = todayIso()): EnrolmentRow | null {
  const experiment = r.required('experiment')?.toLowerCase();
  const gemeente = r.gemeente();
  const participantRef = r.participantRef();
  const enrolledOn = r.date('enrolled_on', today);
  const arm = r.has('arm') ? r.get('arm').toLowerCase() : undefined;
  const klantprofiel = r.code('klantprofiel', KLANTPROFIELEN, 'klantprofiel', false);
  const segment = r.code('segment', SEGMENTS, 'segment', false);
  const aanmeldroute = r.code('aanmeldroute', AANMELDROUTES, 'aanmeldroute', false);
  if (
    r.problems.length ||
    !experiment ||
    !gemeente ||
    !participantRef ||
    !enrolledOn ||
    klantprofiel === null ||
    segment === null ||
    aanmeldroute === null
  )
    return null;
  return { row: r.row, experiment, gemeente, participantRef, enrolledOn, arm, klantprofiel, segment, aanmeldroute };
}

/** The API's field names (EnrolDto) as the file's columns. */
const FIELD_COLUMN: Readonly<Record<string, string>> = {
  gemeente: 'gemeente',
  participantRef: 'participant_ref',
  enrolledOn: 'enrolled_on',
  arm: 'arm',
  klantprofiel: 'klantprofiel',
  segment: 'segment',
  aanmeldroute: 'aanmeldroute',
  experiment: 'experiment',
};

/** Coded errors without a field, by the column they are about. */
const CODE_COLUMN: Partial<Record<ErrorCode, string>> = {
  'auth.other_gemeente': 'gemeente',
  'gemeente.not_found': 'gemeente',
  'experiment.not_found': 'experiment',
};

/**
 * An error of the enrolment rules as row problems: a coded error's field (or its code) names the
 * column; an error without either is about the experiment. Other errors are not the row's fault.
 */
export function enrolmentProblems(err: unknown, e: EnrolmentRow): ImportProblem[] {
  const values: Readonly<Record<string, string | undefined>> = {
    experiment: e.experiment,
    gemeente: e.gemeente,
    participant_ref: e.participantRef,
    enrolled_on: e.enrolledOn,
    arm: e.arm,
    klantprofiel: e.klantprofiel,
    segment: e.segment,
    aanmeldroute: e.aanmeldroute,
  };
  const at = (field: string | undefined, message: string): ImportProblem => {
    const col = field === undefined ? 'experiment' : (FIELD_COLUMN[field] ?? field);
    return { row: e.row, column: col, value: values[col] ?? null, message };
  };
  if (err instanceof DomainError) {
    if (err.problems.length) return err.problems.map((p) => at(p.field, p.message));
    if (err.kind === 'forbidden') return [foreignGemeente(e.row, e.gemeente, null)];
    return [at(err.field ?? CODE_COLUMN[err.code], err.message)];
  }
  if (err instanceof ForbiddenException) return [foreignGemeente(e.row, e.gemeente, null)];
  if (err instanceof HttpException) {
    const body = err.getResponse();
    const message =
      typeof body === 'string'
        ? body
        : String((body as { message?: unknown }).message ?? 'Deze rij kan niet worden verwerkt.');
    return [at(undefined, message)];
  }
  throw err;
}

/**
 * `enrolments`: every row through the API's own enrolment rules (EnrolmentService.enrolWithin,
 * assignment included), one savepoint per row in the import's transaction.
 */
@Injectable()
export class EnrolmentsImporter implements Importer<EnrolmentRow[]> {
  readonly kind = 'enrolments';
  readonly columns: readonly ColumnSpec[] = [
    column('experiment', true),
    column('gemeente', true),
    column('participant_ref', true),
    column('enrolled_on', true),
    column('arm', false),
    column('klantprofiel', false),
    column('segment', false),
    column('aanmeldroute', false),
  ];

  constructor(
    private readonly repo: ImportsRepository,
    private readonly enrolment: EnrolmentService,
  ) {}

  async stage(ctx: ImportContext): Promise<EnrolmentRow[]> {
    const staged: EnrolmentRow[] = [];
    for await (const batch of ctx.rows)
      for (const { row, cells } of batch) {
        ctx.rowRead();
        ctx.report();
        const r = new RowReader(ctx.header, row, cells);
        const e = enrolmentRow(r, ctx.today);
        if (!e) ctx.problems.add(r.problems);
        else if (ctx.user.role === 'gemeente' && e.gemeente !== ctx.user.gemeente)
          ctx.problems.push(foreignGemeente(row, e.gemeente, ctx.user.gemeente));
        else staged.push(e);
      }
    return staged;
  }

  async apply(ctx: ImportContext, staged: EnrolmentRow[]): Promise<ImportCounts> {
    let created = 0;
    let unchanged = 0;
    ctx.phase('opslaan');
    for (const e of staged) {
      ctx.report();
      const { row: _, ...dto } = e;
      try {
        const out = await this.repo.inSavepoint(ctx.m, () =>
          this.enrolment.enrolWithin(ctx.m, ctx.user, e.experiment, dto, 'import'),
        );
        if (out.created) created++;
        else unchanged++;
      } catch (err) {
        ctx.problems.add(enrolmentProblems(err, e));
      }
    }
    return { created, unchanged };
  }
}
