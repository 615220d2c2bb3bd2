import { Controller, Get, Param, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import type { Response } from 'express';
import { csvField } from '@living-lab/domain';
import { CurrentUser, Roles, scopedGemeente, type AuthUser } from '../common/auth-user';
import { ExperimentsService } from '../experiments/experiments.service';
import { AllocationService } from './allocation.service';
import { MonitoringService } from './monitoring.service';
import { PlanService } from './plan.service';

class LogQuery {
  @ApiPropertyOptional({ enum: ['json', 'csv'] })
  @IsOptional()
  @IsIn(['json', 'csv'], { message: 'Kies json of csv.' })
  format?: 'json' | 'csv';
}

const LOG_COLUMNS = [
  'seq',
  'loggedAt',
  'enrolledBy',
  'gemeente',
  'participantRef',
  'method',
  'stratum',
  'slot',
  'arm',
  'enrolledOn',
] as const;
/** Quote always; text that a spreadsheet would evaluate is neutralised (libs/domain spreadsheet.ts). */
const csvCell = (v: unknown) => csvField(v === null || v === undefined ? '' : String(v), ',', true);

/**
 * Pre-registration, monitoring and the allocation audit of an experiment (issue 5). Nothing here
 * returns a future allocation: the log holds taken slots only, the seed goes to a beheerder only.
 */
@ApiTags('allocation')
@ApiBearerAuth()
@Controller('api/v1/experiments/:key')
export class AllocationController {
  constructor(
    private readonly experiments: ExperimentsService,
    private readonly allocation: AllocationService,
    private readonly plans: PlanService,
    private readonly monitoring: MonitoringService,
  ) {}

  /** The plan versions with their hashes, the pre-registered metrics and the changes after start. */
  @Get('plan')
  @Roles('projectleider', 'beheerder', 'gemeente')
  async plan(@CurrentUser() user: AuthUser, @Param('key') key: string) {
    const e = await this.experiments.get(key, scopedGemeente(user));
    const versions = await this.plans.versions(key);
    const summary = await this.plans.planSummary(key);
    return {
      key,
      status: e.status,
      ...summary,
      changesAfterStart: versions.slice(1).map((v) => ({
        version: v.version,
        at: v.createdAt,
        by: v.createdBy,
        reason: v.reason,
        fields: Object.keys(v.changes ?? {}).sort(),
        changes: v.changes,
      })),
      versions,
    };
  }

  @Get('monitoring')
  @Roles('projectleider', 'beheerder', 'gemeente')
  async monitor(@CurrentUser() user: AuthUser, @Param('key') key: string) {
    const gemeente = scopedGemeente(user);
    await this.experiments.get(key, gemeente);
    return this.monitoring.experimentMonitoring(key, { gemeente });
  }

  /** Who enrolled whom, when, by which method and slot: JSON, or CSV with `?format=csv`. */
  @Get('allocation-log')
  @Roles('beheerder')
  async log(@Param('key') key: string, @Query() q: LogQuery, @Res({ passthrough: true }) res: Response) {
    await this.experiments.get(key);
    const rows = await this.allocation.logEntries(key);
    if (q.format !== 'csv') return rows;
    res.setHeader('Content-Type', 'text/csv; charset=utf-8');
    res.setHeader('Content-Disposition', `attachment; filename="${key}-allocation-log.csv"`);
    return (
      [LOG_COLUMNS.join(','), ...rows.map((r) => LOG_COLUMNS.map((c) => csvCell(r[c])).join(','))].join('\r\n') + '\r\n'
    );
  }

  /** Beheerder only: the secret seeds, for audit and reproduction. Every reveal is audited. */
  @Get('allocation-seed')
  @Roles('beheerder')
  seed(@CurrentUser() user: AuthUser, @Param('key') key: string) {
    return this.allocation.revealSeed(user, key);
  }

  /** Beheerder only: regenerates the allocation from the seed and compares it with the stored one. */
  @Get('allocation/reproduce')
  @Roles('beheerder')
  reproduce(@Param('key') key: string) {
    return this.allocation.reproduce(key);
  }
}
