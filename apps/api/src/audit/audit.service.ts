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

/**
 * Every write leaves an audit entry: who, what, when, before and after. Pass the transaction's
 * manager so the entry commits or rolls back with the change it describes.
 */
@Injectable()
export class AuditService {
  constructor(private readonly ds: DataSource) {}

  async record(manager: EntityManager | null, e: AuditInput): Promise<void> {
    await (manager ?? this.ds.manager).query(
      'INSERT INTO audit_entry (actor, action, entity, entity_id, before, after) VALUES ($1, $2, $3, $4, $5, $6)',
      [e.actor, e.action, e.entity, e.entityId ?? null, e.before === undefined ? null : JSON.stringify(e.before), e.after === undefined ? null : JSON.stringify(e.after)],
    );
  }
}
