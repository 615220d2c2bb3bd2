import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';

/** A stored refresh token (only its SHA-256 hash is kept), locked for a rotation. */
export interface RefreshTokenRow {
  userId: string;
  valid: boolean;
  used: boolean;
}

/** Refresh tokens: stored hashed, used once (rotation), removed on logout. */
@Injectable()
export class AuthRepository {
  constructor(private readonly ds: DataSource) {}

  async insertRefreshToken(m: EntityManager, tokenHash: string, userId: string, ttlSeconds: number): Promise<void> {
    await m.query(
      `INSERT INTO refresh_token (token_hash, user_id, expires_at) VALUES ($1, $2, now() + make_interval(secs => $3))`,
      [tokenHash, userId, ttlSeconds],
    );
  }

  /** The token with this hash, locked until the end of the transaction; undefined when unknown. */
  async lockRefreshToken(m: EntityManager, tokenHash: string): Promise<RefreshTokenRow | undefined> {
    const rows = await m.query(
      `SELECT user_id AS "userId", expires_at > now() AS valid, used_at IS NOT NULL AS used
       FROM refresh_token WHERE token_hash = $1 FOR UPDATE`,
      [tokenHash],
    );
    return rows[0];
  }

  async markRefreshTokenUsed(m: EntityManager, tokenHash: string): Promise<void> {
    await m.query('UPDATE refresh_token SET used_at = now() WHERE token_hash = $1', [tokenHash]);
  }

  async deleteRefreshToken(tokenHash: string): Promise<void> {
    await this.ds.query('DELETE FROM refresh_token WHERE token_hash = $1', [tokenHash]);
  }
}
