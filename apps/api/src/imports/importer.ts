import type { PoolClient } from 'pg';
import type { EntityManager } from 'typeorm';
import type { AuthUser } from '../common/auth-user';
import type { ColumnSpec, Header, ProblemList } from './import-format';
import type { TableRow } from './table-reader';

/** What an import wrote: new facts, and rows that were already there (or repeated in the file). */
export interface ImportCounts {
  created: number;
  unchanged: number;
}

export const NOTHING_WRITTEN: ImportCounts = { created: 0, unchanged: 0 };

/** Phases of an import as the job shows them: lezen → controleren → opslaan (→ klaar). */
export type ImportPhase = 'lezen' | 'controleren' | 'opslaan' | 'klaar';

/**
 * One import as an importer sees it: the file's rows after the header, the problems so far, and
 * the open transaction (the runner commits it when no problem was found and it is no dry run).
 */
export interface ImportContext {
  readonly user: AuthUser;
  /** The import job's id (kept with what the import writes, where a table has room for it). */
  readonly jobId: string;
  /** A table's header (empty for an importer that reads a JSON document). */
  readonly header: Header;
  /** The data rows in batches (the header already taken). Read once. None for a JSON document. */
  readonly rows: AsyncIterable<TableRow[]>;
  /** The parsed document, for an importer that reads JSON (`input: 'json'`); undefined for tables. */
  readonly document: unknown;
  readonly problems: ProblemList;
  readonly warnings: string[];
  /** Today in the Netherlands: dates after it are refused. */
  readonly today: string;
  /** The import's transaction. */
  readonly m: EntityManager;
  /** The same transaction's connection, for COPY. */
  readonly client: PoolClient;
  /** Counts one data row read (for the job's progress and the answer). */
  rowRead(): void;
  /** Reports progress now and then (cheap to call per row). */
  report(): void;
  phase(p: ImportPhase): void;
}

/**
 * One import kind (docs/formats.md). The runner (ImportsService) owns the job, its progress, the
 * transaction and the dry run; an importer owns its columns and rows:
 * - `stage` reads every row, checks it on its own (problems go to ctx.problems) and keeps what
 *   passes (a COPY into a temporary table, or in memory);
 * - `apply` checks the staged rows against the database and writes them in ctx's transaction,
 *   or adds problems and writes nothing.
 * A new kind is one file with an Importer and its registration in import-kinds.ts.
 */
export interface Importer<Staged = unknown> {
  /** The kind's name as the API and the CLI take it (its key in import-kinds.ts). */
  readonly kind: string;
  /**
   * What the kind reads: a table (CSV or XLSX, the default: the runner checks the header against
   * `columns` and hands the rows over) or one JSON document (the runner reads the file whole,
   * bounded by MAX_JSON_BYTES, and hands the parsed document over in `ctx.document`).
   */
  readonly input?: 'table' | 'json';
  /** The table's columns (none for a JSON importer). */
  readonly columns: readonly ColumnSpec[];
  stage(ctx: ImportContext): Promise<Staged>;
  apply(ctx: ImportContext, staged: Staged): Promise<ImportCounts>;
}
