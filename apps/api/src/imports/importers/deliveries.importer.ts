import { Injectable } from '@nestjs/common';
import {
  armOfDeliveryKind,
  DELIVERY_KIND_PATTERN,
  EXPERIMENT_KEY_PATTERN,
  formatErrorMessage,
} from '@living-lab/domain';
import { FidelityRepository } from '../../fidelity/fidelity.repository';
import { column, foreignGemeente, RowReader, type ColumnSpec } from '../import-format';
import type { ImportContext, ImportCounts, Importer } from '../importer';
import { NOTHING_WRITTEN } from '../importer';

export interface DeliveryRow {
  row: number;
  gemeente: string;
  ref: string;
  experiment: string;
  kind: string;
  deliveredOn: string;
}

/** The checks of one deliveries row on its own (docs/formats.md, `deliveries`). */
export function deliveryRow(r: RowReader, today: string): DeliveryRow | null {
  const gemeente = r.gemeente();
  const ref = r.participantRef();
  const experiment = r.required('experiment');
  if (experiment !== undefined && !EXPERIMENT_KEY_PATTERN.test(experiment))
    r.problem('experiment', experiment, 'Geef de code van het experiment (kleine letters, cijfers en streepjes).');
  const kind = r.required('kind');
  if (kind !== undefined && !DELIVERY_KIND_PATTERN.test(kind))
    r.problem('kind', kind, 'Geef de soort levering zoals het plan die noemt, bijvoorbeeld bon_uitgereikt.');
  const deliveredOn = r.date('delivered_on', today);
  if (r.problems.length || !gemeente || !ref || !experiment || !kind || !deliveredOn) return null;
  return { row: r.row, gemeente, ref, experiment, kind, deliveredOn };
}

/**
 * `deliveries`: deliveries of an arm's intervention (fidelity, issue 14). Rows are kept in memory
 * (a file per gemeente and quarter is small) and checked together against the enrolments: the
 * participant is enrolled in the experiment, the kind is one of the experiment's, the date is on
 * or after the enrolment — the rules of the API route. A row equal to a delivery already recorded
 * (or to an earlier row of the file) changes nothing.
 */
@Injectable()
export class DeliveriesImporter implements Importer<DeliveryRow[]> {
  readonly kind = 'deliveries';
  readonly columns: readonly ColumnSpec[] = [
    column('gemeente', true),
    column('participant_ref', true),
    column('experiment', true, ['experiment_key']),
    column('kind', true, ['soort', 'levering']),
    column('delivered_on', true, ['datum', 'date']),
  ];

  constructor(private readonly repo: FidelityRepository) {}

  async stage(ctx: ImportContext): Promise<DeliveryRow[]> {
    const rows: DeliveryRow[] = [];
    for await (const batch of ctx.rows)
      for (const { row, cells } of batch) {
        ctx.rowRead();
        const r = new RowReader(ctx.header, row, cells);
        const d = deliveryRow(r, ctx.today);
        if (!d) {
          ctx.problems.add(r.problems);
          continue;
        }
        if (ctx.user.role === 'gemeente' && d.gemeente !== ctx.user.gemeente) {
          ctx.problems.push(foreignGemeente(row, d.gemeente, ctx.user.gemeente));
          continue;
        }
        rows.push(d);
      }
    return rows;
  }

  async apply(ctx: ImportContext, rows: DeliveryRow[]): Promise<ImportCounts> {
    ctx.phase('controleren');
    const found = await this.repo.importTargets(ctx.m, rows);
    const seen = new Set<string>();
    const fresh: (DeliveryRow & { participantId: string })[] = [];
    let unchanged = 0;
    rows.forEach((d, i) => {
      const t = found[i];
      const problem = (col: string, value: string, message: string) =>
        ctx.problems.push({ row: d.row, column: col, value, message });
      if (!t.participantId) return problem('participant_ref', d.ref, formatErrorMessage('participant.not_found'));
      if (!t.enrolledOn)
        return problem(
          'experiment',
          d.experiment,
          formatErrorMessage('delivery.not_enrolled', { experiment: d.experiment }),
        );
      const kinds = Object.values(t.delivery ?? {});
      if (!kinds.length)
        return problem('kind', d.kind, formatErrorMessage('delivery.no_kinds', { experiment: d.experiment }));
      if (!armOfDeliveryKind(t.delivery ?? undefined, d.kind))
        return problem(
          'kind',
          d.kind,
          formatErrorMessage('delivery.kind_unknown', {
            experiment: d.experiment,
            kinds: kinds.map((k) => `${k.kind} (${k.label})`).join(', '),
          }),
        );
      if (d.deliveredOn < t.enrolledOn)
        return problem(
          'delivered_on',
          d.deliveredOn,
          formatErrorMessage('delivery.before_enrolment', { enrolledOn: t.enrolledOn }),
        );
      const key = `${t.participantId}/${d.experiment}/${d.kind}/${d.deliveredOn}`;
      if (t.exists || seen.has(key)) {
        unchanged++;
        return;
      }
      seen.add(key);
      fresh.push({ ...d, participantId: t.participantId });
    });
    if (ctx.problems.count) return NOTHING_WRITTEN;
    ctx.phase('opslaan');
    await this.repo.insertImported(ctx.m, fresh, ctx.user.id, ctx.jobId);
    return { created: fresh.length, unchanged };
  }
}
