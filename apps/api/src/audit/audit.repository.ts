import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';

/** One audit entry as the API lists it. */
export interface AuditEntryRow {
  seq: string;
  at: Date;
  actor: string;
  action: string;
  entity: string;
  entityId: string | null;
  before: unknown;
  after: unknown;
  hash: string | null;
}

/** One audit entry as the CSV export writes it: every field as stored, `at` in UTC with µs. */
export interface AuditExportRow {
  seq: string;
  at: string;
  actor: string;
  action: string;
  entity: string;
  entity_id: string | null;
  before: string | null;
  after: string | null;
  prev_hash: string | null;
  hash: string | null;
}

/** One audit entry with the fields its hash covers, as text (`at` in µs since the epoch). */
export interface AuditChainRow {
  seq: string;
  at_us: string;
  actor: string;
  action: string;
  entity: string;
  entity_id: string | null;
  before: string | null;
  after: string | null;
  prev_hash: string | null;
  hash: string | null;
}

const FILTER = 'WHERE ($1::text IS NULL OR entity = $1) AND ($2::text IS NULL OR actor = $2)';

/** The audit trail's reads and its chaining (AuditService.record writes the entries). */
export interface AuditInput {
  actor: string;
  action: string;
  entity: string;
  entityId?: string | null;
  before?: unknown;
  after?: unknown;
}

/** The columns an audit entry is written with, in the order of `auditValues`. */
export const AUDIT_COLUMNS = 'actor, action, entity, entity_id, before, after';

/**
 * The values of an audit entry, in the order of AUDIT_COLUMNS (before and after as JSON text).
 * For a repository that writes the entry in the same statement as the change it describes.
 */
export function auditValues(e: AuditInput): [string, string, string, string | null, string | null, string | null] {
  return [
    e.actor,
    e.action,
    e.entity,
    e.entityId ?? null,
    e.before === undefined ? null : JSON.stringify(e.before),
    e.after === undefined ? null : JSON.stringify(e.after),
  ];
}

@Injectable()
export class AuditRepository {
  constructor(private readonly ds: DataSource) {}

  /** One entry, in the caller's transaction (pass its manager) so it commits with the change. */
  async insert(manager: EntityManager, e: AuditInput): Promise<void> {
    await manager.query(`INSERT INTO audit_entry (${AUDIT_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6)`, auditValues(e));
  }

  /** Chains the committed, not yet chained entries (migration 1764900000000); returns how many. */
  async chain(): Promise<number> {
    const [{ n }] = await this.ds.query('SELECT chain_audit_entries() AS n');
    return n;
  }

  async list(
    filter: { entity?: string; actor?: string },
    limit: number,
    offset: number,
  ): Promise<{ items: AuditEntryRow[]; total: number }> {
    const params = [filter.entity ?? null, filter.actor ?? null];
    const items: AuditEntryRow[] = await this.ds.query(
      `SELECT seq, at, actor, action, entity, entity_id AS "entityId", before, after, hash FROM audit_entry ${FILTER}
       ORDER BY seq DESC LIMIT $3 OFFSET $4`,
      [...params, limit, offset],
    );
    const [{ total }] = await this.ds.query(`SELECT count(*)::int AS total FROM audit_entry ${FILTER}`, params);
    return { items, total };
  }

  /** Up to `limit` entries after `afterSeq`, oldest first, for the export. */
  exportPage(afterSeq: number, limit: number): Promise<AuditExportRow[]> {
    return this.ds.query(
      `SELECT seq, to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS at, actor, action, entity, entity_id,
              before::text AS before, after::text AS after, prev_hash, hash
       FROM audit_entry WHERE seq > $1 ORDER BY seq LIMIT $2`,
      [afterSeq, limit],
    );
  }

  /** Up to `limit` entries from `fromSeq` on, oldest first, with what their hash covers. */
  chainPage(fromSeq: number, limit: number): Promise<AuditChainRow[]> {
    return this.ds.query(
      `SELECT a.seq::text AS seq, (extract(epoch FROM a.at) * 1000000)::bigint::text AS at_us, a.actor, a.action, a.entity,
              a.entity_id, a.before::text AS before, a.after::text AS after, a.prev_hash, a.hash
       FROM audit_entry a WHERE a.seq >= $1 ORDER BY a.seq LIMIT $2`,
      [fromSeq, limit],
    );
  }

  /** The audit keys (participant-seal.ts) that still exist among `ids`: erased ones are gone. */
  async keys(ids: string[]): Promise<Map<string, Buffer>> {
    if (!ids.length) return new Map();
    const rows: { id: string; key: Buffer }[] = await this.ds.query(
      'SELECT key_id::text AS id, key FROM participant_key WHERE key_id = ANY ($1::uuid[])',
      [ids],
    );
    return new Map(rows.map((r) => [r.id, r.key]));
  }

  /** Entries written but not yet chained. */
  async pending(): Promise<number> {
    const [{ n }] = await this.ds.query('SELECT count(*)::int AS n FROM audit_entry WHERE hash IS NULL');
    return n;
  }
}
