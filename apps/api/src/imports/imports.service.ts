import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import { once } from 'node:events';
import { ForbiddenException, HttpException, Injectable, Logger, NotFoundException } from '@nestjs/common';
import { from as copyFrom } from 'pg-copy-streams';
import { DataSource, type EntityManager, type QueryRunner } from 'typeorm';
import { todayIso } from '@living-lab/domain';
import { AuditService } from '../audit/audit.service';
import { scopedGemeente, type AuthUser } from '../common/auth-user';
import { BadInputException } from '../common/problems';
import { EnrolmentService } from '../enrolment/enrolment.service';
import { checkQuarter, duplicateProblems, FunnelService } from '../funnel/funnel.service';
import { parseFunnelCount, type FunnelCount } from '../funnel/funnel-rules';
import {
  belevingRow,
  enrolmentRow,
  eventRow,
  FastEventRows,
  MAX_PROBLEMS,
  readHeader,
  RowReader,
  type Header,
  type ImportKind,
  type ImportProblem,
} from './import-format';
import { ImportsRepository, type ImportJobView, type ImportStatus } from './imports.repository';
import { detectFormat, readTable, UnreadableFileError, type TableRow } from './table-reader';

export interface ImportFile {
  path: string;
  name: string;
  size: number;
  /** Delete the file when the import is done (uploads). */
  remove?: boolean;
}

export interface ImportProgress {
  phase: string;
  bytesRead: number;
  fileBytes: number;
  rows: number;
}

/** The answer of an import (contracts.md §2): `{applied, rows, errors[]}` and more. */
export interface ImportResult {
  id: string;
  kind: ImportKind;
  fileName: string;
  dryRun: boolean;
  status: ImportStatus;
  /** True when the file was written (never for a dry run or a refused file). */
  applied: boolean;
  /** Data rows read (the header not counted). */
  rows: number;
  /** New facts written (or that would be, for a dry run). */
  created: number;
  /** Rows already present (or repeated in the file): nothing changed for them. */
  unchanged: number;
  errorCount: number;
  errors: ImportProblem[];
  warnings: string[];
  message: string;
  /** An earlier applied import of exactly this file, when there is one. */
  sameFileAs?: string;
}

class Problems {
  readonly list: ImportProblem[] = [];
  count = 0;
  add(...ps: ImportProblem[]) {
    for (const p of ps) {
      this.count++;
      if (this.list.length < MAX_PROBLEMS) this.list.push(p);
    }
  }
}

/** Text format of COPY: tab separated, \N for NULL; values are validated codes, refs and dates. */
const copyValue = (v: string | number | null): string => {
  if (v === null) return '\\N';
  const s = String(v);
  return /[\\\t\n\r]/.test(s)
    ? s.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\r/g, '\\r')
    : s;
};

const ROLLBACK_DRY_RUN = Symbol('dry run');

/**
 * File imports (contracts.md §2, issue 7). One transaction per file: applied whole or not at all.
 * Events and beleving stream through COPY into a temporary staging table and are checked and
 * written set-based in SQL; enrolments go row by row through EnrolmentService.enrolWithin so that
 * assignment is the API's own. Progress lives in `import_job`, written outside the transaction.
 */
@Injectable()
export class ImportsService {
  private readonly logger = new Logger('Imports');

  constructor(
    private readonly ds: DataSource,
    private readonly repo: ImportsRepository,
    private readonly enrolment: EnrolmentService,
    private readonly funnel: FunnelService,
    private readonly audit: AuditService,
  ) {}

  /** Starts an import; `done` resolves with the outcome (never rejects: a failure is status `failed`). */
  async start(
    user: AuthUser,
    file: ImportFile,
    kind: ImportKind,
    dryRun: boolean,
    onProgress?: (p: ImportProgress) => void,
  ): Promise<{ id: string; done: Promise<ImportResult> }> {
    const id = await this.repo.createJob({
      kind,
      fileName: file.name,
      bytes: file.size,
      dryRun,
      gemeente: user.role === 'gemeente' ? user.gemeente : null,
      userId: user.id || null,
      username: user.username,
    });
    const done = this.process(id, user, file, kind, dryRun, onProgress).finally(() => {
      if (file.remove) fs.promises.unlink(file.path).catch(() => undefined);
    });
    return { id, done };
  }

  async run(
    user: AuthUser,
    file: ImportFile,
    kind: ImportKind,
    dryRun: boolean,
    onProgress?: (p: ImportProgress) => void,
  ): Promise<ImportResult> {
    return (await this.start(user, file, kind, dryRun, onProgress)).done;
  }

  async get(user: AuthUser, id: string): Promise<ImportJobView & { errors: ImportProblem[] }> {
    const job = await this.repo.get(id);
    if (!job || (user.role === 'gemeente' && job.gemeente !== user.gemeente)) {
      throw new NotFoundException({
        statusCode: 404,
        message: 'Deze import bestaat niet (of is niet van uw gemeente).',
      });
    }
    return job;
  }

  list(user: AuthUser, filter: { gemeente?: string; kind?: string }, limit: number, offset: number) {
    return this.repo.list({ gemeente: scopedGemeente(user, filter.gemeente), kind: filter.kind }, limit, offset);
  }

  private async process(
    id: string,
    user: AuthUser,
    file: ImportFile,
    kind: ImportKind,
    dryRun: boolean,
    onProgress?: (p: ImportProgress) => void,
  ): Promise<ImportResult> {
    const hash = createHash('sha256');
    const problems = new Problems();
    const warnings: string[] = [];
    const state = { phase: 'lezen', bytesRead: 0, rows: 0, lastReport: 0 };
    const report = (force = false) => {
      const now = Date.now();
      if (!force && now - state.lastReport < 250) return;
      state.lastReport = now;
      onProgress?.({ phase: state.phase, bytesRead: state.bytesRead, fileBytes: file.size, rows: state.rows });
      this.repo
        .progress(id, { phase: state.phase, bytesRead: state.bytesRead, rows: state.rows })
        .catch(() => undefined);
    };
    const onBytes = (bytes: number, chunk: Buffer) => {
      hash.update(chunk);
      state.bytesRead = bytes;
    };
    const phase = (p: string) => {
      state.phase = p;
      report(true);
    };

    let qr: QueryRunner | undefined;
    let counts = { created: 0, unchanged: 0 };
    try {
      const format = await detectFormat(file.path, file.name);
      const rows = readTable(file.path, format, onBytes);
      const first = await rows.next();
      if (first.done || !first.value.length) {
        problems.add({
          row: 1,
          column: null,
          value: null,
          message: 'Het bestand is leeg. De eerste rij moet de kolomnamen bevatten.',
        });
      } else {
        const [head, ...rest] = first.value;
        const { header, problems: headerProblems } = readHeader(kind, head.cells, head.row);
        problems.add(...headerProblems);
        if (!headerProblems.length) {
          qr = this.ds.createQueryRunner();
          const client = await qr.connect();
          await qr.startTransaction();
          const ctx: RunContext = {
            user,
            header,
            rows: flatten(rest, rows),
            problems,
            warnings,
            state,
            report,
            phase,
            today: todayIso(),
            m: qr.manager,
            client,
          };
          if (kind === 'events' || kind === 'beleving') counts = await this.bulk(ctx, kind);
          else if (kind === 'enrolments') counts = await this.enrolments(ctx);
          else counts = await this.funnelCounts(ctx);
          if (!problems.count && !dryRun) {
            await this.audit.record(qr.manager, {
              actor: user.username,
              action: 'import',
              entity: 'import_job',
              entityId: id,
              after: {
                kind,
                fileName: file.name,
                rows: state.rows,
                created: counts.created,
                unchanged: counts.unchanged,
              },
            });
            await qr.commitTransaction();
          } else {
            await qr.rollbackTransaction();
          }
        } else {
          state.rows = rest.length;
          for await (const batch of rows) {
            /* read on for the checksum and the row count */ state.rows += batch.length;
          }
        }
      }
    } catch (e) {
      if (qr?.isTransactionActive) await qr.rollbackTransaction().catch(() => undefined);
      if (e instanceof UnreadableFileError) {
        problems.add({ row: e.row, column: null, value: null, message: e.message });
      } else {
        this.logger.error(e instanceof Error ? (e.stack ?? e.message) : String(e));
        const message = 'Er ging iets mis aan onze kant. Er is niets opgeslagen. Probeer het later opnieuw.';
        await this.repo
          .finish(id, {
            sha256: null,
            status: 'failed',
            rows: state.rows,
            created: 0,
            unchanged: 0,
            errorCount: 0,
            errors: [],
            message,
          })
          .catch(() => undefined);
        return {
          id,
          kind,
          fileName: file.name,
          dryRun,
          status: 'failed',
          applied: false,
          rows: state.rows,
          created: 0,
          unchanged: 0,
          errorCount: 0,
          errors: [],
          warnings,
          message,
        };
      }
    } finally {
      await qr?.release().catch(() => undefined);
    }

    const sha256 = hash.digest('hex');
    const refused = problems.count > 0;
    const status: ImportStatus = refused ? 'refused' : dryRun ? 'checked' : 'applied';
    const same = !refused ? await this.repo.sameFileApplied(sha256, kind, id) : undefined;
    const message = this.message(status, state.rows, counts, problems.count, same);
    const errors = problems.list.sort((a, b) => (a.row ?? 0) - (b.row ?? 0));
    const result: ImportResult = {
      id,
      kind,
      fileName: file.name,
      dryRun,
      status,
      applied: status === 'applied',
      rows: state.rows,
      created: refused ? 0 : counts.created,
      unchanged: refused ? 0 : counts.unchanged,
      errorCount: problems.count,
      errors,
      warnings,
      message,
      ...(same ? { sameFileAs: same.id } : {}),
    };
    await this.repo.finish(id, {
      sha256,
      status,
      rows: result.rows,
      created: result.created,
      unchanged: result.unchanged,
      errorCount: problems.count,
      errors,
      message,
    });
    state.phase = 'klaar';
    report(true);
    return result;
  }

  private message(
    status: ImportStatus,
    rows: number,
    c: { created: number; unchanged: number },
    errorCount: number,
    same?: { createdAt: string },
  ): string {
    if (status === 'refused') {
      return `Het bestand is niet ingelezen: ${errorCount} ${errorCount === 1 ? 'probleem' : 'problemen'}. Er is niets opgeslagen. Los de problemen op en lever het hele bestand opnieuw aan.`;
    }
    const before = same ? ` Dit bestand is al eerder ingelezen (${same.createdAt}).` : '';
    if (status === 'checked') {
      return `Proefrun: het bestand is in orde (${rows} rijen). Bij inlezen komen er ${c.created} nieuwe gegevens bij; ${c.unchanged} rijen staan er al. Er is niets opgeslagen.${before}`;
    }
    if (c.created === 0) return `Niets veranderd: alle ${rows} rijen stonden er al.${before}`;
    return `Het bestand is ingelezen: ${c.created} nieuwe gegevens, ${c.unchanged} rijen stonden er al.`;
  }

  /**
   * Events and beleving: rows checked one by one in memory-light JS (events: a fast path with
   * per-column verdict caches; a row it does not accept goes the full way for its problems),
   * streamed by COPY into a temp table, then checked and written set-based in SQL.
   */
  private async bulk(ctx: RunContext, kind: 'events' | 'beleving'): Promise<{ created: number; unchanged: number }> {
    const { m, problems } = ctx;
    if (kind === 'events') await this.repo.createEventStage(m);
    else await this.repo.createBelevingStage(m);
    const copy = ctx.client.query(copyFrom('COPY import_stage FROM STDIN'));
    const copyDone = new Promise<void>((resolve, reject) => {
      copy.on('finish', resolve);
      copy.on('error', reject);
    });
    copyDone.catch(() => undefined);
    const fast = kind === 'events' ? new FastEventRows(ctx.header, ctx.today) : null;
    // The distinct gemeenten of the file, for the gemeente checks without another pass over the
    // staged rows; past a few hundred (never in a real file) SQL collects them instead.
    const gemeenten = new Set<string>();
    let manyGemeenten = false;
    const sawGemeente = (g: string) => {
      if (manyGemeenten || gemeenten.has(g)) return;
      if (gemeenten.size >= 500) manyGemeenten = true;
      else gemeenten.add(g);
    };
    let buf = '';
    let copied = 0;
    try {
      for await (const batch of ctx.rows)
        for (const { row, cells } of batch) {
          ctx.state.rows++;
          const line = fast?.line(row, cells);
          if (line) {
            buf += line;
            copied++;
            sawGemeente(fast!.gemeente);
          } else {
            const r = new RowReader(ctx.header, row, cells);
            if (kind === 'events') {
              const e = eventRow(r, ctx.today);
              if (e) {
                buf += `${row}\t${copyValue(e.gemeente)}\t${copyValue(e.ref)}\t${e.milestone}\t${e.occurredOn}\t${copyValue(e.reason)}\n`;
                sawGemeente(e.gemeente);
              }
            } else {
              const b = belevingRow(r, ctx.today);
              if (b) {
                buf +=
                  `${row}\t${copyValue(b.gemeente)}\t${copyValue(b.ref)}\t${b.phase}\t${b.measuredOn}\t${copyValue(b.rapportcijfer)}\t${copyValue(b.waardigheid)}\t` +
                  `${copyValue(b.duidelijkheid)}\t${copyValue(b.tempo)}\t${copyValue(b.foutloos)}\t${copyValue(b.financiele_rust)}\t${copyValue(b.emotie)}\n`;
                sawGemeente(b.gemeente);
              }
            }
            if (r.problems.length) problems.add(...r.problems);
            else copied++;
          }
          if (buf.length > 256 * 1024) {
            if (!copy.write(buf)) await Promise.race([once(copy, 'drain'), copyDone]);
            buf = '';
            ctx.report();
          }
        }
      if (buf) copy.write(buf);
    } catch (e) {
      // Abort the COPY (CopyFail) so that the connection can roll back, then report the cause.
      copy.destroy(e instanceof Error ? e : new Error(String(e)));
      await copyDone.catch(() => undefined);
      throw e;
    }
    copy.end();
    await copyDone;

    ctx.phase('controleren');
    const codes = manyGemeenten ? await this.repo.stagedGemeenten(m) : [...gemeenten];
    const known = await this.repo.knownGemeenten(m, codes);
    const unknown = codes.filter((g) => !known.has(g));
    const foreign = ctx.user.role === 'gemeente' ? codes.filter((g) => g !== ctx.user.gemeente) : [];
    if (unknown.length || foreign.length) {
      for (const r of await this.repo.rowsOfGemeenten(m, [...new Set([...unknown, ...foreign])], MAX_PROBLEMS)) {
        problems.add({
          row: r.rn,
          column: 'gemeente',
          value: r.gemeente,
          message: foreign.includes(r.gemeente)
            ? `U mag alleen gegevens van uw eigen gemeente (${ctx.user.gemeente}) inlezen. Haal de rijen van andere gemeenten uit het bestand.`
            : `Gemeente "${r.gemeente}" is niet bekend. Gebruik de code van de gemeente, zoals ${ctx.user.gemeente ?? 'lindewaard'}.`,
        });
      }
      return { created: 0, unchanged: 0 };
    }
    await this.repo.resolveParticipants(m);
    problems.add(
      ...(kind === 'events'
        ? await this.repo.eventConflicts(m, MAX_PROBLEMS)
        : await this.repo.belevingConflicts(m, MAX_PROBLEMS)),
    );
    if (problems.count) return { created: 0, unchanged: 0 };
    ctx.phase('opslaan');
    const created =
      kind === 'events'
        ? await this.repo.insertEvents(m, ctx.user.id || null)
        : await this.repo.insertBeleving(m, ctx.user.id || null);
    return { created, unchanged: copied - created };
  }

  /** Enrolments: every row through the API's own enrolment rules (assignment included), in this transaction. */
  private async enrolments(ctx: RunContext): Promise<{ created: number; unchanged: number }> {
    const { m, problems } = ctx;
    let created = 0;
    let unchanged = 0;
    for await (const batch of ctx.rows)
      for (const { row, cells } of batch) {
        ctx.state.rows++;
        ctx.report();
        const r = new RowReader(ctx.header, row, cells);
        const e = enrolmentRow(r, ctx.today);
        if (!e) {
          problems.add(...r.problems);
          continue;
        }
        if (ctx.user.role === 'gemeente' && e.gemeente !== ctx.user.gemeente) {
          problems.add({
            row,
            column: 'gemeente',
            value: e.gemeente,
            message: `U mag alleen gegevens van uw eigen gemeente (${ctx.user.gemeente}) inlezen. Haal de rijen van andere gemeenten uit het bestand.`,
          });
          continue;
        }
        await m.query('SAVEPOINT import_row');
        try {
          const { row: _, ...dto } = e;
          const out = await this.enrolment.enrolWithin(m, ctx.user, e.experiment, dto);
          await m.query('RELEASE SAVEPOINT import_row');
          if (out.created) created++;
          else unchanged++;
        } catch (err) {
          await m.query('ROLLBACK TO SAVEPOINT import_row');
          problems.add(...httpProblems(err, row, { ...e }));
        }
      }
    return { created, unchanged };
  }

  /** Aggregate funnel counts: grouped per gemeente and quarter, each group stored as one submission. */
  private async funnelCounts(ctx: RunContext): Promise<{ created: number; unchanged: number }> {
    const { m, problems } = ctx;
    const groups = new Map<string, { gemeente: string; quarter: string; counts: FunnelCount[]; rows: number[] }>();
    for await (const batch of ctx.rows)
      for (const { row, cells } of batch) {
        ctx.state.rows++;
        const r = new RowReader(ctx.header, row, cells);
        const gemeente = r.gemeente();
        const quarterText = r.required('kwartaal');
        const quarter = quarterText?.toUpperCase();
        const qp = quarter !== undefined ? checkQuarter(quarter, ctx.today) : null;
        if (qp) r.problem('kwartaal', quarterText ?? '', qp);
        const parsed = parseFunnelCount(row, {
          step: r.get('stap'),
          reason: r.get('reden'),
          value: r.get('aantal'),
          tag: r.get('herkomst'),
          note: r.get('toelichting'),
        });
        const column = { step: 'stap', reason: 'reden', value: 'aantal', tag: 'herkomst' } as const;
        for (const p of parsed.problems) r.problem(column[p.field], p.value, p.message);
        if (r.problems.length || !gemeente || !quarter || !parsed.count) {
          problems.add(...r.problems);
          continue;
        }
        if (ctx.user.role === 'gemeente' && gemeente !== ctx.user.gemeente) {
          problems.add({
            row,
            column: 'gemeente',
            value: gemeente,
            message: `U mag alleen gegevens van uw eigen gemeente (${ctx.user.gemeente}) inlezen.`,
          });
          continue;
        }
        const key = `${gemeente}/${quarter}`;
        const g = groups.get(key) ?? { gemeente, quarter, counts: [], rows: [] };
        g.counts.push(parsed.count);
        g.rows.push(row);
        groups.set(key, g);
      }
    let created = 0;
    let unchanged = 0;
    for (const g of groups.values()) {
      for (const d of duplicateProblems(g.counts))
        problems.add({ row: g.rows[d.index], column: 'stap', value: g.counts[d.index].step, message: d.message });
    }
    if (problems.count) return { created, unchanged };
    for (const g of groups.values()) {
      try {
        const out = await this.funnel.submitWithin(m, ctx.user, g.gemeente, g.quarter, g.counts);
        if (out.changed) created += g.counts.length;
        else unchanged += g.counts.length;
        ctx.warnings.push(...out.warnings.map((w) => `${g.gemeente} ${g.quarter}: ${w}`));
      } catch (err) {
        problems.add(...httpProblems(err, g.rows[0], { gemeente: g.gemeente }));
      }
    }
    return { created, unchanged };
  }
}

/** Rows one by one from batches (the first batch already taken, minus its header). */
async function* flatten(first: TableRow[], rest: AsyncGenerator<TableRow[]>): AsyncGenerator<TableRow[]> {
  if (first.length) yield first;
  yield* rest;
}

interface RunContext {
  user: AuthUser;
  header: Header;
  rows: AsyncGenerator<TableRow[]>;
  problems: Problems;
  warnings: string[];
  state: { phase: string; bytesRead: number; rows: number };
  report: (force?: boolean) => void;
  phase: (p: string) => void;
  today: string;
  m: EntityManager;
  client: import('pg').PoolClient;
}

const FIELD_COLUMN: Record<string, string> = {
  gemeente: 'gemeente',
  participantRef: 'participant_ref',
  enrolledOn: 'enrolled_on',
  arm: 'arm',
  klantprofiel: 'klantprofiel',
  segment: 'segment',
  aanmeldroute: 'aanmeldroute',
  experiment: 'experiment',
};

/** The API's exceptions as row problems: field problems keep their column; others name the experiment or gemeente. */
function httpProblems(err: unknown, row: number, values: Record<string, unknown>): ImportProblem[] {
  if (err instanceof BadInputException) {
    return err.problems.map((p) => {
      const column = FIELD_COLUMN[p.field] ?? p.field;
      const value = values[p.field] ?? values[column];
      return { row, column, value: value === undefined ? null : String(value), message: p.message };
    });
  }
  if (err instanceof ForbiddenException) {
    return [
      {
        row,
        column: 'gemeente',
        value: String(values.gemeente ?? ''),
        message: 'U mag alleen gegevens van uw eigen gemeente inlezen.',
      },
    ];
  }
  if (err instanceof HttpException) {
    const body = err.getResponse() as { message?: string } | string;
    const message = typeof body === 'string' ? body : (body.message ?? 'Deze rij kan niet worden verwerkt.');
    const column = /\barm\b/.test(message)
      ? 'arm'
      : /gemeente/i.test(message) && !/experiment/i.test(message)
        ? 'gemeente'
        : values.experiment !== undefined
          ? 'experiment'
          : null;
    return [{ row, column, value: column ? String(values[column] ?? '') : null, message }];
  }
  throw err;
}
