import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { runAsSystem } from '@living-lab/db';
import { APP_CONFIG, type AppConfig } from '../config';
import { AuditService } from './audit.service';

/** Chains new audit entries every second in the running server (and once more at shutdown). */
@Injectable()
export class AuditChainerService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly log = new Logger('Audit');
  private timer?: NodeJS.Timeout;
  private busy = false;

  constructor(
    private readonly audit: AuditService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.config.chainAudit) return;
    this.timer = setInterval(() => void this.tick(), 1000);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
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
