import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { runAsSystem } from '@living-lab/db';

/**
 * At start (server and CLI), imports left `running` by a process that died (SIGKILL, power loss)
 * get their true status at once instead of after the 2-minute heartbeat window of
 * imports.repository.ts:
 *
 * - the import's transaction committed (its audit entry `import` for this job exists, written in
 *   the same transaction as the rows) → `applied`, counts from that entry: every row is there;
 * - otherwise PostgreSQL rolled the transaction back when the connection died → shown as
 *   `interrupted` (heartbeat set to -infinity, message says nothing was saved): no row is there.
 *
 * A job still owned by a live process elsewhere (DATABASE_URL shared with a running CLI or a
 * second server) is left alone: its import holds an open transaction begun after the job was
 * created, visible in pg_stat_activity. Additive: no schema change (`interrupted` is the
 * repository's view of a running job without heartbeat).
 */
@Injectable()
export class ImportSweep implements OnApplicationBootstrap {
  private readonly logger = new Logger('Imports');

  constructor(private readonly ds: DataSource) {}

  async onApplicationBootstrap(): Promise<void> {
    try {
      const r = await this.sweep();
      if (r.applied + r.interrupted)
        this.logger.warn(
          `Imports cut off by a stop: ${r.applied} were saved completely (applied), ${r.interrupted} not at all (interrupted).`,
        );
    } catch (e) {
      // Never block a start on this: the lazy heartbeat rule still reports them within 2 minutes.
      this.logger.warn(`Could not check for interrupted imports: ${e instanceof Error ? e.message : String(e)}`);
    }
  }

  async sweep(): Promise<{ applied: number; interrupted: number }> {
    // As the system: import_job rows are under row-level security (every gemeente's jobs here).
    return runAsSystem(() =>
      this.ds.transaction(async (m) => {
        const orphans: {
          id: string;
          committed: boolean;
          after: { rows?: number; created?: number; unchanged?: number } | null;
        }[] = await m.query(`
        SELECT j.id, a.id IS NOT NULL AS committed, a.after
        FROM import_job j
        LEFT JOIN LATERAL (SELECT id, after FROM audit_entry WHERE entity = 'import_job' AND entity_id = j.id::text AND action = 'import' LIMIT 1) a ON true
        WHERE j.status = 'running'
          AND NOT EXISTS (SELECT 1 FROM pg_stat_activity s WHERE s.datname = current_database() AND s.pid <> pg_backend_pid()
                            AND s.xact_start IS NOT NULL AND s.xact_start >= j.created_at)
        FOR UPDATE OF j SKIP LOCKED`);
        let applied = 0;
        let interrupted = 0;
        for (const o of orphans) {
          if (o.committed) {
            applied++;
            const created = Number(o.after?.created ?? 0);
            const unchanged = Number(o.after?.unchanged ?? 0);
            await m.query(
              `UPDATE import_job SET status = 'applied', phase = NULL, rows_read = $2, rows_created = $3, rows_unchanged = $4,
               message = $5, finished_at = heartbeat_at, bytes_read = file_bytes WHERE id = $1 AND status = 'running'`,
              [
                o.id,
                Number(o.after?.rows ?? 0),
                created,
                unchanged,
                `Het bestand is volledig ingelezen (${created} nieuwe gegevens, ${unchanged} rijen stonden er al); de server stopte direct daarna, vóór de afronding.`,
              ],
            );
          } else {
            interrupted++;
            await m.query(
              `UPDATE import_job SET heartbeat_at = '-infinity', finished_at = now(),
               message = 'De import is onderbroken: de server stopte tijdens het inlezen. Er is niets opgeslagen. Lever het hele bestand opnieuw aan.'
             WHERE id = $1 AND status = 'running'`,
              [o.id],
            );
          }
        }
        return { applied, interrupted };
      }),
    );
  }
}
