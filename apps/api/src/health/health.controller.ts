import { DomainError } from '@living-lab/domain';
import { Controller, Get, Inject } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Public } from '../common/auth-user';
import { APP_CONFIG, type AppConfig } from '../config';
import { HealthRepository } from './health.repository';

@ApiTags('health')
@Controller('api/health')
export class HealthController {
  constructor(
    private readonly repo: HealthRepository,
    /** healthTimeoutMs: how long the check waits for the database before it says `down` (never hangs). */
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /**
   * 200 `{status: 'ok', database: 'up'}`, or 503 `{status: 'error', database: 'down', message}`
   * when the database does not answer `SELECT 1` within LAB_HEALTH_TIMEOUT_MS (3 s). No state is
   * kept: the next check after the database returns says `up` again.
   */
  @Public()
  @Get()
  async health() {
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        this.repo.ping(),
        new Promise((_, reject) => {
          timer = setTimeout(() => reject(new Error('health check timed out')), this.config.healthTimeoutMs);
        }),
      ]);
    } catch {
      // The params are spread into the body: {status: 'error', database: 'down', statusCode, code, message}.
      throw new DomainError('health.database_down', { params: { status: 'error', database: 'down' } });
    } finally {
      clearTimeout(timer);
    }
    return { status: 'ok', database: 'up' };
  }
}
