import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { todayIso } from '@living-lab/domain';
import { AuditService } from '../audit/audit.service';
import { RetentionRepository } from './retention.repository';

export interface RetentionRow {
  experiment: string;
  endDate: string;
  retentionMonths: number;
  /** the first day on which the experiment's participant-level data are due for erasure */
  expiresOn: string;
  due: boolean;
  /** enrolments the experiment holds now */
  enrolments: number;
  /** what a run today would erase for this experiment (zero when not due) */
  erase: { enrolments: number; participants: number };
}

/**
 * Retention per experiment (AVG): `retentionMonths` after its end date, an experiment's
 * participant-level data are erased. A participant is erased completely (participant, events,
 * scores, client-form links, enrolments, summaries, allocation log) when every experiment they
 * are enrolled in is due; a participant still enrolled in a running or not-yet-due experiment
 * keeps that data and loses only the enrolments in the due experiments. Published reports keep
 * their numbers (stored JSON). Each run leaves one audit entry per experiment with counts only.
 */
@Injectable()
export class RetentionService {
  constructor(
    private readonly ds: DataSource,
    private readonly audit: AuditService,
    private readonly repo: RetentionRepository,
  ) {}

  /** The dry run: per experiment with a retention, whether it is due and what a run would erase. */
  async preview(today = todayIso(), m: EntityManager = this.ds.manager): Promise<RetentionRow[]> {
    const rows = await this.repo.dueRows(m, today);
    return rows.map((x) => ({
      experiment: x.experiment,
      endDate: x.endDate,
      retentionMonths: x.retentionMonths,
      expiresOn: x.expiresOn,
      due: x.due,
      enrolments: x.enrolments,
      erase: { enrolments: x.due ? x.enrolments : 0, participants: x.participants },
    }));
  }

  /**
   * Erases what is due (all experiments, or only `only`), in one transaction. The caller's
   * context must be a beheerder or the system (the erase functions refuse anyone else).
   */
  async run(actor: string, opts: { today?: string; only?: string[] } = {}) {
    const today = opts.today ?? todayIso();
    return this.ds.transaction(async (m) => {
      const due = (await this.preview(today, m)).filter(
        (r) => r.due && r.enrolments > 0 && (!opts.only || opts.only.includes(r.experiment)),
      );
      if (!due.length) return { erased: [], totals: {} as Record<string, number> };
      const keys = due.map((r) => r.experiment);
      const totals = await this.repo.erase(m, keys);
      for (const r of due) {
        await this.audit.record(m, {
          actor,
          action: 'retention_erase',
          entity: 'experiment',
          entityId: r.experiment,
          after: {
            expiresOn: r.expiresOn,
            retentionMonths: r.retentionMonths,
            enrolments: r.erase.enrolments,
            participants: r.erase.participants,
          },
        });
      }
      return { erased: due.map((r) => ({ experiment: r.experiment, ...r.erase })), totals };
    });
  }
}
