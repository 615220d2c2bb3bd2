import { Controller, Get, Param, Query, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiProduces, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import type { Request, Response } from 'express';
import { datasetCsv, datasetDictionary, datasetFileName, dictionaryCsv, todayIso } from '@living-lab/domain';
import { CurrentUser, Roles, type AuthUser } from '../common/auth-user';
import { IsPastOrTodayDate } from '../common/validators';
import { DatasetService } from './dataset.service';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const FORMATS = { json: 'application/json', csv: 'text/csv', xlsx: XLSX } as const;
type Format = keyof typeof FORMATS;

class DatasetQuery {
  @ApiPropertyOptional({ example: '2026-09-30', description: 'Peildatum; standaard vandaag' })
  @IsOptional()
  @IsPastOrTodayDate()
  asOf?: string;

  @ApiPropertyOptional({
    enum: Object.keys(FORMATS),
    description: 'Het formaat; zonder format beslist de Accept-header (standaard json)',
  })
  @IsOptional()
  @IsIn(Object.keys(FORMATS), { message: 'Kies json, csv of xlsx.' })
  format?: Format;
}

class DictionaryQuery {
  @ApiPropertyOptional({ enum: ['json', 'csv'] })
  @IsOptional()
  @IsIn(['json', 'csv'], { message: 'Kies json of csv.' })
  format?: 'json' | 'csv';
}

class ScriptQuery {
  @ApiPropertyOptional({ example: '2026-09-30', description: 'Peildatum van het bestand dat het script leest' })
  @IsOptional()
  @IsPastOrTodayDate()
  asOf?: string;
}

/** `format` wins; otherwise the Accept header (JSON for `*\/*` or none). */
function chooseFormat(req: Request, format?: Format): Format {
  if (format) return format;
  const chosen = req.accepts(Object.values(FORMATS));
  return (Object.keys(FORMATS) as Format[]).find((f) => FORMATS[f] === chosen) ?? 'json';
}

/**
 * The analysis dataset of one experiment (issue 14 item 12): one row per enrolment, for
 * projectleiders and beheerders only (reviewers and gemeente users: 403). Columns and data
 * dictionary: libs/domain/src/dataset.ts; every download is audited.
 */
@ApiTags('dataset')
@ApiBearerAuth()
@Roles('projectleider', 'beheerder')
@Controller('api/v1/experiments/:key/dataset')
export class DatasetController {
  constructor(private readonly dataset: DatasetService) {}

  /**
   * One row per enrolment on or before `asOf`: JSON `{experiment, asOf, followUpDays, columns, rows}`,
   * `;`-CSV (UTF-8 with BOM, decimal comma, ISO dates) or XLSX (sheets data, woordenboek, R-opdrachten).
   */
  @Get()
  @ApiProduces(...Object.values(FORMATS))
  @ApiOkResponse({
    description: 'Het analysebestand: één regel per inschrijving',
    content: {
      'application/json': { schema: { type: 'object' } },
      'text/csv': { schema: { type: 'string' } },
      [XLSX]: { schema: { type: 'string', format: 'binary' } },
    },
  })
  async get(
    @CurrentUser() user: AuthUser,
    @Param('key') key: string,
    @Query() q: DatasetQuery,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ) {
    const format = chooseFormat(req, q.format);
    const d = await this.dataset.dataset(user, key, { asOf: q.asOf, format });
    res.setHeader('Vary', 'Accept');
    if (format === 'json') {
      const names = d.columns.map((c) => c.name);
      return {
        experiment: d.experiment,
        asOf: d.asOf,
        followUpDays: d.followUpDays,
        columns: datasetDictionary(d.columns),
        rows: d.rows.map((r) => Object.fromEntries(d.columns.map((c, i) => [names[i], c.value(r)]))),
      };
    }
    const name = datasetFileName(key, d.asOf, format);
    res.setHeader('Content-Disposition', `attachment; filename="${name}"`);
    if (format === 'csv') {
      res.type('text/csv; charset=utf-8');
      return datasetCsv(d.columns, d.rows);
    }
    const { renderDatasetXlsx } = await import('./dataset.xlsx');
    res.type(XLSX).send(await renderDatasetXlsx(d, await this.dataset.rScript(key, d.asOf)));
  }

  /** The data dictionary: every column with its Dutch description, type and allowed values. */
  @Get('dictionary')
  @ApiProduces('application/json', 'text/csv')
  @ApiOkResponse({
    description: 'Per kolom: naam, omschrijving, type en toegestane waarden',
    content: {
      'application/json': { schema: { type: 'array', items: { type: 'object' } } },
      'text/csv': { schema: { type: 'string' } },
    },
  })
  async dictionary(@Param('key') key: string, @Query() q: DictionaryQuery, @Res({ passthrough: true }) res: Response) {
    const entries = await this.dataset.dictionary(key);
    if (q.format !== 'csv') return entries;
    res
      .type('text/csv; charset=utf-8')
      .setHeader('Content-Disposition', `attachment; filename="${key}-woordenboek.csv"`);
    return dictionaryCsv(entries);
  }

  /** R commands that reproduce the primary comparison from the CSV of the same `asOf` alone. */
  @Get('r-script')
  @ApiProduces('text/plain')
  @ApiOkResponse({ description: 'R-opdrachten', content: { 'text/plain': { schema: { type: 'string' } } } })
  async rScript(@Param('key') key: string, @Query() q: ScriptQuery, @Res({ passthrough: true }) res: Response) {
    const asOf = q.asOf ?? todayIso();
    const script = await this.dataset.rScript(key, asOf);
    res
      .type('text/plain; charset=utf-8')
      .setHeader('Content-Disposition', `attachment; filename="${datasetFileName(key, asOf, 'R')}"`);
    return script;
  }
}
