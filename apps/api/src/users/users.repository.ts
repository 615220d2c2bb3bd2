import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { updatedRow } from '../common/sql';

export interface PublicUser {
  id: string;
  username: string;
  role: string;
  gemeente: string | null;
  disabled: boolean;
  createdAt: Date;
}

const COLUMNS = 'id, username, role, gemeente_code AS gemeente, disabled, created_at AS "createdAt"';

@Injectable()
export class UsersRepository {
  constructor(private readonly ds: DataSource) {}

  async findForLogin(
    username: string,
  ): Promise<
    | {
        id: string;
        username: string;
        role: string;
        gemeente: string | null;
        disabled: boolean;
        passwordHash: string;
        lockedUntil: Date | null;
      }
    | undefined
  > {
    const rows = await this.ds.query(
      `SELECT id, username, role, gemeente_code AS gemeente, disabled, password_hash AS "passwordHash", locked_until AS "lockedUntil"
       FROM app_user WHERE username = $1`,
      [username],
    );
    return rows[0];
  }

  async list(limit: number, offset: number): Promise<{ items: PublicUser[]; total: number }> {
    const items = await this.ds.query(`SELECT ${COLUMNS} FROM app_user ORDER BY username LIMIT $1 OFFSET $2`, [
      limit,
      offset,
    ]);
    const [{ total }] = await this.ds.query('SELECT count(*)::int AS total FROM app_user');
    return { items, total };
  }

  async findById(m: EntityManager, id: string): Promise<PublicUser | undefined> {
    const rows = await m.query(`SELECT ${COLUMNS} FROM app_user WHERE id = $1`, [id]);
    return rows[0];
  }

  async insert(
    m: EntityManager,
    u: { username: string; passwordHash: string; role: string; gemeente: string | null },
  ): Promise<PublicUser> {
    const rows = await m.query(
      `INSERT INTO app_user (username, password_hash, role, gemeente_code) VALUES ($1, $2, $3, $4) RETURNING ${COLUMNS}`,
      [u.username, u.passwordHash, u.role, u.gemeente],
    );
    return rows[0];
  }

  async update(
    m: EntityManager,
    id: string,
    patch: { passwordHash?: string; role?: string; gemeente?: string | null; disabled?: boolean },
  ): Promise<PublicUser> {
    const rows = await m.query(
      `UPDATE app_user SET
         password_hash = COALESCE($2, password_hash),
         role = COALESCE($3, role),
         gemeente_code = CASE WHEN $4::boolean THEN $5 ELSE gemeente_code END,
         disabled = COALESCE($6, disabled)
       WHERE id = $1 RETURNING ${COLUMNS}`,
      [
        id,
        patch.passwordHash ?? null,
        patch.role ?? null,
        patch.gemeente !== undefined,
        patch.gemeente ?? null,
        patch.disabled ?? null,
      ],
    );
    return updatedRow(rows);
  }

  async count(m: EntityManager): Promise<number> {
    const [{ n }] = await m.query('SELECT count(*)::int AS n FROM app_user');
    return n;
  }
}
