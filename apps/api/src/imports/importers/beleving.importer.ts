import { Injectable } from '@nestjs/common';
import { EMOTIONS, PHASES, todayIso } from '@living-lab/domain';
import { column, RowReader, type ColumnSpec, type Header, type ProblemList } from '../import-format';
import type { ImportContext, ImportCounts, Importer } from '../importer';
import { ImportsRepository } from '../imports.repository';
import { applyStaged, copyRows, copyValue, type RowEncoder, type StagedRows } from './staged-copy';

export interface BelevingRow {
  row: number;
  gemeente: string;
  ref: string;
  phase: string;
  measuredOn: string;
  rapportcijfer: number | null;
  waardigheid: number | null;
  duidelijkheid: number | null;
  tempo: number | null;
  foutloos: number | null;
  financiele_rust: number | null;
  emotie: string | null;
}

const ITEM_NAMES = ['waardigheid', 'duidelijkheid', 'tempo', 'foutloos', 'financiele_rust'] as const;

/** The checks of one beleving row on its own (docs/formats.md, `beleving`). */
export function belevingRow(r: RowReader, today = todayIso()): BelevingRow | null {
  const gemeente = r.gemeente();
  const ref = r.participantRef();
  const phase = r.code('phase', PHASES, 'fase', true);
  const measuredOn = r.date('measured_on', today);
  const rapportcijfer = r.int('rapportcijfer', 1, 10, 'Een rapportcijfer is een heel getal van 1 tot en met 10.');
  const items = ITEM_NAMES.map((n) => r.int(n, 1, 5, `${n}: een heel getal van 1 tot en met 5.`));
  const emotie = r.code('emotie', EMOTIONS, 'emotie', false);
  const scores = [rapportcijfer, ...items, emotie];
  if (!r.problems.length && scores.every((s) => s === undefined)) {
    r.problem('rapportcijfer', '', 'Geef minstens één score: een rapportcijfer, een van de vijf vragen of de emotie.');
  }
  if (r.problems.length || !gemeente || !ref || !phase || !measuredOn || scores.some((s) => s === null)) return null;
  const n = (v: number | null | undefined) => (v === undefined ? null : v);
  return {
    row: r.row,
    gemeente,
    ref,
    phase,
    measuredOn,
    rapportcijfer: n(rapportcijfer),
    waardigheid: n(items[0]),
    duidelijkheid: n(items[1]),
    tempo: n(items[2]),
    foutloos: n(items[3]),
    financiele_rust: n(items[4]),
    emotie: (emotie ?? null) as string | null,
  };
}

class BelevingEncoder implements RowEncoder {
  gemeente = '';
  constructor(
    private readonly header: Header,
    private readonly today: string,
    private readonly problems: ProblemList,
  ) {}

  line(row: number, cells: string[]): string | null {
    const r = new RowReader(this.header, row, cells);
    const b = belevingRow(r, this.today);
    if (!b) {
      this.problems.add(r.problems);
      return null;
    }
    this.gemeente = b.gemeente;
    const v = copyValue;
    return (
      `${row}\t${v(b.gemeente)}\t${v(b.ref)}\t${b.phase}\t${b.measuredOn}\t${v(b.rapportcijfer)}\t${v(b.waardigheid)}\t` +
      `${v(b.duidelijkheid)}\t${v(b.tempo)}\t${v(b.foutloos)}\t${v(b.financiele_rust)}\t${v(b.emotie)}\n`
    );
  }
}

/** `beleving`: klantbeleving scores, staged by COPY and checked and written set-based as events are. */
@Injectable()
export class BelevingImporter implements Importer<StagedRows> {
  readonly kind = 'beleving';
  readonly columns: readonly ColumnSpec[] = [
    column('gemeente', true),
    column('participant_ref', true),
    column('phase', true),
    column('measured_on', true),
    column('rapportcijfer', false),
    column('waardigheid', false),
    column('duidelijkheid', false),
    column('tempo', false),
    column('foutloos', false),
    column('financiele_rust', false),
    column('emotie', false),
  ];

  constructor(private readonly repo: ImportsRepository) {}

  async stage(ctx: ImportContext): Promise<StagedRows> {
    await this.repo.createBelevingStage(ctx.m);
    return copyRows(ctx, this.repo, new BelevingEncoder(ctx.header, ctx.today, ctx.problems));
  }

  apply(ctx: ImportContext, staged: StagedRows): Promise<ImportCounts> {
    return applyStaged(
      ctx,
      this.repo,
      staged,
      (m, limit) => this.repo.belevingConflicts(m, limit),
      (m, userId) => this.repo.insertBeleving(m, userId),
    );
  }
}
