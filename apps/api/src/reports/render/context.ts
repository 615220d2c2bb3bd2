/**
 * The gemeente context in every format (issue 14, item 8): each gemeente's werkwijze, regisseur,
 * uitbesteding and caseload of the report's year beside its figures, and the sector counts per
 * werkwijze. One set of tables here; HTML, PDF and XLSX only lay them out. A version published
 * before the context existed has none: every function then gives nothing.
 */
import {
  labelOf,
  UITBESTEDING_LABELS,
  WERKWIJZE_LABELS,
  WERKWIJZE_UNKNOWN_LABEL,
  type ReportView as ReportJson,
} from '@living-lab/domain';
import type { Cell, Column, Table } from './model';

export const CONTEXT_SHEETS = ['Werkwijze per gemeente', 'Sector per werkwijze'] as const;

type ContextView = NonNullable<ReportJson['sector']['context']>;

const num = (v: unknown): Cell => (typeof v === 'number' || typeof v === 'string' ? v : null);
const werkwijze = (w: string | undefined | null) =>
  w ? (w === 'onbekend' ? WERKWIJZE_UNKNOWN_LABEL : labelOf(WERKWIJZE_LABELS, w)) : WERKWIJZE_UNKNOWN_LABEL;
const parts = (xs: readonly string[] | undefined) =>
  xs === undefined ? null : xs.length ? xs.map((x) => labelOf(UITBESTEDING_LABELS, x)).join(', ') : 'niets';

/** The heading and the caution of the section, or null for a report without context. */
export function contextSection(report: ReportJson): { title: string; note: string } | null {
  const c: ContextView | undefined = report.sector?.context;
  if (!c) return null;
  return { title: `Werkwijze van de gemeenten in ${c.year}`, note: c.note };
}

/** The two tables of the section (none for a report without context). */
export function contextTables(report: ReportJson): Table[] {
  const c: ContextView | undefined = report.sector?.context;
  if (!c) return [];
  const figures = new Map(
    (Array.isArray(report.sector.byGemeente) ? report.sector.byGemeente : []).map((g) => [g.gemeente, g]),
  );
  // the study's ratio per entry cohort, where the report has it (the quarter's counts are no ratio)
  const cohort = report.sector.cohortRatios;
  const gereed = Array.isArray(cohort?.ratios) ? cohort.ratios.find((r) => r.ratio === 'gereedPerInstroom') : undefined;
  const cohortOf = new Map((Array.isArray(gereed?.byGemeente) ? gereed.byGemeente : []).map((g) => [g.gemeente, g]));
  const countCols: Column[] = [
    { label: 'Aanmeldingen (aantal)', kind: 'int' },
    { label: 'Instroom stabilisatie (aantal)', kind: 'int' },
    { label: 'Gereed (aantal)', kind: 'int' },
    ...(gereed
      ? [{ label: `Gereed per instroom, cohort ${cohort!.cohort} (een jaar gevolgd)`, kind: 'rate' } as Column]
      : []),
  ];
  const perGemeente: Table = {
    sheet: CONTEXT_SHEETS[0],
    title: `Werkwijze per gemeente in ${c.year}, naast de aantallen van dit kwartaal`,
    note: 'Zoals de gemeente het vastlegde voor dit jaar. Caseload: dossiers per fte. Niet vastgelegd: de gemeente gaf voor dit jaar niets op. De aantallen zijn tellingen van dit kwartaal, geen verhoudingen; de verhouding gereed per instroom is die van het cohort (zie de verhoudingen per cohort).',
    columns: [
      { label: 'Gemeente', kind: 'text', ident: true },
      { label: 'Werkwijze', kind: 'text' },
      { label: 'Regisseur', kind: 'text' },
      { label: 'Uitbesteed', kind: 'text' },
      { label: 'Caseload per fte', kind: 'dec1' },
      ...countCols,
    ],
    rows: (Array.isArray(c.gemeenten) ? c.gemeenten : []).map((g) => {
      const f = figures.get(g.gemeente);
      const x = g.context;
      return {
        cells: [
          g.gemeente,
          werkwijze(x?.werkwijze),
          x ? (x.regisseur ? 'ja' : 'nee') : null,
          x ? parts(x.uitbesteed) : null,
          x ? num(x.caseloadPerFte) : null,
          num(f?.counts?.aanmelding),
          num(f?.counts?.instroom_stabilisatie),
          num(f?.counts?.gereed_voor_schuldregeling),
          ...(gereed ? [num(cohortOf.get(g.gemeente)?.estimate)] : []),
        ],
      };
    }),
  };
  const perWerkwijze: Table = {
    sheet: CONTEXT_SHEETS[1],
    title: `De sector per werkwijze (${c.year}): aantallen deelnemers in dit kwartaal`,
    note: c.note,
    columns: [
      { label: 'Werkwijze', kind: 'text', ident: true },
      { label: 'Gemeenten', kind: 'text' },
      { label: 'Aanmeldingen (aantal)', kind: 'int' },
      { label: 'Intake (aantal)', kind: 'int' },
      { label: 'Instroom stabilisatie (aantal)', kind: 'int' },
      { label: 'Gereed (aantal)', kind: 'int' },
      { label: 'Akkoord (aantal)', kind: 'int' },
      { label: 'Uitval (aantal)', kind: 'int' },
    ],
    rows: (Array.isArray(c.byWerkwijze) ? c.byWerkwijze : []).map((w) => ({
      cells: [
        werkwijze(w.werkwijze),
        Array.isArray(w.gemeenten) && w.gemeenten.length ? w.gemeenten.join(', ') : 'geen',
        num(w.counts?.aanmelding),
        num(w.counts?.intake),
        num(w.counts?.instroom_stabilisatie),
        num(w.counts?.gereed_voor_schuldregeling),
        num(w.counts?.akkoord_schuldregeling),
        num(w.counts?.uitval),
      ],
    })),
  };
  return [perGemeente, perWerkwijze];
}
