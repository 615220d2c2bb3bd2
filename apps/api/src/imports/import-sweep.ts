import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { runAsSystem } from '@living-lab/db';
import { ImportsRepository } from './imports.repository';
import { sweepUploads } from './upload-storage';

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

  constructor(
    private readonly ds: DataSource,
    private readonly repo: ImportsRepository,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    // Uploads left by a process that died (their jobs are ended below): participant references in them.
    const left = await sweepUploads().catch(() => 0);
    if (left) this.logger.warn(`Removed ${left} uploaded file(s) left by a stopped process.`);
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
        let applied = 0;
        let interrupted = 0;
        for (const o of await this.repo.orphanedJobs(m)) {
          if (o.committed) {
            applied++;
            const created = Number(o.after?.created ?? 0);
            const unchanged = Number(o.after?.unchanged ?? 0);
            await this.repo.endOrphanApplied(m, o.id, {
              rows: Number(o.after?.rows ?? 0),
              created,
              unchanged,
              message: `Het bestand is volledig ingelezen (${created} nieuwe gegevens, ${unchanged} rijen stonden er al); de server stopte direct daarna, vóór de afronding.`,
            });
          } else {
            interrupted++;
            await this.repo.endOrphanInterrupted(
              m,
              o.id,
              'De import is onderbroken: de server stopte tijdens het inlezen. Er is niets opgeslagen. Lever het hele bestand opnieuw aan.',
            );
          }
        }
        return { applied, interrupted };
      }),
    );
  }
}
