import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { Interval } from '@nestjs/schedule';
import { runAsSystem } from '@living-lab/db';
import { APP_CONFIG, type AppConfig } from '../config';
import { AuditService } from './audit.service';

/**
 * Chains new audit entries every second in the running server (and once more at shutdown). The
 * timer is @nestjs/schedule's: AppModule imports ScheduleModule only for the running server, so
 * tests and the CLI have no timer at all.
 */
@Injectable()
export class AuditChainerService implements OnApplicationShutdown {
  private readonly log = new Logger('Audit');
  private busy = false;

  constructor(
    private readonly audit: AuditService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Interval('audit-chain', 1000)
  every(): void {
    if (this.config.chainAudit) void this.tick();
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.config.chainAudit) await this.tick();
  }

  private async tick(): Promise<void> {
    if (this.busy) return;
    this.busy = true;
    try {
      await runAsSystem(() => this.audit.chain());
    } catch (e) {
      this.log.warn(`Could not chain audit entries: ${(e as Error).message}`);
    } finally {
      this.busy = false;
    }
  }
}
