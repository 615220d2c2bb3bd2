import { HttpException, Injectable } from '@nestjs/common';
import { DomainError } from '@living-lab/domain';
import { checkQuarter, duplicateProblems, FunnelService } from '../../funnel/funnel.service';
import { parseFunnelCount, type FunnelCount } from '../../funnel/funnel-rules';
import { column, foreignGemeente, RowReader, type ColumnSpec, type ImportProblem } from '../import-format';
import type { ImportContext, ImportCounts, Importer } from '../importer';
import { NOTHING_WRITTEN } from '../importer';

interface FunnelGroup {
  gemeente: string;
  quarter: string;
  counts: FunnelCount[];
  rows: number[];
}

const FIELD_COLUMN = { step: 'stap', reason: 'reden', value: 'aantal', tag: 'herkomst' } as const;

/** A refusal of FunnelService as problems at the group's first row. */
function groupProblems(err: unknown, g: FunnelGroup): ImportProblem[] {
  if (!(err instanceof DomainError) && !(err instanceof HttpException)) throw err;
  const row = g.rows[0];
  if (err instanceof DomainError && err.problems.length)
    return err.problems.map((p) => ({
      row,
      column: p.field,
      value: p.field === 'gemeente' ? g.gemeente : null,
      message: p.message,
    }));
  // Without field problems the submission is refused as a whole: its gemeente (unknown, or not the user's).
  return [{ row, column: 'gemeente', value: g.gemeente, message: err.message }];
}

/**
 * `funnel`: aggregate funnel counts, grouped per gemeente and quarter; each group is stored as one
 * submission by FunnelService (a new one replaces it whole).
 */
@Injectable()
export class FunnelImporter implements Importer<Map<string, FunnelGroup>> {
  readonly kind = 'funnel';
  readonly columns: readonly ColumnSpec[] = [
    column('gemeente', true),
    column('kwartaal', true, ['quarter']),
    column('stap', true, ['step']),
    column('reden', false, ['reason']),
    column('aantal', true, ['value', 'count']),
    column('herkomst', true, ['tag', 'label', 'bron_type']),
    column('toelichting', false, ['note']),
  ];

  constructor(private readonly funnel: FunnelService) {}

  async stage(ctx: ImportContext): Promise<Map<string, FunnelGroup>> {
    const groups = new Map<string, FunnelGroup>();
    for await (const batch of ctx.rows)
      for (const { row, cells } of batch) {
        ctx.rowRead();
        const r = new RowReader(ctx.header, row, cells);
        const gemeente = r.gemeente();
        const quarterText = r.required('kwartaal');
        const quarter = quarterText?.toUpperCase();
        const qp = quarter !== undefined ? checkQuarter(quarter, ctx.today) : null;
        if (qp) r.problem('kwartaal', quarterText ?? '', qp);
        const parsed = parseFunnelCount(row, {
          step: r.get('stap'),
          reason: r.get('reden'),
          value: r.get('aantal'),
          tag: r.get('herkomst'),
          note: r.get('toelichting'),
        });
        // A cell the row checks refused already (privacy guard, control characters) keeps that one problem.
        const refused = new Set(r.problems.map((p) => p.column));
        for (const p of parsed.problems)
          if (!refused.has(FIELD_COLUMN[p.field])) r.problem(FIELD_COLUMN[p.field], p.value, p.message);
        if (r.problems.length || !gemeente || !quarter || !parsed.count) {
          ctx.problems.add(r.problems);
          continue;
        }
        if (ctx.user.role === 'gemeente' && gemeente !== ctx.user.gemeente) {
          ctx.problems.push(foreignGemeente(row, gemeente, ctx.user.gemeente));
          continue;
        }
        const key = `${gemeente}/${quarter}`;
        const g = groups.get(key) ?? { gemeente, quarter, counts: [], rows: [] };
        g.counts.push(parsed.count);
        g.rows.push(row);
        groups.set(key, g);
      }
    return groups;
  }

  async apply(ctx: ImportContext, groups: Map<string, FunnelGroup>): Promise<ImportCounts> {
    for (const g of groups.values())
      for (const d of duplicateProblems(g.counts))
        ctx.problems.push({ row: g.rows[d.index], column: 'stap', value: g.counts[d.index].step, message: d.message });
    if (ctx.problems.count) return NOTHING_WRITTEN;
    ctx.phase('opslaan');
    let created = 0;
    let unchanged = 0;
    for (const g of groups.values()) {
      try {
        const out = await this.funnel.submitWithin(ctx.m, ctx.user, g.gemeente, g.quarter, g.counts);
        if (out.changed) created += g.counts.length;
        else unchanged += g.counts.length;
        ctx.warnings.push(...out.warnings.map((w) => `${g.gemeente} ${g.quarter}: ${w}`));
      } catch (err) {
        ctx.problems.add(groupProblems(err, g));
      }
    }
    return { created, unchanged };
  }
}
