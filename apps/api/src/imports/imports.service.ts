import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource, type QueryRunner } from 'typeorm';
import { lengthenQueryBudget } from '@living-lab/db';
import { DomainError, todayIso } from '@living-lab/domain';
import { AuditService } from '../audit/audit.service';
import { scopedGemeente, type AuthUser } from '../common/auth-user';
import { ProblemList, readHeader, type ImportProblem } from './import-format';
import { IMPORTER_REGISTRY, type ImporterRegistry, type ImportKind } from './import-kinds';
import { NOTHING_WRITTEN, type ImportContext, type ImportCounts, type Importer, type ImportPhase } from './importer';
import { ImportsRepository, type ImportJobView, type ImportStatus } from './imports.repository';
import { readJsonDocument } from './json-reader';
import { detectFormat, readTable, UnreadableFileError, type TableRow } from './table-reader';

/**
 * The query budget of an import's transaction. Requests get LAB_DB_QUERY_TIMEOUT_MS (60 s by
 * default) so that a stalled database answers 503 instead of hanging; an import is a background
 * job whose COPY of a large file is one statement that streams the whole file (a million rows take
 * about a minute on a loaded machine), so it gets 30 minutes. A stalled database then holds that one
 * job, not the requests.
 */
export const IMPORT_QUERY_BUDGET_MS = 30 * 60_000;

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

/**
 * The import runner (contracts.md §2, docs/formats.md): the job and its progress in `import_job`
 * (written outside the import's transaction), reading the file and its header, one transaction
 * per file (applied whole or not at all; a dry run rolls back), and the answer. What a kind's rows
 * mean is its importer's (importer.ts, registered in import-kinds.ts).
 */
@Injectable()
export class ImportsService {
  private readonly logger = new Logger('Imports');

  constructor(
    private readonly ds: DataSource,
    private readonly repo: ImportsRepository,
    private readonly audit: AuditService,
    @Inject(IMPORTER_REGISTRY) private readonly importers: ImporterRegistry,
  ) {}

  /** Starts an import; `done` resolves with the outcome (never rejects: a failure is status `failed`). */
  async start(
    user: AuthUser,
    file: ImportFile,
    kind: ImportKind,
    dryRun: boolean,
    onProgress?: (p: ImportProgress) => void,
  ): Promise<{ id: string; done: Promise<ImportResult> }> {
    let id: string;
    try {
      id = await this.repo.createJob({
        kind,
        fileName: file.name,
        bytes: file.size,
        dryRun,
        gemeente: user.role === 'gemeente' ? user.gemeente : null,
        userId: user.id || null,
        username: user.username,
      });
    } catch (e) {
      if (file.remove) await fs.promises.unlink(file.path).catch(() => undefined);
      throw e;
    }
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
    if (!job || (user.role === 'gemeente' && job.gemeente !== user.gemeente)) throw new DomainError('import.not_found');
    return job;
  }

  list(user: AuthUser, filter: { gemeente?: string; kind?: string }, limit: number, offset: number) {
    return this.repo.list({ gemeente: scopedGemeente(user, filter.gemeente), kind: filter.kind }, limit, offset);
  }

  /** Runs the import to its end: whatever happens, the job gets a final status (never rejects). */
  private async process(
    id: string,
    user: AuthUser,
    file: ImportFile,
    kind: ImportKind,
    dryRun: boolean,
    onProgress?: (p: ImportProgress) => void,
  ): Promise<ImportResult> {
    const hash = createHash('sha256');
    const problems = new ProblemList();
    const warnings: string[] = [];
    const state = { phase: 'lezen' as ImportPhase, bytesRead: 0, rows: 0, lastReport: 0 };
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

    let counts: ImportCounts = NOTHING_WRITTEN;
    try {
      counts = await this.read(id, user, file, kind, dryRun, { problems, warnings, state, report, onBytes });
    } catch (e) {
      if (e instanceof UnreadableFileError) {
        problems.push({ row: e.row, column: null, value: null, message: e.message });
      } else {
        this.logger.error(e instanceof Error ? (e.stack ?? e.message) : String(e));
        return this.finish(id, file, kind, dryRun, state, {
          status: 'failed',
          sha256: null,
          problems: new ProblemList(),
          warnings,
          counts: NOTHING_WRITTEN,
          message: 'Er ging iets mis aan onze kant. Er is niets opgeslagen. Probeer het later opnieuw.',
        });
      }
    }
    const sha256 = hash.digest('hex');
    const refused = problems.count > 0;
    const status: ImportStatus = refused ? 'refused' : dryRun ? 'checked' : 'applied';
    const same = !refused ? await this.repo.sameFileApplied(sha256, kind, id).catch(() => undefined) : undefined;
    const result = await this.finish(id, file, kind, dryRun, state, {
      status,
      sha256,
      problems,
      warnings,
      counts: refused ? NOTHING_WRITTEN : counts,
      message: this.message(status, state.rows, counts, problems.count, same),
      sameFileAs: same?.id,
    });
    state.phase = 'klaar';
    report(true);
    return result;
  }

  /** Reads the file in the import's transaction; commits when nothing was wrong and it is no dry run. */
  private async read(
    id: string,
    user: AuthUser,
    file: ImportFile,
    kind: ImportKind,
    dryRun: boolean,
    run: {
      problems: ProblemList;
      warnings: string[];
      state: { phase: ImportPhase; bytesRead: number; rows: number };
      report: (force?: boolean) => void;
      onBytes: (bytes: number, chunk: Buffer) => void;
    },
  ): Promise<ImportCounts> {
    const { problems, state } = run;
    const importer = this.importers.get(kind);
    if (!importer) throw new Error(`no importer for kind ${kind}`);
    const input = await this.input(importer, file, kind, run);
    if (!input) return NOTHING_WRITTEN;
    let qr: QueryRunner | undefined;
    let restoreBudget: (() => void) | undefined;
    try {
      qr = this.ds.createQueryRunner();
      const client = await qr.connect();
      await qr.startTransaction();
      restoreBudget = lengthenQueryBudget(client, IMPORT_QUERY_BUDGET_MS);
      await this.repo.statementBudget(qr.manager, IMPORT_QUERY_BUDGET_MS);
      const ctx: ImportContext = {
        user,
        jobId: id,
        ...input,
        problems,
        warnings: run.warnings,
        today: todayIso(),
        m: qr.manager,
        client,
        rowRead: () => {
          state.rows++;
        },
        report: () => run.report(),
        phase: (p) => {
          state.phase = p;
          run.report(true);
        },
      };
      const staged = await importer.stage(ctx);
      const counts = await importer.apply(ctx, staged);
      if (problems.count || dryRun) {
        await qr.rollbackTransaction();
        return counts;
      }
      await this.audit.record(qr.manager, {
        actor: user.username,
        action: 'import',
        entity: 'import_job',
        entityId: id,
        after: { kind, fileName: file.name, rows: state.rows, created: counts.created, unchanged: counts.unchanged },
      });
      await qr.commitTransaction();
      return counts;
    } catch (e) {
      if (qr?.isTransactionActive) await qr.rollbackTransaction().catch(() => undefined);
      throw e;
    } finally {
      restoreBudget?.();
      await qr?.release().catch(() => undefined);
    }
  }

  /**
   * What the importer reads: a table's header and rows (the header checked against the kind's
   * columns), or a parsed JSON document. Undefined when the file is refused already (its problems
   * added); an unreadable file throws UnreadableFileError.
   */
  private async input(
    importer: Importer,
    file: ImportFile,
    kind: ImportKind,
    run: {
      problems: ProblemList;
      state: { rows: number };
      onBytes: (bytes: number, chunk: Buffer) => void;
    },
  ): Promise<Pick<ImportContext, 'header' | 'rows' | 'document'> | undefined> {
    const { problems, state } = run;
    if (importer.input === 'json') {
      const document = await readJsonDocument(file.path, run.onBytes);
      return { header: { index: {}, width: 0 }, rows: noRows(), document };
    }
    const format = await detectFormat(file.path, file.name);
    const rows = readTable(file.path, format, run.onBytes);
    const first = await rows.next();
    if (first.done || !first.value.length) {
      problems.push({
        row: 1,
        column: null,
        value: null,
        message: 'Het bestand is leeg. De eerste rij moet de kolomnamen bevatten.',
      });
      return undefined;
    }
    const [head, ...rest] = first.value;
    const { header, problems: headerProblems } = readHeader(kind, importer.columns, head.cells, head.row);
    if (headerProblems.length) {
      problems.add(headerProblems);
      // Read on for the checksum and the row count.
      state.rows = rest.length;
      for await (const batch of rows) state.rows += batch.length;
      return undefined;
    }
    return { header, rows: withFirst(rest, rows), document: undefined };
  }

  /**
   * Writes the job's final status and returns the answer. Should writing the job fail (the
   * database went away, or refused what we wrote), the job is still ended as `failed` without
   * its problem list, so that no job stays `running`.
   */
  private async finish(
    id: string,
    file: ImportFile,
    kind: ImportKind,
    dryRun: boolean,
    state: { rows: number },
    o: {
      status: ImportStatus;
      sha256: string | null;
      problems: ProblemList;
      warnings: string[];
      counts: ImportCounts;
      message: string;
      sameFileAs?: string;
    },
  ): Promise<ImportResult> {
    const errors = o.problems.list.sort((a, b) => (a.row ?? 0) - (b.row ?? 0));
    const result: ImportResult = {
      id,
      kind,
      fileName: file.name,
      dryRun,
      status: o.status,
      applied: o.status === 'applied',
      rows: state.rows,
      created: o.counts.created,
      unchanged: o.counts.unchanged,
      errorCount: o.problems.count,
      errors,
      warnings: o.warnings,
      message: o.message,
      ...(o.sameFileAs ? { sameFileAs: o.sameFileAs } : {}),
    };
    try {
      await this.repo.finish(id, {
        sha256: o.sha256,
        status: o.status,
        rows: result.rows,
        created: result.created,
        unchanged: result.unchanged,
        errorCount: result.errorCount,
        errors,
        message: o.message,
      });
    } catch (e) {
      this.logger.error(`Could not end import ${id}: ${e instanceof Error ? e.message : String(e)}`);
      const message =
        'Er ging iets mis aan onze kant bij het afronden. Er is niets opgeslagen. Probeer het later opnieuw.';
      if (o.status !== 'applied')
        await this.repo
          .finish(id, {
            ...NOTHING_WRITTEN,
            sha256: null,
            status: 'failed',
            rows: result.rows,
            errorCount: 0,
            errors: [],
            message,
          })
          .catch(() => undefined);
      if (o.status !== 'applied')
        return { ...result, status: 'failed', applied: false, errorCount: 0, errors: [], message };
    }
    return result;
  }

  private message(
    status: ImportStatus,
    rows: number,
    c: ImportCounts,
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
}

/** No rows (a JSON importer reads ctx.document). */
async function* noRows(): AsyncGenerator<TableRow[]> {}

/** The data rows: the rest of the first batch (after the header), then the following batches. */
async function* withFirst(first: TableRow[], rest: AsyncGenerator<TableRow[]>): AsyncGenerator<TableRow[]> {
  if (first.length) yield first;
  yield* rest;
}
