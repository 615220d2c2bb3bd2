import { Controller, Get, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsOptional, IsString } from 'class-validator';
import type { Response } from 'express';
import { Roles } from '../common/auth-user';
import { PageQuery, pageBounds, sendPage } from '../common/pagination';
import { AuditService } from './audit.service';

class AuditQuery extends PageQuery {
  @ApiPropertyOptional()
  @IsOptional()
  @IsString({ message: 'Geef een soort gegeven.' })
  entity?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString({ message: 'Geef een gebruikersnaam.' })
  actor?: string;
}

/** The audit trail, for a beheerder: read, export, verify. Nobody can change it. */
@ApiTags('audit')
@ApiBearerAuth()
@Roles('beheerder')
@Controller('api/v1/audit')
export class AuditController {
  constructor(private readonly audit: AuditService) {}

  @Get()
  async list(@Query() q: AuditQuery, @Res({ passthrough: true }) res: Response) {
    const { limit, offset } = pageBounds(q);
    return sendPage(res, await this.audit.list({ entity: q.entity, actor: q.actor }, limit, offset));
  }

  @Get('export.csv')
  async export(@Res() res: Response) {
    res.type('text/csv; charset=utf-8').setHeader('Content-Disposition', 'attachment; filename="audit.csv"');
    for await (const chunk of this.audit.csv()) res.write(chunk);
    res.end();
  }

  @Get('verify')
  verify() {
    return this.audit.verify();
  }
}
