import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

/** The health check's one statement. */
@Injectable()
export class HealthRepository {
  constructor(private readonly ds: DataSource) {}

  /** Resolves when the database answers a trivial query. */
  async ping(): Promise<void> {
    await this.ds.query('SELECT 1');
  }
}
