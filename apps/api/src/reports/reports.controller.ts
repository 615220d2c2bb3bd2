import { Controller, Get, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsBoolean, IsInt, IsOptional, Min } from 'class-validator';
import type { Response } from 'express';
import { CurrentUser, Roles, type AuthUser } from '../common/auth-user';
import { ReportsService } from './reports.service';

class ReportQuery {
  @ApiPropertyOptional({ description: 'Een gepubliceerde versie; standaard de laatste' })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'Moet een heel getal zijn.' })
  @Min(1, { message: 'Moet 1 of meer zijn.' })
  version?: number;

  @ApiPropertyOptional({ description: 'Het actuele concept in plaats van de gepubliceerde versie (projectleider)' })
  @IsOptional()
  @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean({ message: 'Moet true of false zijn.' })
  draft?: boolean;
}

/**
 * The quarterly reflection report. Reviewers (and gemeente users) get the anonymised view.
 * `.html`, `.pdf` and `.xlsx` variants render the same JSON.
 */
@ApiTags('reports')
@ApiBearerAuth()
@Controller('api/v1/reports/quarterly')
export class ReportsController {
  constructor(private readonly reports: ReportsService) {}

  @Get(':quarter/versions')
  @Roles('projectleider', 'beheerder', 'reviewer')
  versions(@Param('quarter') quarter: string) {
    return this.reports.versions(quarter);
  }

  @Post(':quarter/publish')
  @Roles('projectleider', 'beheerder')
  @HttpCode(201)
  publish(@CurrentUser() user: AuthUser, @Param('quarter') quarter: string) {
    return this.reports.publish(user, quarter);
  }

  @Get(':quarter')
  @Roles('projectleider', 'beheerder', 'reviewer', 'gemeente')
  async get(
    @CurrentUser() user: AuthUser,
    @Param('quarter') quarter: string,
    @Query() q: ReportQuery,
    @Res({ passthrough: true }) res: Response,
  ) {
    const m = /^([\s\S]*?)(?:\.(json|html|pdf|xlsx))?$/.exec(quarter)!; // [\s\S]: a path may hold any character
    const report = await this.reports.get(user, m[1], { version: q.version, draft: q.draft });
    const format = m[2] ?? 'json';
    if (format === 'json') return report;
    const render = await import('./render');
    const name = `kwartaalreflectie-${m[1]}`;
    if (format === 'html') {
      res.type('text/html; charset=utf-8');
      return render.renderHtml(report);
    }
    if (format === 'pdf') {
      res.type('application/pdf').setHeader('Content-Disposition', `attachment; filename="${name}.pdf"`);
      res.send(await render.renderPdf(report));
      return;
    }
    res
      .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
      .setHeader('Content-Disposition', `attachment; filename="${name}.xlsx"`);
    res.send(await render.renderXlsx(report));
  }
}
