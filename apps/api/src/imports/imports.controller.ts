import * as fs from 'node:fs';
import { setTimeout as delay } from 'node:timers/promises';
import { Body, Controller, Get, Inject, Param, Post, Query, Res, UploadedFile, UseInterceptors } from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString } from 'class-validator';
import type { Response } from 'express';
import { CurrentUser, Roles, type AuthUser } from '../common/auth-user';
import { PageQuery, pageBounds, sendPage } from '../common/pagination';
import { invalidInput, type FieldProblem } from '@living-lab/domain';
import { APP_CONFIG, type AppConfig } from '../config';
import { IMPORT_KINDS, type ImportKind } from './import-kinds';
import { ImportsService } from './imports.service';
import { UploadStorage } from './upload-storage';

/** What multer (disk storage) hands over: the upload is on disk, never whole in memory. */
interface UploadedDiskFile {
  path: string;
  originalname: string;
  size: number;
}

export class ImportListQuery extends PageQuery {
  @ApiPropertyOptional()
  @IsOptional()
  @IsString({ message: 'Geef de code van de gemeente.' })
  gemeente?: string;

  @ApiPropertyOptional({ enum: IMPORT_KINDS })
  @IsOptional()
  @IsIn(IMPORT_KINDS, { message: `Kies uit: ${IMPORT_KINDS.join(', ')}.` })
  kind?: string;
}

const YES = ['true', '1', 'ja', 'yes'];
const NO = ['false', '0', 'nee', 'no', ''];

@ApiTags('imports')
@ApiBearerAuth()
@Controller('api/v1/imports')
export class ImportsController {
  constructor(
    private readonly imports: ImportsService,
    /** importWaitMs: how long a request waits for its import before answering 202 with the id to poll. */
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /**
   * Uploads a file (contracts.md §2). Waits for the outcome up to LAB_IMPORT_WAIT_MS (25 s):
   * 201 applied (something new), 200 applied without changes or a dry run, 400 refused with every
   * problem. Past that wait, or with `wait=false`, 202 with the import's id: poll GET /imports/{id}.
   */
  @Post()
  @Roles('gemeente', 'beheerder')
  @ApiConsumes('multipart/form-data')
  @ApiBody({
    schema: {
      type: 'object',
      required: ['file', 'kind'],
      properties: {
        file: { type: 'string', format: 'binary' },
        kind: { type: 'string', enum: [...IMPORT_KINDS] },
        dryRun: { type: 'boolean' },
        wait: { type: 'boolean', description: 'false: answer 202 at once and poll' },
      },
    },
  })
  @UseInterceptors(
    FileInterceptor('file', {
      storage: new UploadStorage(),
      limits: { fileSize: 2 * 1024 ** 3, files: 1, fields: 10 },
    }),
  )
  async create(
    @CurrentUser() user: AuthUser,
    @UploadedFile() file: UploadedDiskFile | undefined,
    @Body() body: Record<string, unknown>,
    @Res({ passthrough: true }) res: Response,
  ) {
    const problems: FieldProblem[] = [];
    const text = (k: string) =>
      typeof body?.[k] === 'string' ? (body[k] as string).trim().toLowerCase() : body?.[k] === undefined ? '' : '?';
    if (!file)
      problems.push({
        field: 'file',
        message: 'Voeg een bestand toe (CSV of XLSX; voor ddas het omgezette JSON-bestand) in het veld file.',
      });
    if (!(IMPORT_KINDS as readonly string[]).includes(text('kind')))
      problems.push({ field: 'kind', message: `Geef aan wat het bestand bevat: ${IMPORT_KINDS.join(', ')}.` });
    for (const k of ['dryRun', 'wait'])
      if (![...YES, ...NO].includes(text(k))) problems.push({ field: k, message: 'Gebruik true of false.' });
    for (const k of Object.keys(body ?? {}))
      if (!['kind', 'dryRun', 'wait'].includes(k)) problems.push({ field: k, message: 'Dit veld is onbekend.' });
    if (problems.length) {
      if (file) await fs.promises.unlink(file.path).catch(() => undefined);
      throw invalidInput(problems);
    }
    const { id, done } = await this.imports.start(
      user,
      { path: file!.path, name: file!.originalname, size: file!.size, remove: true },
      text('kind') as ImportKind,
      YES.includes(text('dryRun')),
    );
    const wait = NO.includes(text('wait')) && text('wait') !== '' ? 0 : this.config.importWaitMs;
    const timer = new AbortController();
    const outcome = await Promise.race([done, delay(wait, null, { signal: timer.signal }).catch(() => null)]);
    timer.abort();
    if (!outcome) {
      res.status(202).setHeader('Location', `/api/v1/imports/${id}`);
      return this.imports.get(user, id);
    }
    res.status(
      outcome.status === 'refused'
        ? 400
        : outcome.status === 'failed'
          ? 500
          : outcome.status === 'applied' && outcome.created > 0
            ? 201
            : 200,
    );
    return outcome;
  }

  @Get()
  @Roles('gemeente', 'projectleider', 'beheerder')
  async list(@CurrentUser() user: AuthUser, @Query() q: ImportListQuery, @Res({ passthrough: true }) res: Response) {
    const { limit, offset } = pageBounds(q);
    return sendPage(res, await this.imports.list(user, { gemeente: q.gemeente, kind: q.kind }, limit, offset));
  }

  /** Status and progress (0–1) of an import, and when done its outcome with the problems. */
  @Get(':id')
  @Roles('gemeente', 'projectleider', 'beheerder')
  get(@CurrentUser() user: AuthUser, @Param('id') id: string) {
    return this.imports.get(user, id);
  }
}
