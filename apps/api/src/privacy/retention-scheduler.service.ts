import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Interval } from '@nestjs/schedule';
import { runAsSystem } from '@living-lab/db';
import { todayIso } from '@living-lab/domain';
import { AuditService } from '../audit/audit.service';
import { APP_CONFIG, type AppConfig } from '../config';
import { RetentionRepository } from './retention.repository';
import { RetentionService } from './retention.service';

/** How long a dry run is announced (audit entry `retention_dry_run`) before the job erases. */
export const RETENTION_NOTICE_MS = 24 * 3_600_000;

/**
 * Retention, hourly, in the running server only (`scheduleRetention`; not in tests or the CLI),
 * as the system. Dry run first: when an experiment becomes due, the job records a dry run (the
 * counts, audit action `retention_dry_run`) and erases nothing; a later tick at least
 * RETENTION_NOTICE_MS after that dry run erases. A beheerder sees the same numbers at
 * GET /api/v1/retention/preview and can run it at once (POST /api/v1/retention/run).
 */
@Injectable()
export class RetentionSchedulerService implements OnApplicationBootstrap {
  private readonly log = new Logger('Retention');

  constructor(
    private readonly retention: RetentionService,
    private readonly audit: AuditService,
    private readonly ds: DataSource,
    private readonly repo: RetentionRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** At start, then hourly (@nestjs/schedule; ScheduleModule is imported only for the running server). */
  onApplicationBootstrap(): void {
    if (this.config.scheduleRetention) void this.tick();
  }

  @Interval('retention', 3_600_000)
  hourly(): void {
    if (this.config.scheduleRetention) void this.tick();
  }

  async tick(now = new Date()): Promise<{ announced: string[]; erased: string[] }> {
    return runAsSystem(async () => {
      const today = todayIso(now);
      try {
        const due = (await this.retention.preview(today)).filter((r) => r.due && r.enrolments > 0);
        if (!due.length) return { announced: [], erased: [] };
        const dryRuns = await this.repo.lastDryRuns(
          this.ds.manager,
          due.map((r) => r.experiment),
        );
        const announcedAt = new Map(dryRuns.map((d) => [d.experiment, new Date(d.at).getTime()]));
        const announce = due.filter((r) => !announcedAt.has(r.experiment));
        const ripe = due.filter(
          (r) => announcedAt.has(r.experiment) && now.getTime() - announcedAt.get(r.experiment)! >= RETENTION_NOTICE_MS,
        );
        for (const r of announce) {
          await this.audit.record(null, {
            actor: 'retention',
            action: 'retention_dry_run',
            entity: 'experiment',
            entityId: r.experiment,
            after: { expiresOn: r.expiresOn, ...r.erase },
          });
          this.log.warn(
            `Retention of ${r.experiment} has passed (${r.expiresOn}): ${r.erase.participants} participants and ${r.erase.enrolments} enrolments will be erased after ${RETENTION_NOTICE_MS / 3_600_000} hours.`,
          );
        }
        if (ripe.length) {
          const done = await this.retention.run('retention', { today, only: ripe.map((r) => r.experiment) });
          this.log.log(
            `Retention: erased the participant-level data of ${done.erased.map((e) => e.experiment).join(', ')}.`,
          );
        }
        return { announced: announce.map((r) => r.experiment), erased: ripe.map((r) => r.experiment) };
      } catch (e) {
        this.log.error(`Retention check failed: ${(e as Error).message}`);
        return { announced: [], erased: [] };
      }
    });
  }
}
