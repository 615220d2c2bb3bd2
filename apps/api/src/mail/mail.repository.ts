import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Role } from '@living-lab/domain';

@Injectable()
export class MailRepository {
  constructor(private readonly ds: DataSource) {}

  /** The e-mail addresses of the enabled accounts with one of these roles. */
  async addressesOf(roles: readonly Role[]): Promise<string[]> {
    const rows: { email: string }[] = await this.ds.query(
      `SELECT DISTINCT email FROM app_user WHERE role = ANY ($1::text[]) AND NOT disabled AND email IS NOT NULL ORDER BY email`,
      [[...roles]],
    );
    return rows.map((r) => r.email);
  }
}
