import { Injectable } from '@nestjs/common';
import {
  datasetColumns,
  datasetDictionary,
  datasetRScript,
  todayIso,
  type DatasetColumn,
  type DatasetDictionaryEntry,
  type DatasetRow,
} from '@living-lab/domain';
import { AuditService } from '../audit/audit.service';
import type { AuthUser } from '../common/auth-user';
import { ExperimentsService } from '../experiments/experiments.service';
import { FidelityRepository } from '../fidelity/fidelity.repository';
import { milestoneMetrics } from '../results/results.analysis';
import { DatasetRepository } from './dataset.repository';

/** The dataset of one experiment as of a date: its columns (the dictionary) and one row per enrolment. */
export interface Dataset {
  experiment: string;
  asOf: string;
  followUpDays: number;
  columns: DatasetColumn[];
  rows: DatasetRow[];
}

/**
 * The analysis dataset (issue 14 item 12) for projectleiders and beheerders: every download is
 * audited (`download_dataset`: who, which experiment, as of which date, which format, how many rows).
 */
@Injectable()
export class DatasetService {
  constructor(
    private readonly repo: DatasetRepository,
    private readonly experiments: ExperimentsService,
    private readonly audit: AuditService,
    private readonly fidelity: FidelityRepository,
  ) {}

  private async columns(key: string) {
    const e = await this.experiments.get(key);
    const metrics = milestoneMetrics(e);
    return { e, metrics, columns: datasetColumns(e, metrics) };
  }

  async dataset(user: AuthUser, key: string, opts: { asOf?: string; format: string }): Promise<Dataset> {
    const { e, metrics, columns } = await this.columns(key);
    const asOf = opts.asOf ?? todayIso();
    const rows = await this.repo.rows(key, asOf, e.followUpDays, metrics);
    if (Object.keys(e.delivery ?? {}).length) {
      // fidelity: deliveries per enrolment (FidelityRepository), matched on gemeente and code (one enrolment each)
      const at = (g: string, ref: string) => `${g}\u0000${ref}`;
      const counts = new Map(
        (await this.fidelity.countsPerEnrolment(key, asOf)).map((c) => [at(c.gemeente, c.participantRef), c]),
      );
      for (const r of rows) {
        const c = counts.get(at(r.gemeente, r.participantRef));
        r.delivered = c?.kind ? c.delivered : null;
        r.otherArmDelivered = c ? c.otherArmDelivered : null;
      }
    }
    await this.audit.record(null, {
      actor: user.username,
      action: 'download_dataset',
      entity: 'experiment',
      entityId: key,
      after: { asOf, format: opts.format, rows: rows.length },
    });
    return { experiment: key, asOf, followUpDays: e.followUpDays, columns, rows };
  }

  async dictionary(key: string): Promise<DatasetDictionaryEntry[]> {
    return datasetDictionary((await this.columns(key)).columns);
  }

  async rScript(key: string, asOf?: string): Promise<string> {
    const { e } = await this.columns(key);
    return datasetRScript(e, asOf ?? todayIso());
  }
}
