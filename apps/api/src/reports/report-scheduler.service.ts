import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { Interval } from '@nestjs/schedule';
import { runAsSystem } from '@living-lab/db';
import { lastEndedQuarter, todayIso } from '@living-lab/domain';
import { APP_CONFIG, type AppConfig } from '../config';
import { ReportsRepository } from './reports.repository';
import { ReportsService } from './reports.service';

/**
 * Drafts the quarterly report on the first day after each quarter: at start and then every hour
 * it checks whether the quarter that just ended has a draft, and makes one if not. Only in the
 * running server (`scheduleReports`), not in tests or the CLI.
 */
@Injectable()
export class ReportSchedulerService implements OnApplicationBootstrap {
  private readonly log = new Logger('Reports');

  constructor(
    private readonly reports: ReportsService,
    private readonly repo: ReportsRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** At start, then hourly (@nestjs/schedule; ScheduleModule is imported only for the running server). */
  onApplicationBootstrap(): void {
    if (this.config.scheduleReports) void this.tick();
  }

  @Interval('report-draft', 3_600_000)
  hourly(): void {
    if (this.config.scheduleReports) void this.tick();
  }

  /** Drafts the last ended quarter when it has no draft yet; returns its label when it did. */
  async tick(today = todayIso()): Promise<string | undefined> {
    return runAsSystem(() => this.draftEnded(today));
  }

  private async draftEnded(today: string): Promise<string | undefined> {
    const ended = lastEndedQuarter(today);
    try {
      if (await this.repo.hasDraft(ended.label)) return undefined;
      const d = await this.reports.draft(ended.label, 'scheduler');
      this.log.log(`Drafted the quarterly report ${d.quarter} (${d.experiments} experiments).`);
      return ended.label;
    } catch (e) {
      this.log.error(`Could not draft the report for ${ended.label}: ${(e as Error).message}`);
      return undefined;
    }
  }
}
