/**
 * The report as tables: one source for every format, so HTML, PDF and XLSX show the same numbers.
 * A cell keeps the JSON's value (a number, `<5`, text or null); each renderer only formats it.
 */
import {
  belevingUitvalSentence,
  boundarySentence,
  comparisonFinding,
  formatWarning,
  inJourneyOrder,
  phaseRank,
  withArmNames,
  CONCEALED,
  SUPPRESSED,
  survivorshipSentence,
  UITVAL_PHASES,
  SUBGROUP_PROFILE_NOTE,
  type ReadableWarning,
} from '@living-lab/domain';
import { COHORT_AGGREGATE_ONLY_NOTE, COHORT_EMPTY, COHORT_NOT_YET } from '@living-lab/domain';
import type {
  BelevingUitvalRow,
  CohortEstimate,
  DoorlooptijdEstimate,
  FunnelSummary,
  Readable,
  UitvalPhaseCount,
  ReportExperimentView,
  ReportView as ReportJson,
  SectorStep,
  Survivorship,
} from '@living-lab/domain';
import * as f from './format';
import { fidelityTable } from './fidelity-table';

export type Kind = 'text' | 'int' | 'rate' | 'chance' | 'pp' | 'ppu' | 'p' | 'ratio' | 'dec1' | 'dec2' | 'date';
export type Cell = number | string | null | [unknown, unknown];

export interface Column {
  label: string;
  kind: Kind;
  /** The cell is a 95% interval [lower, upper] (or `<5`). */
  interval?: boolean;
  /** Names the row: repeated in every part of a table split for a narrow page. */
  ident?: boolean;
  /** For narrow pages (HTML, PDF) a wide table is shown in parts; 0 = every part. */
  part?: number;
  /** Only in the workbook (the page shows it elsewhere, e.g. the sentences in a callout). */
  xlsxOnly?: boolean;
  /** On a page, a column with one value in every row moves into the caption. */
  collapse?: boolean;
}

export interface Table {
  /** Also the XLSX sheet name (at most 31 characters). */
  sheet: string;
  title: string;
  note?: string;
  columns: Column[];
  rows: { group?: string; cells: Cell[] }[];
  /** On a page, one row is shown as a list of label and value. */
  transpose?: boolean;
}

export interface PagePart {
  caption: string;
  columns: Column[];
  rows: Cell[][];
}

/**
 * How a table reads on a page (HTML, PDF): the rows of one experiment without the experiment
 * column, constant columns in the caption, a single row as label–value pairs, and wide tables in
 * parts that each repeat the columns that name the row.
 */
export function pageParts(t: Table, group?: string, title?: string): PagePart[] {
  const rows = t.rows.filter((r) => group === undefined || r.group === group).map((r) => r.cells);
  if (rows.length === 0) return [];
  let cols = t.columns
    .map((c, i) => ({ c, i }))
    .filter(({ c, i }) => !c.xlsxOnly && !(group !== undefined && i === 0 && c.label === 'Experiment'));
  const fixed: string[] = [];
  cols = cols.filter(({ c, i }) => {
    if (!c.collapse || (rows.length < 2 && !t.transpose)) return true;
    const vals = new Set(rows.map((r) => formatCell(c, r[i])));
    if (vals.size !== 1) return true;
    fixed.push(`${c.label.toLowerCase()}: ${[...vals][0]}`);
    return false;
  });
  const base = `${title ?? t.title}${fixed.length ? ` (${fixed.join('; ')})` : ''}`;
  if (t.transpose && rows.length === 1) {
    const label: Column = { label: 'Onderdeel', kind: 'text' };
    return [
      {
        caption: base,
        columns: [label, { label: 'Waarde', kind: 'text' }],
        rows: cols.map(({ c, i }) => [c.label, formatCell(c, rows[0][i])]),
      },
    ];
  }
  const parts = [...new Set(cols.map(({ c }) => c.part ?? 0).filter((p) => p > 0))].sort();
  const sets = parts.length
    ? parts.map((p) => cols.filter(({ c }) => c.ident || (c.part ?? 0) === 0 || c.part === p))
    : [cols];
  return sets
    .map((set, k) => ({
      caption: `${base}${sets.length > 1 ? `, deel ${k + 1} van ${sets.length}` : ''}`,
      columns: set.map(({ c }) => c),
      // in a part, a row with nothing to show (e.g. the control group in a comparison part) is left out
      rows: rows
        .filter((r) => sets.length === 1 || set.some(({ c, i }) => !c.ident && r[i] !== null && r[i] !== undefined))
        .map((r) => set.map(({ i }) => r[i])),
    }))
    .filter((p) => p.rows.length > 0);
}

/** Formats one cell the Dutch way for HTML and PDF. */
export function formatCell(col: Column, v: Cell): string {
  const one = (x: unknown): string => {
    const n = x as f.Num;
    switch (col.kind) {
      case 'int':
        return f.int(n);
      case 'rate':
        return f.pct(n);
      case 'pp':
        return f.pp(n);
      case 'ppu':
        return typeof n === 'number' ? f.dec(n * 100, 1) : f.dec(n);
      case 'p':
        return f.pval(n);
      case 'chance':
        return f.chance(n);
      case 'ratio':
        return f.ratio(n);
      case 'dec1':
        return f.dec(n, 1);
      case 'dec2':
        return f.dec(n, 2);
      case 'date':
        return f.date(n);
      default:
        return x === null || x === undefined || x === '' ? '–' : String(x);
    }
  };
  if (col.interval) return f.interval(v, one);
  return one(v);
}

/** True when a column holds numbers that read best aligned to the right. */
export const numeric = (c: Column) => c.kind !== 'text' && c.kind !== 'date';

/** A list of the report, or none where it is missing or suppressed as a whole (`<5`). */
const arr = <T>(v: readonly T[] | string | null | undefined): readonly T[] => (Array.isArray(v) ? v : []);
const num = (v: unknown): Cell => (typeof v === 'number' || typeof v === 'string' ? v : null);
const ci = (v: unknown): Cell => (Array.isArray(v) || typeof v === 'string' ? (v as Cell) : null);

export interface ExperimentView {
  key: string;
  title: string;
  e: ReportExperimentView;
  armName: (arm: string) => string;
  controlArm: string | undefined;
  /** Arm keys in plan order, control first. */
  arms: string[];
}

/** One metric's results, and one forest comparison, as a renderer reads them (full or anonymised). */
export type MetricView = ReportExperimentView['results']['metrics'][number];
export type ForestView = ReportExperimentView['forest'][number];

export function experimentViews(report: ReportJson): ExperimentView[] {
  return arr(report.experiments).map((e) => {
    const planArms = arr(e.plan?.arms);
    const names = new Map(planArms.map((a) => [a.key, a.name ?? a.key]));
    const control = planArms.find((a) => a.control)?.key;
    const keys = planArms.map((a) => a.key);
    const ordered = control ? [control, ...keys.filter((k) => k !== control)] : keys;
    return {
      key: e.plan?.key ?? '?',
      title: e.plan?.title ?? e.plan?.key ?? 'Experiment',
      e,
      armName: (a: string) => names.get(a) ?? a,
      controlArm: control,
      arms: ordered,
    };
  });
}

const CI_DAYS = [90, 180, 365];

/** Every table of the report, in reading order. */
export function buildTables(report: ReportJson): Table[] {
  const xs = experimentViews(report);
  const exp = (_x: ExperimentView | undefined): Column => ({ label: 'Experiment', kind: 'text', ident: true });
  const expCell = (x: ExperimentView) => x.title;
  const tables: Table[] = [];

  tables.push({
    sheet: 'Plan',
    title: 'Plan van het experiment',
    columns: [
      exp(xs[0]),
      { label: 'Sleutel', kind: 'text' },
      { label: 'Hypothese', kind: 'text' },
      { label: 'Opzet', kind: 'text' },
      { label: 'Wat de uitkomst zegt', kind: 'text' },
      { label: 'Fase van de hulp', kind: 'text' },
      { label: 'Indeling door', kind: 'text' },
      { label: 'Primaire uitkomst', kind: 'text' },
      { label: 'Andere uitkomsten', kind: 'text' },
      { label: 'Volgduur (dagen)', kind: 'int' },
      { label: 'Geplande tussenstanden', kind: 'int' },
      { label: 'Start', kind: 'date' },
      { label: 'Einde', kind: 'date' },
      { label: 'Status', kind: 'text' },
      { label: 'Groep', kind: 'text' },
      { label: 'Controlegroep', kind: 'text' },
      { label: 'Gewicht bij loting', kind: 'dec1' },
      { label: 'Gepland aantal', kind: 'int' },
    ],
    rows: xs.flatMap((x) => {
      const p = x.e.plan;
      return x.arms.map((a) => {
        const arm = arr(p.arms).find((y) => y.key === a);
        return {
          group: x.key,
          cells: [
            expCell(x),
            x.key,
            p.hypothesis ?? null,
            f.design(p.design),
            x.e.results?.labelText ?? null,
            f.phase(p.interventionPhase ?? '–'),
            f.allocation(p.allocation),
            f.metric(p.primaryMetric ?? ''),
            arr<string>(p.secondaryMetrics).map(f.metric).join(', ') || null,
            num(p.followUpDays),
            num(p.plannedLooks),
            p.start ?? null,
            p.end ?? null,
            f.status(p.status ?? ''),
            x.armName(a),
            f.yesNo(!!arm?.control),
            num(arm?.weight),
            num(p.plannedPerArm?.[a]),
          ],
        };
      });
    }),
  });

  tables.push({
    sheet: 'CONSORT',
    title: 'Stroom van deelnemers (CONSORT)',
    note: 'Volledig gevolgd: ingeschreven ten minste de volgduur vóór de peildatum. Alleen zij tellen mee in de percentages.',
    columns: [
      exp(xs[0]),
      { label: 'Groep', kind: 'text', ident: true },
      { label: 'Ingeschreven', kind: 'int' },
      { label: 'Nog niet lang genoeg gevolgd', kind: 'int' },
      { label: 'Volledig gevolgd', kind: 'int' },
      { label: 'Gereed', kind: 'int' },
      { label: 'Uitval', kind: 'int' },
      { label: 'Ander einde', kind: 'int' },
      { label: 'Nog bezig', kind: 'int' },
    ],
    rows: xs.flatMap((x) =>
      sortArms(x, arr(x.e.consort)).map((c) => ({
        group: x.key,
        cells: [
          expCell(x),
          x.armName(c.arm),
          num(c.enrolled),
          num(c.notYetComplete),
          num(c.complete),
          num(c.gereed),
          num(c.uitval),
          num(c.other),
          num(c.inProgress),
        ],
      })),
    ),
  });

  tables.push({
    sheet: 'Uitkomsten per arm',
    title: 'Uitkomsten per groep',
    note: 'Percentage: van de volledig gevolgde deelnemers, binnen de volgduur. Cumulatieve incidentie: van alle ingeschreven deelnemers, met rekening voor andere uitkomsten (Aalen–Johansen).',
    columns: [
      exp(xs[0]),
      { label: 'Uitkomst', kind: 'text', ident: true },
      { label: 'Groep', kind: 'text', ident: true },
      { label: 'Ingeschreven', kind: 'int', part: 1 },
      { label: 'Volledig gevolgd', kind: 'int', part: 1 },
      { label: 'Bereikt', kind: 'int', part: 1 },
      { label: 'Percentage', kind: 'rate', part: 1 },
      { label: '95%-interval', kind: 'rate', interval: true, part: 1 },
      ...CI_DAYS.flatMap((d): Column[] => [
        { label: `Cumulatief dag ${d}`, kind: 'rate', part: 2 },
        { label: `Interval dag ${d}`, kind: 'rate', interval: true, part: 2 },
      ]),
    ],
    rows: xs.flatMap((x) =>
      arr(x.e.results?.metrics).flatMap((m) =>
        sortArms(x, arr(m.arms)).map((a) => {
          const cum = (d: number) => arr(a.cumulativeIncidence).find((c) => c.day === d);
          return {
            group: x.key,
            cells: [
              expCell(x),
              f.metric(m.metric) + (m.primary ? ' (primair)' : ''),
              x.armName(a.arm),
              num(a.enrolled),
              num(a.complete),
              num(a.events),
              num(a.rate),
              ci(a.ci95),
              ...CI_DAYS.flatMap((d) => [num(cum(d)?.value), ci(cum(d)?.ci95)]),
            ],
          };
        }),
      ),
    ),
  });

  // Where uitval happened (issue 14): every uitval of enrolled participants up to the peildatum.
  const reasonCols: Column[] = f.REASONS.map((r) => ({ label: f.reason(r), kind: 'int', part: 2 }));
  tables.push({
    sheet: 'Uitval per fase',
    title: 'Waar vallen deelnemers uit?',
    note: 'Fase: waar de deelnemer was, volgens de laatste stap vóór de uitval. Alle uitval van ingeschreven deelnemers tot de peildatum, ook van wie nog niet de hele volgduur gevolgd is.',
    columns: [
      exp(xs[0]),
      { label: 'Groep', kind: 'text', ident: true },
      { label: 'Fase', kind: 'text', ident: true },
      { label: 'Uitval', kind: 'int' },
      { label: 'Aandeel van de uitval', kind: 'rate' },
      { label: 'Aandeel van de ingeschrevenen', kind: 'rate' },
      ...reasonCols,
    ],
    rows: xs.flatMap((x) =>
      sortArms(x, arr(x.e.results?.uitvalByPhase?.arms)).flatMap((a) => [
        {
          group: x.key,
          cells: [
            expCell(x),
            x.armName(a.arm),
            'Alle fasen',
            num(a.uitval),
            null,
            ratio(a.uitval, a.enrolled),
            ...f.REASONS.map((r) => reasonTotal(arr(a.phases), r)),
          ],
        },
        ...arr(a.phases).map((p) => ({
          group: x.key,
          cells: [
            expCell(x),
            x.armName(a.arm),
            f.uitvalPhase(p.phase),
            num(p.n),
            ratio(p.n, a.uitval),
            ratio(p.n, a.enrolled),
            ...f.REASONS.map((r) => num(byReason(p, r))),
          ],
        })),
      ]),
    ),
  });
  tables.push({
    sheet: 'Uitval per fase per gemeente',
    title: 'Uitval per fase, per gemeente',
    note: 'Aantal deelnemers dat uitviel, naar de fase waarin het gebeurde.',
    columns: [
      exp(xs[0]),
      { label: 'Gemeente', kind: 'text', ident: true },
      { label: 'Groep', kind: 'text', ident: true },
      { label: 'Ingeschreven', kind: 'int' },
      { label: 'Uitval', kind: 'int' },
      ...UITVAL_PHASES.map((ph): Column => ({ label: f.uitvalPhase(ph), kind: 'int', part: 2 })),
    ],
    rows: xs.flatMap((x) =>
      arr(x.e.results?.uitvalByPhase?.byGemeente).flatMap((g) =>
        sortArms(x, arr(g.arms)).map((a) => ({
          group: x.key,
          cells: [
            expCell(x),
            g.gemeente,
            x.armName(a.arm),
            num(a.enrolled),
            num(a.uitval),
            ...UITVAL_PHASES.map((ph) => phaseCount(arr(a.phases), ph)),
          ],
        })),
      ),
    ),
  });

  // Doorlooptijden (issue 14): Kaplan–Meier, a client still waiting counts as waiting
  const NOT_REACHED = 'niet bereikt';
  const days = (v: unknown): Cell => (v === null ? NOT_REACHED : num(v));
  const durationCells = (d: Readable<DoorlooptijdEstimate>): Cell[] => [
    num(d.n),
    num(d.events),
    days(d.median),
    Array.isArray(d.medianCi95) ? [days(d.medianCi95[0]), days(d.medianCi95[1])] : ci(d.medianCi95),
    d.withinNorm ? num(d.withinNorm.share) : null,
    d.withinNorm ? ci(d.withinNorm.ci95) : null,
  ];
  const durationParts = (x: ExperimentView) => {
    const dt = x.e.results?.doorlooptijd;
    return dt
      ? [
          { label: 'Aanmelding tot intake', part: dt.aanmeldingIntake },
          { label: 'Instroom tot gereed', part: dt.instroomGereed },
        ]
      : [];
  };
  tables.push({
    sheet: 'Doorlooptijd',
    title: 'Doorlooptijd in dagen',
    note: 'Mediaan: de helft van de deelnemers was er binnen dit aantal dagen (Kaplan–Meier: wie nog wacht, telt mee als wachtend). Binnen 28 dagen: de NVVK-norm van vier weken van aanmelding tot intake.',
    columns: [
      exp(xs[0]),
      { label: 'Doorlooptijd', kind: 'text', ident: true },
      { label: 'Groep of gemeente', kind: 'text', ident: true },
      { label: 'Aantal', kind: 'int' },
      { label: 'Stap bereikt', kind: 'int' },
      { label: 'Mediaan (dagen)', kind: 'dec1' },
      { label: 'Interval mediaan', kind: 'dec1', interval: true },
      { label: 'Binnen 28 dagen', kind: 'rate' },
      { label: 'Interval binnen 28 dagen', kind: 'rate', interval: true },
    ],
    rows: xs.flatMap((x) =>
      durationParts(x).flatMap(({ label, part }) => [
        ...sortArms(x, arr(part.arms)).map((a) => ({
          group: x.key,
          cells: [expCell(x), label, x.armName(a.arm), ...durationCells(a)],
        })),
        ...arr(part.byGemeente).map((g) => ({
          group: x.key,
          cells: [expCell(x), label, g.gemeente, ...durationCells(g)],
        })),
        // per gemeente per arm (a version published before it was added has none)
        ...arr(part.byGemeenteArm).map((g) => ({
          group: x.key,
          cells: [expCell(x), label, `${g.gemeente}, ${x.armName(g.arm)}`, ...durationCells(g)],
        })),
      ]),
    ),
  });

  tables.push(fidelityTable(xs)); // fidelity (issue 14): what each arm received

  tables.push({
    sheet: 'Vergelijkingen',
    title: 'Vergelijking met de controlegroep',
    note: 'Verschil in procentpunten. Holm: aangepaste p-waarde voor de andere uitkomsten. q: Benjamini–Hochberg over alle vergelijkingen in dit rapport.',
    columns: [
      exp(xs[0]),
      { label: 'Uitkomst', kind: 'text', ident: true },
      { label: 'Groep', kind: 'text', ident: true, collapse: true },
      { label: 'Tegen', kind: 'text', part: 1, collapse: true },
      { label: 'Verschil (procentpunt)', kind: 'pp', part: 1 },
      { label: '95%-interval verschil', kind: 'pp', interval: true, part: 1 },
      { label: 'Relatief risico', kind: 'ratio', part: 1 },
      { label: '95%-interval RR', kind: 'ratio', interval: true, part: 1 },
      { label: 'Odds ratio', kind: 'ratio', part: 1 },
      { label: 'p (Fisher)', kind: 'p', part: 1 },
      { label: 'p (Holm)', kind: 'p', part: 1 },
      { label: 'q (BH)', kind: 'p', part: 1 },
      { label: 'Kans beter dan controle', kind: 'chance', part: 2 },
      { label: 'p (Gray)', kind: 'p', part: 2 },
      { label: 'p (log-rank)', kind: 'p', part: 2 },
      { label: 'p (CMH, per gemeente)', kind: 'p', part: 2 },
      { label: 'Verschil MH (procentpunt)', kind: 'pp', part: 2 },
      { label: '95%-interval MH', kind: 'pp', interval: true, part: 2 },
      { label: 'p (Breslow–Day)', kind: 'p', part: 2 },
      { label: 'Aantal nodig voor één extra (NNT)', kind: 'dec1', part: 3 },
      { label: '95%-interval NNT', kind: 'dec1', interval: true, part: 3 },
      { label: 'Extra kosten per extra deelnemer gereed', kind: 'dec2', part: 3 },
      { label: 'Weggelaten gemeenten', kind: 'text', part: 3 },
      { label: 'In gewone woorden', kind: 'text', xlsxOnly: true },
    ],
    rows: xs.flatMap((x) =>
      arr(x.e.results?.metrics).flatMap((m) =>
        arr(m.comparisons).map((c) => {
          const nnt = c.numberNeededToTreat;
          const cost = c.extraCostPerExtraSuccess;
          return {
            group: x.key,
            cells: [
              expCell(x),
              f.metric(m.metric) + (m.primary ? ' (primair)' : ''),
              x.armName(c.arm),
              x.armName(c.vs),
              num(c.riskDifference),
              ci(c.ci95),
              num(c.riskRatio),
              ci(c.riskRatioCi),
              num(c.oddsRatio),
              num(c.fisherPValue),
              num(c.holmPValue),
              num(c.qValue),
              num(c.probabilityBetter),
              num(c.grayPValue),
              num(c.logRankPValue),
              num(c.stratified?.cmhPValue),
              num(c.stratified?.mhRiskDifference),
              ci(c.stratified?.mhRiskDifferenceCi),
              num(c.stratified?.breslowDayPValue),
              nnt.estimable ? num(nnt.value) : 'niet te schatten',
              nnt.estimable ? ci(nnt.ci95) : null,
              cost === undefined ? null : cost.estimable ? num(cost.value) : 'niet te schatten',
              arr<string>(c.stratified?.excludedGemeenten).join(', ') || null,
              sentence(x, m, c),
            ],
          };
        }),
      ),
    ),
  });

  tables.push({
    sheet: 'Per gemeente',
    title: 'Uitkomsten per gemeente',
    columns: [
      exp(xs[0]),
      { label: 'Uitkomst', kind: 'text', ident: true },
      { label: 'Gemeente', kind: 'text', ident: true },
      { label: 'Groep', kind: 'text', ident: true },
      { label: 'Ingeschreven', kind: 'int' },
      { label: 'Volledig gevolgd', kind: 'int' },
      { label: 'Bereikt', kind: 'int' },
      { label: 'Percentage', kind: 'rate' },
      { label: '95%-interval', kind: 'rate', interval: true },
    ],
    rows: xs.flatMap((x) =>
      arr(x.e.results?.metrics).flatMap((m) =>
        arr(m.byGemeente).flatMap((g) =>
          sortArms(x, arr(g.arms)).map((a) => ({
            group: x.key,
            cells: [
              expCell(x),
              f.metric(m.metric),
              g.gemeente,
              x.armName(a.arm),
              num(a.enrolled),
              num(a.complete),
              num(a.events),
              num(a.rate),
              ci(a.ci95),
            ],
          })),
        ),
      ),
    ),
  });

  tables.push({
    sheet: 'Forestplot',
    title: 'Verschil per gemeente (primaire uitkomst)',
    note: 'De gepoolde schatting is het Mantel–Haenszel-verschil over de gemeenten.',
    columns: [
      exp(xs[0]),
      { label: 'Vergelijking', kind: 'text', ident: true, collapse: true },
      { label: 'Gemeente', kind: 'text', ident: true },
      { label: 'Bereikt (groep)', kind: 'int' },
      { label: 'Volledig gevolgd (groep)', kind: 'int' },
      { label: 'Bereikt (controle)', kind: 'int' },
      { label: 'Volledig gevolgd (controle)', kind: 'int' },
      { label: 'Verschil (procentpunt)', kind: 'pp' },
      { label: '95%-interval', kind: 'pp', interval: true },
    ],
    rows: xs.flatMap((x) =>
      arr(x.e.forest).flatMap((fo) => [
        ...arr(fo.gemeenten).map((g) => ({
          group: x.key,
          cells: [
            expCell(x),
            `${x.armName(fo.arm)} tegen ${x.armName(fo.vs)}`,
            g.gemeente,
            num(g.treatment?.events),
            num(g.treatment?.complete),
            num(g.control?.events),
            num(g.control?.complete),
            num(g.riskDifference),
            ci(g.ci95),
          ] as Cell[],
        })),
        {
          group: x.key,
          cells: [
            expCell(x),
            `${x.armName(fo.arm)} tegen ${x.armName(fo.vs)}`,
            'Alle gemeenten samen (MH)',
            null,
            null,
            null,
            null,
            num(fo.pooled?.riskDifference),
            ci(fo.pooled?.ci95),
          ] as Cell[],
        },
      ]),
    ),
  });

  tables.push({
    sheet: 'Subgroepen',
    title: 'Subgroepen (verkennend)',
    note: `Verkennend: alleen getoond bij ten minste 20 volledig gevolgde deelnemers per groep. Vervangt nooit de primaire uitkomst. ${SUBGROUP_PROFILE_NOTE}`,
    columns: [
      exp(xs[0]),
      { label: 'Uitkomst', kind: 'text', ident: true, collapse: true },
      { label: 'Indeling', kind: 'text', ident: true },
      { label: 'Subgroep', kind: 'text', ident: true },
      { label: 'Bereikt (groep)', kind: 'int' },
      { label: 'Volledig gevolgd (groep)', kind: 'int' },
      { label: 'Bereikt (controle)', kind: 'int' },
      { label: 'Volledig gevolgd (controle)', kind: 'int' },
      { label: 'Verschil (procentpunt)', kind: 'pp' },
      { label: '95%-interval', kind: 'pp', interval: true },
      { label: 'p (Fisher)', kind: 'p' },
      { label: 'p (verschil tussen subgroepen)', kind: 'p' },
    ],
    rows: xs.flatMap((x) =>
      arr(x.e.results?.metrics)
        .filter((m) => m.primary)
        .flatMap((m) =>
          arr(m.comparisons).flatMap((c) =>
            (['klantprofiel', 'segment'] as const).flatMap((by) => {
              const sg = c.subgroups?.[by];
              return arr(sg?.groups).map((g) => ({
                group: x.key,
                cells: [
                  expCell(x),
                  f.metric(m.metric),
                  by === 'klantprofiel' ? 'Klantprofiel' : 'Segment',
                  g[by] === undefined ? '–' : by === 'klantprofiel' ? f.klantprofiel(g[by]) : f.segment(g[by]),
                  num(g.treatment?.events),
                  num(g.treatment?.complete),
                  num(g.control?.events),
                  num(g.control?.complete),
                  g.shown === false ? 'te weinig' : num(g.riskDifference),
                  g.shown === false ? null : ci(g.ci95),
                  g.shown === false ? null : num(g.fisherPValue),
                  num(sg?.homogeneityPValue),
                ] as Cell[],
              }));
            }),
          ),
        ),
    ),
  });

  tables.push({
    sheet: 'Klantbeleving',
    title: 'Klantbeleving per fase en groep',
    note: 'Eén score per deelnemer per fase. Verschil met de controlegroep met Welch-interval; Mann–Whitney als controle zonder aanname over de verdeling.',
    columns: [
      exp(xs[0]),
      { label: 'Fase', kind: 'text', ident: true },
      { label: 'Onderdeel', kind: 'text', ident: true },
      { label: 'Groep', kind: 'text', ident: true },
      { label: 'Aantal', kind: 'int', part: 1 },
      { label: 'Gemiddelde', kind: 'dec2', part: 1 },
      { label: 'Spreiding (sd)', kind: 'dec2', part: 1 },
      { label: 'Mediaan', kind: 'dec1', part: 1 },
      { label: 'Verschil met controle', kind: 'dec2', part: 2 },
      { label: '95%-interval (Welch)', kind: 'dec2', interval: true, part: 2 },
      { label: 'p (Welch)', kind: 'p', part: 2 },
      { label: 'p (Mann–Whitney)', kind: 'p', part: 2 },
      { label: 'Let op', kind: 'text', xlsxOnly: true },
    ],
    rows: xs.flatMap((x) =>
      sortBeleving(arr(x.e.results?.beleving)).flatMap((b) =>
        x.arms
          .map((armKey) => {
            const a = arr(b.arms).find((y) => y.arm === armKey);
            if (!a) return null;
            const c = arr(b.comparisons).find((y) => y.arm === armKey);
            return {
              group: x.key,
              cells: [
                expCell(x),
                f.phase(b.phase),
                f.item(b.item),
                x.armName(a.arm),
                num(a.n),
                num(a.mean),
                num(a.sd),
                num(a.median),
                c ? num(c.meanDifference) : null,
                c ? ci(c.welchCi) : null,
                c ? num(c.welchPValue) : null,
                c ? num(c.mannWhitneyPValue) : null,
                survivorshipNote(b),
              ] as Cell[],
            };
          })
          .filter((r): r is { group: string; cells: Cell[] } => r !== null),
      ),
    ),
  });

  tables.push({
    sheet: 'Emoties',
    title: 'Emoties per fase en groep',
    note: 'Aandeel van de deelnemers dat deze emotie koos. Angst, frustratie en moedeloosheid zijn risico’s op uitval.',
    columns: [
      exp(xs[0]),
      { label: 'Fase', kind: 'text', ident: true },
      { label: 'Groep', kind: 'text', ident: true },
      { label: 'Aantal', kind: 'int' },
      ...f.EMOTIONS.map((e): Column => ({ label: f.emotion(e), kind: 'rate' })),
      { label: 'Let op', kind: 'text', xlsxOnly: true },
    ],
    rows: xs.flatMap((x) =>
      sortPhase(arr(x.e.results?.emotions)).flatMap((em) =>
        sortArms(x, arr(em.arms)).map((a) => ({
          group: x.key,
          cells: [
            expCell(x),
            f.phase(em.phase),
            x.armName(a.arm),
            num(a.n),
            ...f.EMOTIONS.map((e) => (typeof a.shares === 'string' ? a.shares : num(a.shares?.[e] ?? 0))),
            survivorshipNote(em),
          ] as Cell[],
        })),
      ),
    ),
  });

  tables.push(...belevingUitvalTables(xs, exp, expCell));

  tables.push({
    sheet: 'Bewaking',
    title: 'Bewaking van de analyse',
    transpose: true,
    note: 'SRM: kloppen de aantallen per groep met de loting (alarm bij p < 0,001)? Grens: de O’Brien–Fleming-grens voor deze tussenstand. Kleinste verschil: wat met 80% kans te zien is bij het huidige aantal.',
    columns: [
      exp(xs[0]),
      { label: 'SRM chi-kwadraat', kind: 'dec2' },
      { label: 'p (SRM)', kind: 'p' },
      { label: 'SRM-alarm', kind: 'text' },
      { label: 'Tussenstand', kind: 'int' },
      { label: 'Geplande tussenstanden', kind: 'int' },
      { label: 'Informatie-fractie', kind: 'rate' },
      { label: 'Grens (z)', kind: 'dec2' },
      { label: 'Gemeten z', kind: 'dec2' },
      { label: 'Grens overschreden', kind: 'text' },
      { label: 'Kleinste aantoonbare verschil (procentpunt)', kind: 'ppu' },
      { label: 'Alfa', kind: 'dec2' },
      { label: 'Power', kind: 'rate' },
      { label: 'Primaire uitkomst', kind: 'text' },
      { label: 'Andere uitkomsten', kind: 'text' },
    ],
    rows: xs.map((x) => {
      const r = x.e.results;
      const g = r.guards;
      const s = g.sequential;
      return {
        group: x.key,
        cells: [
          expCell(x),
          num(r.srm?.chiSquare),
          num(r.srm?.pValue),
          r.srm ? f.yesNo(!!r.srm.mismatch) : null,
          s.available ? num(s.look) : null,
          s.available ? num(s.plannedLooks) : null,
          s.available ? num(s.informationFraction) : null,
          s.available ? num(s.boundaryZ) : null,
          s.available ? num(s.z) : null,
          s.available ? f.yesNo(s.crossed) : 'niet beschikbaar',
          num(g.power?.minimumDetectableDifference),
          num(g.power?.alpha),
          num(g.power?.power),
          g.multiplicity?.primary ?? null,
          g.multiplicity?.secondary ?? null,
        ] as Cell[],
      };
    }),
  });

  tables.push({
    sheet: 'Datakwaliteit',
    title: 'Datakwaliteit onder de cijfers',
    note: 'Herkomst: bron = rechtstreeks uit de registratie, samengesteld = uit meer dan één bron, schatting = geschat. De cijfers van de experimenten zijn geteld uit de gegevens per deelnemer (bron). Compleet: het deel van de ingeschreven deelnemers dat volledig gevolgd is (uitkomsten) of een score gaf (klantbeleving).',
    columns: [
      exp(xs[0]),
      { label: 'Onderdeel', kind: 'text', ident: true },
      { label: 'Herkomst', kind: 'text' },
      { label: 'Ingeschreven', kind: 'int' },
      { label: 'Volledig gevolgd of gemeten', kind: 'int' },
      { label: 'Compleet', kind: 'rate' },
    ],
    rows: xs.flatMap((x) => {
      const enrolledAll = sumShown(arr(x.e.consort).map((c) => c.enrolled));
      const outcomes = arr(x.e.results?.metrics).map((m) => {
        const enrolled = sumShown(arr(m.arms).map((a) => a.enrolled));
        const complete = sumShown(arr(m.arms).map((a) => a.complete));
        return {
          group: x.key,
          cells: [
            expCell(x),
            `${f.metric(m.metric)}${m.primary ? ' (primair)' : ''}`,
            'bron (gegevens per deelnemer)',
            enrolled,
            complete,
            fraction(complete, enrolled),
          ] as Cell[],
        };
      });
      const beleving = sortPhase(arr(x.e.results?.beleving).filter((b) => b.item === 'rapportcijfer')).map((b) => {
        const measured = sumShown(arr(b.arms).map((a) => a.n));
        return {
          group: x.key,
          cells: [
            expCell(x),
            `Klantbeleving ${f.phase(b.phase).toLowerCase()}`,
            'bron (ingevuld door deelnemer of medewerker)',
            enrolledAll,
            measured,
            fraction(measured, enrolledAll),
          ] as Cell[],
        };
      });
      return [...outcomes, ...beleving];
    }),
  });

  const sector = report.sector;
  const total = sector.total;
  // The quarter's flows are counts, never the study's ratios (those are per cohort, below).
  const steps: SectorStep[] = [
    'aanmelding',
    'no_show',
    'intake',
    'instroom_stabilisatie',
    'gereed_voor_schuldregeling',
    'akkoord_schuldregeling',
    'langdurige_stabilisatie',
    'informatie_advies',
    'andere_oplossing',
    'andere_uitstroom',
    'uitval',
  ];
  tables.push({
    sheet: 'Sectorfunnel',
    title: `Sector: aantallen in ${report.quarter ?? 'dit kwartaal'} (tellingen, geen verhoudingen)`,
    note: sector.note ?? undefined,
    columns: [
      { label: 'Stap', kind: 'text', ident: true },
      { label: 'Aantal', kind: 'int' },
    ],
    rows: steps.map((s) => ({ cells: [f.step(s), num(total.counts?.[s])] })),
  });
  tables.push(...cohortTables(report));
  tables.push({
    sheet: 'Uitval naar reden',
    title: 'Uitval naar reden',
    columns: [
      { label: 'Reden', kind: 'text', ident: true },
      { label: 'Aantal', kind: 'int' },
    ],
    rows: Object.entries(total.uitvalByReason ?? {})
      .sort(([a], [b]) => reasonOrder(a) - reasonOrder(b))
      .map(([k, v]) => ({ cells: [f.reason(k), num(v)] })),
  });
  tables.push({
    sheet: 'Sector uitval per fase',
    title: 'Uitval naar de fase waarin het gebeurde',
    note: 'Fase: waar de deelnemer was, volgens de laatste stap vóór de uitval. Alleen gemeenten met gegevens per deelnemer; de kwartaaltellingen hebben geen fase.',
    columns: [
      { label: 'Fase', kind: 'text', ident: true },
      { label: 'Uitval', kind: 'int' },
      { label: 'Aandeel van de uitval', kind: 'rate' },
      ...f.REASONS.map((r): Column => ({ label: f.reason(r), kind: 'int', part: 2 })),
    ],
    rows: arr(total.uitvalByPhase).map((p) => ({
      cells: [
        f.uitvalPhase(p.phase),
        num(p.n),
        ratio(p.n, phasesTotal(arr(total.uitvalByPhase))),
        ...f.REASONS.map((r) => num(byReason(p, r))),
      ],
    })),
  });
  tables.push({
    sheet: 'Sector uitval per gemeente',
    title: 'Uitval per fase, per gemeente',
    columns: [
      { label: 'Gemeente', kind: 'text', ident: true },
      ...UITVAL_PHASES.map((ph): Column => ({ label: f.uitvalPhase(ph), kind: 'int' })),
    ],
    rows: arr(sector.byGemeente)
      .filter((g) => arr(g.uitvalByPhase).length > 0)
      .map((g) => ({ cells: [g.gemeente, ...UITVAL_PHASES.map((ph) => phaseCount(arr(g.uitvalByPhase), ph))] })),
  });
  const funnelCols: Column[] = [
    { label: 'Aanmelding', kind: 'int' },
    { label: 'No-show', kind: 'int' },
    { label: 'Intake', kind: 'int' },
    { label: 'Instroom', kind: 'int' },
    { label: 'Gereed', kind: 'int' },
    { label: 'Akkoord', kind: 'int' },
    { label: 'Uitval', kind: 'int' },
  ];
  const funnelCells = (s: Readable<FunnelSummary>): Cell[] => [
    num(s.counts?.aanmelding),
    num(s.counts?.no_show),
    num(s.counts?.intake),
    num(s.counts?.instroom_stabilisatie),
    num(s.counts?.gereed_voor_schuldregeling),
    num(s.counts?.akkoord_schuldregeling),
    num(s.counts?.uitval),
  ];
  tables.push({
    sheet: 'Sector per gemeente',
    title: 'Sector per gemeente: aantallen in dit kwartaal',
    columns: [{ label: 'Gemeente', kind: 'text', ident: true }, ...funnelCols],
    rows: arr(sector.byGemeente).map((g) => ({ cells: [g.gemeente, ...funnelCells(g)] })),
  });
  tables.push({
    sheet: 'Trend',
    title: 'Trend over de kwartalen: aantallen',
    note: 'De drie kwartalen ervoor en dit kwartaal: per stap het aantal deelnemers dat die stap in het kwartaal bereikte. De verhoudingen van de studie staan bij de verhoudingen per cohort.',
    columns: [{ label: 'Kwartaal', kind: 'text', ident: true }, ...funnelCols],
    rows: [
      ...arr(sector.trend).map((t) => ({ cells: [t.quarter, ...funnelCells(t)] })),
      { cells: [`${report.quarter} (dit kwartaal)`, ...funnelCells(total)] },
    ],
  });

  const TAGS = ['bron', 'samengesteld', 'schatting', 'deelnemers'] as const;
  tables.push({
    sheet: 'Herkomst sector',
    title: 'Herkomst van de aangeleverde aantallen per stap',
    note: 'Per gemeente de totalen die zij zelf aanleverde (bron, samengesteld of schatting) of, zonder aanlevering, de telling uit de gegevens per deelnemer.',
    columns: [
      { label: 'Stap', kind: 'text', ident: true },
      { label: 'Aantal', kind: 'int' },
      { label: 'Bron', kind: 'int' },
      { label: 'Samengesteld', kind: 'int' },
      { label: 'Schatting', kind: 'int' },
      { label: 'Uit gegevens per deelnemer', kind: 'int' },
    ],
    rows: arr(sector.submissions?.steps).map((st) => ({
      cells: [
        f.funnelStep(st.step),
        num(st.value),
        ...TAGS.map((t) => (typeof st.byTag === 'string' ? st.byTag : num(st.byTag?.[t] ?? 0))),
      ] as Cell[],
    })),
  });
  tables.push({
    sheet: 'Registratie per gemeente',
    title: 'Hoe compleet de registratie is, per gemeente',
    note: 'Kwaliteitsscore 0 tot 100: het gemiddelde van de geregistreerde mijlpalen, de mogelijke volgorde, de geregistreerde vervolgstappen en de gemeten klantbeleving.',
    columns: [
      { label: 'Gemeente', kind: 'text', ident: true },
      { label: 'Deelnemers', kind: 'int' },
      { label: 'Kwaliteitsscore (0 tot 100)', kind: 'int' },
      { label: 'Herkomst', kind: 'text' },
    ],
    rows: arr(report.dataQuality).map((d) => {
      const sub = arr(sector.submissions?.gemeenten).find((g) => g.gemeente === d.gemeente);
      return {
        cells: [
          d.gemeente,
          num(d.participants),
          num(d.completenessScore),
          sub
            ? sub.source === 'aggregaat'
              ? `aangeleverd: ${arr<string>(sub.tags).join(', ')}`
              : 'geteld uit de gegevens per deelnemer'
            : 'geteld uit de gegevens per deelnemer',
        ] as Cell[],
      };
    }),
  });

  tables.push({
    sheet: 'Waarschuwingen',
    title: 'Waarschuwingen',
    columns: [
      { label: 'Experiment', kind: 'text', ident: true },
      { label: 'Waarschuwing', kind: 'text' },
    ],
    rows: xs.flatMap((x) => warnings(x).map((w) => ({ group: x.key, cells: [x.title, w] }))),
  });
  return tables;
}

/** The warnings of an experiment in words: the JSON's own, plus what the guards flag. */
export function warnings(x: ExperimentView): string[] {
  const r = x.e.results;
  const out: string[] = [];
  if (r.srm?.mismatch)
    out.push(
      `De aantallen per groep wijken sterk af van de loting (SRM, p ${f.pval(r.srm.pValue).startsWith('<') ? f.pval(r.srm.pValue) : `= ${f.pval(r.srm.pValue)}`}). Controleer de indeling voordat u de uitkomsten gebruikt.`,
    );
  const s = r.guards?.sequential;
  if (s?.available) out.push(boundarySentence(s));
  if (r.label && r.label !== 'effect') out.push(r.labelText ?? 'Dit is een samenhang, geen bewijs van effect.');
  // From the coded warnings, with each arm by its name; a version published before warnings were
  // coded has only the sentences, shown as stored.
  const details = r.warningDetails as readonly ReadableWarning[] | undefined;
  if (details) for (const w of details) out.push(formatWarning(withArmNames(w, x.armName)));
  else out.push(...arr<string>(r.warnings));
  return out;
}

/**
 * The B1 sentence of a comparison, made from the report's figures by the one rule of libs/domain
 * (findings.ts): a reviewer's view quotes no rate built on a suppressed count, and a version
 * stored before the rule changed reads by today's rule.
 */
export function sentence(x: ExperimentView, m: MetricView, c: MetricView['comparisons'][number]): string {
  return comparisonFinding(x.e.results, m, c, x.armName);
}

/** The sum of counts; `<5` when one of them is hidden. */
function sumShown(xs: readonly unknown[]): Cell {
  let s = 0;
  for (const x of xs) {
    if (typeof x === 'string') return x;
    if (typeof x === 'number') s += x;
  }
  return s;
}
const fraction = (a: Cell, b: Cell): Cell =>
  typeof a === 'number' && typeof b === 'number'
    ? b > 0
      ? Math.min(1, a / b)
      : null
    : typeof a === 'string'
      ? a
      : null;

/** Rows of arms in the order of the plan, control first. */
function sortArms<T extends { arm: string }>(x: ExperimentView, xs: readonly T[]): T[] {
  return [...xs].sort((a, b) => x.arms.indexOf(a.arm) - x.arms.indexOf(b.arm));
}

const reasonOrder = (r: string) => {
  const i = Object.keys(f.REASON).indexOf(r);
  return i < 0 ? 99 : i;
};
const itemOrder = (it: string) => {
  const i = Object.keys(f.ITEM).indexOf(it);
  return i < 0 ? 99 : i;
};
/** Journey order of the phases (libs/domain), never alphabetical. */
function sortPhase<T extends { phase: string }>(xs: readonly T[]): T[] {
  return inJourneyOrder(xs, (x) => x.phase);
}
function sortBeleving<T extends { phase: string; item: string }>(xs: readonly T[]): T[] {
  return [...xs].sort((a, b) => phaseRank(a.phase) - phaseRank(b.phase) || itemOrder(a.item) - itemOrder(b.item));
}
export { sortPhase, sortBeleving };

type PhaseCountView = Readable<UitvalPhaseCount>;
/** A reason's count in a phase (0 when the phase has no such uitval). */
const byReason = (p: PhaseCountView, r: string): Cell =>
  typeof p.byReason === 'string' ? p.byReason : (p.byReason?.[r] ?? 0);
/** The count of a phase in a list of phases (0 when none happened there). */
function phaseCount(ps: readonly PhaseCountView[], phase: string): Cell {
  const p = ps.find((x) => x.phase === phase);
  return p ? num(p.n) : 0;
}
/** A reason's count over every phase; `<5` (or `×`) when any part is (the sum would reveal it). */
function reasonTotal(ps: readonly PhaseCountView[], r: string): Cell {
  let sum = 0;
  for (const p of ps) {
    const v = byReason(p, r);
    if (typeof v !== 'number') return v === CONCEALED ? CONCEALED : SUPPRESSED;
    sum += v;
  }
  return sum;
}
/** The total of the phases' counts, or `<5` when one is suppressed. */
function phasesTotal(ps: readonly PhaseCountView[]): Cell {
  let sum = 0;
  for (const p of ps) {
    if (typeof p.n !== 'number') return p.n === CONCEALED ? CONCEALED : SUPPRESSED;
    sum += p.n;
  }
  return sum;
}
/** a ÷ b from the report's counts: `<5` when either is, null without a base. */
function ratio(a: unknown, b: unknown): Cell {
  if (typeof a === 'string' || typeof b === 'string') return SUPPRESSED;
  return typeof a === 'number' && typeof b === 'number' && b > 0 ? a / b : null;
}

// Klantbeleving and uitval (issue 14, items 4 and 5): the tables and the words of every format.

type BelevingUitvalRowView = Readable<BelevingUitvalRow>;
type SurvivorshipView = Readable<Survivorship>;

/**
 * The caveat per klantbeleving phase where the arms' uitval before it differs (beleving-uitval.ts),
 * made by today's rule from the report's `differs`; phases in journey order, each once.
 */
export function survivorshipNotes(x: ExperimentView): { phase: string; text: string }[] {
  return survivorshipByPhase(x)
    .filter(({ s }) => s.differs === true)
    .map(({ phase }) => ({ phase, text: survivorshipSentence(phase) }));
}

/** The caveat of one phase comparison (a score or the emotions) when the arms' uitval before it differs; else null. */
function survivorshipNote(b: { phase: string; survivorship?: SurvivorshipView }): string | null {
  return b.survivorship?.differs === true ? survivorshipSentence(b.phase) : null;
}

/** The survivorship part of each klantbeleving phase (from the scores, else from the emotions). */
function survivorshipByPhase(x: ExperimentView): { phase: string; s: SurvivorshipView }[] {
  const seen = new Map<string, SurvivorshipView>();
  for (const b of [...arr(x.e.results?.beleving), ...arr(x.e.results?.emotions)])
    if (b.survivorship && !seen.has(b.phase)) seen.set(b.phase, b.survivorship);
  return sortPhase([...seen].map(([phase, s]) => ({ phase, s })));
}

/**
 * The sentences of klantbeleving and later uitval (all arms together, per phase), made from the
 * report's figures by the one rule of libs/domain: a reviewer's view quotes no hidden figure.
 */
export function belevingUitvalSentences(x: ExperimentView): { phase: string; text: string }[] {
  const bu = x.e.results?.belevingUitval;
  if (!bu) return [];
  return sortPhase(arr(bu.phases)).map((p) => ({
    phase: p.phase,
    text: belevingUitvalSentence(p.all, p.phase, Number(bu.followUpDays)),
  }));
}

function belevingUitvalTables(
  xs: ExperimentView[],
  exp: (x: ExperimentView | undefined) => Column,
  expCell: (x: ExperimentView) => string,
): Table[] {
  const rowCells = (x: ExperimentView, phase: string, r: BelevingUitvalRowView, followUpDays: number): Cell[] => [
    expCell(x),
    f.phase(phase),
    r.arm === null || r.arm === undefined ? 'Alle groepen' : x.armName(r.arm),
    num(r.negative?.complete),
    num(r.negative?.events),
    num(r.negative?.risk),
    ci(r.negative?.ci95),
    num(r.others?.complete),
    num(r.others?.events),
    num(r.others?.risk),
    ci(r.others?.ci95),
    num(r.riskRatio),
    ci(r.riskRatioCi),
    num(r.fisherPValue),
    num(r.uitvalBeforeScore),
    num(r.unclassified),
    belevingUitvalSentence(r, phase, followUpDays, r.arm === null || r.arm === undefined ? null : x.armName(r.arm)),
  ];
  const uitval: Table = {
    sheet: 'Klantbeleving en uitval',
    title: 'Klantbeleving en later uitval (samenhang)',
    note: 'Samenhang, geen bewijs dat het een het ander veroorzaakt. Negatief: de eerste score in de fase had de emotie angst, moedeloos of frustratie, of een rapportcijfer lager dan 6. Uitval: binnen de volgduur na de dag van de meting; alleen wie de hele volgduur na de meting gevolgd is, telt mee. Wie op of vóór de dag van de meting al uitviel, telt niet mee.',
    columns: [
      exp(xs[0]),
      { label: 'Fase', kind: 'text', ident: true },
      { label: 'Groep', kind: 'text', ident: true },
      { label: 'Negatief: gevolgd', kind: 'int', part: 1 },
      { label: 'Negatief: uitval', kind: 'int', part: 1 },
      { label: 'Negatief: risico', kind: 'rate', part: 1 },
      { label: 'Interval negatief', kind: 'rate', interval: true, part: 1 },
      { label: 'Anderen: gevolgd', kind: 'int', part: 1 },
      { label: 'Anderen: uitval', kind: 'int', part: 1 },
      { label: 'Anderen: risico', kind: 'rate', part: 1 },
      { label: 'Interval anderen', kind: 'rate', interval: true, part: 1 },
      { label: 'Relatief risico', kind: 'ratio', part: 2 },
      { label: '95%-interval RR', kind: 'ratio', interval: true, part: 2 },
      { label: 'p (Fisher)', kind: 'p', part: 2 },
      { label: 'Uitval vóór de meting', kind: 'int', part: 2 },
      { label: 'Niet in te delen', kind: 'int', part: 2 },
      { label: 'Wat we zien', kind: 'text', xlsxOnly: true },
    ],
    rows: xs.flatMap((x) => {
      const bu = x.e.results?.belevingUitval;
      if (!bu) return [];
      const days = Number(bu.followUpDays);
      return sortPhase(arr(bu.phases)).flatMap((p) => [
        { group: x.key, cells: rowCells(x, p.phase, p.all, days) },
        ...sortArms(
          x,
          arr(p.arms).filter((r): r is BelevingUitvalRowView & { arm: string } => typeof r.arm === 'string'),
        ).map((r) => ({ group: x.key, cells: rowCells(x, p.phase, r, days) })),
      ]);
    }),
  };
  const before: Table = {
    sheet: 'Uitval voor de fase',
    title: 'Uitval vóór elke fase van de klantbeleving',
    note: 'Klantbeleving in een latere fase meten we alleen bij wie dan nog meedoet. Aandeel: van de ingeschreven deelnemers, wie uitviel voordat de fase begon. Verschillen de groepen 5 procentpunten of meer, dan kan een verschil in klantbeleving in die fase ook komen doordat andere mensen overbleven.',
    columns: [
      exp(xs[0]),
      { label: 'Fase', kind: 'text', ident: true },
      { label: 'Groep', kind: 'text', ident: true },
      { label: 'Ingeschreven', kind: 'int' },
      { label: 'Uitval vóór de fase', kind: 'int' },
      { label: 'Aandeel', kind: 'rate' },
      { label: 'Verschil tussen de groepen', kind: 'pp' },
      { label: '5 procentpunten of meer', kind: 'text' },
    ],
    rows: xs.flatMap((x) =>
      survivorshipByPhase(x).flatMap(({ phase, s }) =>
        sortArms(x, arr(s.arms)).map((a) => ({
          group: x.key,
          cells: [
            expCell(x),
            f.phase(phase),
            x.armName(a.arm),
            num(a.enrolled),
            num(a.uitvalBefore),
            num(a.share),
            num(s.difference),
            f.yesNo(s.differs),
          ] as Cell[],
        })),
      ),
    ),
  };
  return [uitval, before];
}

type CohortEstimateView = Readable<CohortEstimate>;

/** The figure of a cohort estimate: the number (or `<5`), else the sentence why there is none. */
export function cohortFigure(e: CohortEstimateView | undefined): Cell {
  if (!e) return null;
  if (e.status === 'empty') return COHORT_EMPTY;
  if (e.status === 'not_yet') return COHORT_NOT_YET;
  return num(e.estimate);
}

/**
 * The study's ratios per entry cohort (issue 14): the sector against 2018, and per gemeente; a
 * gemeente with totals only gets its sentence. Every row names its cohort. None for a version
 * published before the cohorts were added.
 */
function cohortTables(report: ReportJson): Table[] {
  const c = report.sector?.cohortRatios;
  if (!c) return [];
  const ref = report.sector.reference2018;
  const figures = (e: CohortEstimateView): Cell[] => [
    num(e.n),
    num(e.events),
    cohortFigure(e),
    e.status === 'estimate' ? ci(e.ci95) : null,
  ];
  const counts: Column[] = [
    { label: 'In het cohort', kind: 'int' },
    { label: 'Binnen een jaar bereikt', kind: 'int' },
    { label: 'Kans binnen een jaar', kind: 'rate' },
    { label: '95%-interval', kind: 'rate', interval: true },
  ];
  return [
    {
      sheet: 'Verhoudingen per cohort',
      title: `Verhoudingen van de studie, per cohort (${c.cohort})`,
      note: c.note,
      columns: [
        { label: 'Verhouding', kind: 'text', ident: true },
        { label: 'Cohort', kind: 'text' },
        ...counts,
        { label: 'Eerst uitval of ander einde', kind: 'int', part: 2 },
        { label: 'Wacht nog, korter dan een jaar gevolgd', kind: 'int', part: 2 },
        { label: '2018 (indicatief)', kind: 'rate', part: 2 },
        { label: '2018 spreiding', kind: 'rate', interval: true, part: 2 },
      ],
      rows: arr(c.ratios).map((r) => ({
        cells: [
          f.share(r.ratio),
          r.cohortLabel,
          ...figures(r.total),
          num(r.total.competing),
          num(r.total.waitingUnderAYear),
          num(ref?.[r.ratio]?.value),
          ci(ref?.[r.ratio]?.range),
        ],
      })),
    },
    {
      sheet: 'Cohort per gemeente',
      title: `Verhoudingen per cohort (${c.cohort}), per gemeente`,
      note: COHORT_AGGREGATE_ONLY_NOTE,
      columns: [
        { label: 'Gemeente', kind: 'text', ident: true },
        { label: 'Verhouding', kind: 'text', ident: true },
        { label: 'Cohort', kind: 'text' },
        ...counts,
      ],
      rows: [
        ...arr(c.ratios).flatMap((r) =>
          arr(r.byGemeente).map((g) => ({ cells: [g.gemeente, f.share(r.ratio), r.cohortLabel, ...figures(g)] })),
        ),
        ...arr(c.aggregateOnly).map((g) => ({
          cells: [g.gemeente, 'Alle drie', `${c.cohort}`, null, null, g.note, null],
        })),
      ],
    },
  ];
}
