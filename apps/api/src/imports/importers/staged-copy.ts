import { once } from 'node:events';
import type { EntityManager } from 'typeorm';
import { foreignGemeente, MAX_PROBLEMS, type ImportProblem } from '../import-format';
import type { ImportContext, ImportCounts } from '../importer';
import { NOTHING_WRITTEN } from '../importer';
import type { ImportsRepository } from '../imports.repository';

/** Text format of COPY: tab separated, \N for NULL; values are validated codes, refs and dates. */
export const copyValue = (v: string | number | null): string => {
  if (v === null) return '\\N';
  const s = String(v);
  return /[\\\t\n\r]/.test(s)
    ? s.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\r/g, '\\r')
    : s;
};

/**
 * Turns one row into its COPY line for `import_stage` (starting with the row number), or null
 * when the row has problems (it adds them to the context's problems itself). `gemeente` is the
 * gemeente of the last row it accepted.
 */
export interface RowEncoder {
  line(row: number, cells: string[]): string | null;
  readonly gemeente: string;
}

/** What a staged COPY import holds after reading: rows copied and the distinct gemeenten (null: too many to keep). */
export interface StagedRows {
  copied: number;
  gemeenten: string[] | null;
}

/**
 * Streams every row through the encoder into the temp table `import_stage` (created by the
 * caller) by COPY, in 256 KB writes with back-pressure.
 */
export async function copyRows(ctx: ImportContext, repo: ImportsRepository, encoder: RowEncoder): Promise<StagedRows> {
  const copy = repo.copyIntoStage(ctx.client);
  const copyDone = new Promise<void>((resolve, reject) => {
    copy.on('finish', resolve);
    copy.on('error', reject);
  });
  copyDone.catch(() => undefined);
  // The distinct gemeenten of the file, for the gemeente checks without another pass over the
  // staged rows; past a few hundred (never in a real file) SQL collects them instead.
  const gemeenten = new Set<string>();
  let many = false;
  let last = '';
  let buf = '';
  let copied = 0;
  try {
    for await (const batch of ctx.rows)
      for (const { row, cells } of batch) {
        ctx.rowRead();
        const line = encoder.line(row, cells);
        if (line === null) continue;
        buf += line;
        copied++;
        const g = encoder.gemeente;
        if (g !== last && !many && !gemeenten.has(g)) {
          if (gemeenten.size >= 500) many = true;
          else gemeenten.add(g);
        }
        last = g;
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
  return { copied, gemeenten: many ? null : [...gemeenten] };
}

/**
 * The set-based part of a staged import: the gemeenten exist and are the user's own, then the
 * participants, the conflicts (`conflicts`) and the insert (`insert`, returns how many were new).
 */
export async function applyStaged(
  ctx: ImportContext,
  repo: ImportsRepository,
  staged: StagedRows,
  conflicts: (m: EntityManager, limit: number) => Promise<ImportProblem[]>,
  insert: (m: EntityManager, userId: string | null) => Promise<number>,
): Promise<ImportCounts> {
  const { m, problems, user } = ctx;
  ctx.phase('controleren');
  const codes = staged.gemeenten ?? (await repo.stagedGemeenten(m));
  const known = await repo.knownGemeenten(m, codes);
  const unknown = codes.filter((g) => !known.has(g));
  const foreign = user.role === 'gemeente' ? codes.filter((g) => g !== user.gemeente) : [];
  if (unknown.length || foreign.length) {
    for (const r of await repo.rowsOfGemeenten(m, [...new Set([...unknown, ...foreign])], MAX_PROBLEMS)) {
      problems.push(
        foreign.includes(r.gemeente)
          ? foreignGemeente(r.rn, r.gemeente, user.gemeente)
          : {
              row: r.rn,
              column: 'gemeente',
              value: r.gemeente,
              message: `Gemeente "${r.gemeente}" is niet bekend. Gebruik de code van de gemeente, zoals ${user.gemeente ?? 'lindewaard'}.`,
            },
      );
    }
    return NOTHING_WRITTEN;
  }
  await repo.resolveParticipants(m);
  problems.add(await conflicts(m, MAX_PROBLEMS));
  if (problems.count) return NOTHING_WRITTEN;
  ctx.phase('opslaan');
  const created = await insert(m, user.id || null);
  return { created, unchanged: staged.copied - created };
}
