import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { csvField } from '@living-lab/domain';
import { AuditRepository, type AuditInput } from './audit.repository';
import { openSealed, openSealedValue, sealedKeyIds } from './participant-seal';

export type { AuditInput };

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
  constructor(
    private readonly ds: DataSource,
    private readonly repo: AuditRepository,
  ) {}

  record(manager: EntityManager | null, e: AuditInput): Promise<void> {
    return this.repo.insert(manager ?? this.ds.manager, e);
  }

  /** Chains the committed, not yet chained entries; returns how many. */
  chain(): Promise<number> {
    return this.repo.chain();
  }

  /**
   * A page of entries, newest first. Sealed participant references (participant-seal.ts) read as
   * the reference while the participant's key exists, and as "gewist" after erasure.
   */
  async list(filter: { entity?: string; actor?: string }, limit: number, offset: number) {
    const page = await this.repo.list(filter, limit, offset);
    const keys = await this.repo.keys(
      sealedKeyIds(...page.items.flatMap((r) => [r.entityId, JSON.stringify(r.before), JSON.stringify(r.after)])),
    );
    return {
      ...page,
      items: page.items.map((r) => ({
        ...r,
        entityId: r.entityId === null ? null : openSealed(r.entityId, keys),
        before: openSealedValue(r.before, keys),
        after: openSealedValue(r.after, keys),
      })),
    };
  }

  /**
   * All entries as CSV (`;`-separated for Dutch Excel), oldest first, streamed in pages, sealed
   * participant references opened as in `list` (prev_hash and hash stay those of the stored, sealed
   * entry: `verify` recomputes them from what is stored). Every text
   * field goes through the spreadsheet neutraliser: the actor of a failed login is whatever was typed.
   */
  async *csv(): AsyncGenerator<string> {
    await this.chain();
    yield '\uFEFFseq;at;actor;action;entity;entity_id;before;after;prev_hash;hash\n';
    let after = 0;
    for (;;) {
      const rows = await this.repo.exportPage(after, 1000);
      if (!rows.length) return;
      const keys = await this.repo.keys(sealedKeyIds(...rows.flatMap((r) => [r.entity_id, r.before, r.after])));
      for (const r of rows) {
        if (r.entity_id) r.entity_id = openSealed(r.entity_id, keys);
        if (r.before) r.before = openSealed(r.before, keys, true);
        if (r.after) r.after = openSealed(r.after, keys, true);
      }
      yield (
        rows
          .map((r) =>
            [r.seq, r.at, r.actor, r.action, r.entity, r.entity_id, r.before, r.after, r.prev_hash, r.hash]
              .map((v) => csvField(v, ';'))
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
      const rows = await this.repo.chainPage(expectedSeq, 5000);
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

  private pending(): Promise<number> {
    return this.repo.pending();
  }
}
