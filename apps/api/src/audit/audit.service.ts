import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';

export interface AuditInput {
  actor: string;
  action: string;
  entity: string;
  entityId?: string | null;
  before?: unknown;
  after?: unknown;
}

export interface ChainCheck {
  ok: boolean;
  /** chained entries checked */
  entries: number;
  /** entries written since the last chaining run (chained within about a second) */
  pending: number;
  /** the first entry (by seq) whose hash or link does not hold, with the reason */
  brokenAt?: { seq: number; reason: string };
}

/**
 * Every write leaves an audit entry: who, what, when, before and after. Pass the transaction's
 * manager so the entry commits or rolls back with the change it describes. Entries are chained by
 * hash after commit (`chain()`, migration 1764900000000: every second in the running server and
 * before every verification); `verify` recomputes the chain independently here.
 */
@Injectable()
export class AuditService {
  constructor(private readonly ds: DataSource) {}

  async record(manager: EntityManager | null, e: AuditInput): Promise<void> {
    await (manager ?? this.ds.manager).query(
      'INSERT INTO audit_entry (actor, action, entity, entity_id, before, after) VALUES ($1, $2, $3, $4, $5, $6)',
      [
        e.actor,
        e.action,
        e.entity,
        e.entityId ?? null,
        e.before === undefined ? null : JSON.stringify(e.before),
        e.after === undefined ? null : JSON.stringify(e.after),
      ],
    );
  }

  /** Chains the committed, not yet chained entries; returns how many. */
  async chain(): Promise<number> {
    const [{ n }] = await this.ds.query('SELECT chain_audit_entries() AS n');
    return n;
  }

  async list(filter: { entity?: string; actor?: string }, limit: number, offset: number) {
    const where = 'WHERE ($1::text IS NULL OR entity = $1) AND ($2::text IS NULL OR actor = $2)';
    const items = await this.ds.query(
      `SELECT seq, at, actor, action, entity, entity_id AS "entityId", before, after, hash FROM audit_entry ${where}
       ORDER BY seq DESC LIMIT $3 OFFSET $4`,
      [filter.entity ?? null, filter.actor ?? null, limit, offset],
    );
    const [{ total }] = await this.ds.query(`SELECT count(*)::int AS total FROM audit_entry ${where}`, [
      filter.entity ?? null,
      filter.actor ?? null,
    ]);
    return { items, total };
  }

  /** All entries as CSV (`;`-separated for Dutch Excel), oldest first, streamed in pages. */
  async *csv(): AsyncGenerator<string> {
    await this.chain();
    const q = (v: unknown) => {
      const s = v === null || v === undefined ? '' : typeof v === 'string' ? v : JSON.stringify(v);
      return /[";\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
    };
    yield '\uFEFFseq;at;actor;action;entity;entity_id;before;after;prev_hash;hash\n';
    let after = 0;
    for (;;) {
      const rows = await this.ds.query(
        `SELECT seq, to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS at, actor, action, entity, entity_id, before::text AS before, after::text AS after, prev_hash, hash
         FROM audit_entry WHERE seq > $1 ORDER BY seq LIMIT 1000`,
        [after],
      );
      if (!rows.length) return;
      yield (
        rows
          .map((r: Record<string, unknown>) =>
            [r.seq, r.at, r.actor, r.action, r.entity, r.entity_id, r.before, r.after, r.prev_hash, r.hash]
              .map(q)
              .join(';'),
          )
          .join('\n') + '\n'
      );
      after = Number(rows[rows.length - 1].seq);
    }
  }

  /**
   * Recomputes the chain from the stored fields: seq must run 1, 2, 3… without gaps, each
   * prev_hash must be the previous entry's hash, and each hash
   * sha256(prev | seq | at in µs | actor | action | entity | entity_id | before | after).
   */
  async verify(): Promise<ChainCheck> {
    await this.chain();
    let prev = 'genesis';
    let expectedSeq = 1;
    let entries = 0;
    for (;;) {
      const rows: Record<string, string | null>[] = await this.ds.query(
        `SELECT a.seq::text AS seq, (extract(epoch FROM a.at) * 1000000)::bigint::text AS at_us, a.actor, a.action, a.entity, a.entity_id,
                a.before::text AS before, a.after::text AS after, a.prev_hash, a.hash
         FROM audit_entry a WHERE a.seq >= $1 ORDER BY a.seq LIMIT 5000`,
        [expectedSeq],
      );
      if (!rows.length) break;
      for (const r of rows) {
        const seq = Number(r.seq);
        if (seq !== expectedSeq)
          return {
            ok: false,
            entries,
            pending: await this.pending(),
            brokenAt: { seq: expectedSeq, reason: `entry ${expectedSeq} is missing (next is ${seq})` },
          };
        if (r.prev_hash !== prev)
          return {
            ok: false,
            entries,
            pending: await this.pending(),
            brokenAt: { seq, reason: 'prev_hash does not match the previous entry' },
          };
        const material = [
          prev,
          r.seq,
          r.at_us,
          r.actor,
          r.action,
          r.entity,
          r.entity_id ?? '',
          r.before ?? '',
          r.after ?? '',
        ].join('|');
        const hash = createHash('sha256').update(material, 'utf8').digest('hex');
        if (hash !== r.hash)
          return {
            ok: false,
            entries,
            pending: await this.pending(),
            brokenAt: { seq, reason: 'hash does not match the entry' },
          };
        prev = hash;
        expectedSeq++;
        entries++;
      }
    }
    return { ok: true, entries, pending: await this.pending() };
  }

  private async pending(): Promise<number> {
    const [{ n }] = await this.ds.query('SELECT count(*)::int AS n FROM audit_entry WHERE hash IS NULL');
    return n;
  }
}
