/**
 * The analysis dataset of one experiment (issue 14 item 12): one row per enrolment, for analysts
 * who take the data to R, SPSS or Excel. The columns are defined here once — name, Dutch
 * description, type, allowed values and how a row fills them — and the CSV, the XLSX, the JSON
 * and the data dictionary are all written from this list, so they cannot drift apart
 * (dataset.spec.ts). The R commands that reproduce the primary comparison from the CSV alone are
 * written here too, from the same column names.
 *
 * File conventions (chosen for R `read.csv2`, SPSS and Dutch Excel): `;` between fields, UTF-8
 * with a byte order mark (Excel reads UTF-8 only with it; R reads it with
 * `fileEncoding = "UTF-8-BOM"`), CRLF line ends, a decimal comma, dates as ISO `JJJJ-MM-DD` (R
 * `as.Date` and SPSS `SDATE10` read them as they are; dd-mm-jjjj is ambiguous to both), an empty
 * field for a missing value, codes as the platform stores them (plain ASCII), and every text cell
 * through the spreadsheet neutraliser (spreadsheet.ts) as in every other export.
 */
import { csvField } from './spreadsheet';
import {
  EMOTION_LABELS,
  KLANTPROFIEL_LABELS,
  METRIC_LABELS,
  PHASE_LABELS,
  SCORE_LABELS,
  SEGMENT_LABELS,
} from './labels';
import { BELEVING_ITEMS, curveCause, EMOTIONS, KLANTPROFIELEN, PHASES, SEGMENTS, type Phase } from './vocabulary';
import type { ExperimentDefinition } from './experiment-definition';

/** The klantbeleving scores of one phase in the dataset: rapportcijfer, the five items, emotion. */
export const DATASET_SCORES = ['rapportcijfer', ...BELEVING_ITEMS] as const;
export type DatasetScore = (typeof DATASET_SCORES)[number];

/** The first klantbeleving measurement of a participant in one phase (on or before asOf). */
export type DatasetBeleving = Partial<Record<DatasetScore, number | null>> & { emotie?: string | null };

/** One enrolment as the dataset repository reads it. */
export interface DatasetRow {
  participantRef: string;
  gemeente: string;
  arm: string;
  /** the allocation stratum (permuted blocks), null when the arm was not drawn within a stratum */
  stratum: string | null;
  klantprofiel: string | null;
  segment: string | null;
  /** ISO date */
  enrolledOn: string;
  /** days to the first terminal outcome, or to asOf when censored (ResultsRepository.timeToEvent) */
  days: number;
  /** 0 censored at asOf, 1 gereed, 2 uitval, 3 other terminal outcome */
  cause: number;
  /** per outcome metric: 1 reached within the window, 0 not, null follow-up not complete */
  windows: Record<string, 0 | 1 | null>;
  /** per phase: the first scores in that phase */
  beleving: Partial<Record<Phase, DatasetBeleving>>;
  /** deliveries of the arm's own intervention on or before asOf (fidelity); null when the arm has none */
  delivered?: number | null;
  /** deliveries of another arm's intervention on or before asOf (contamination) */
  otherArmDelivered?: number | null;
}

export type DatasetColumnType = 'tekst' | 'geheel getal' | 'datum' | 'code';

/** One column: what the data dictionary says about it, and how a row fills it. */
export interface DatasetColumn {
  name: string;
  /** Dutch (B1) */
  description: string;
  type: DatasetColumnType;
  /** the allowed codes and what they mean (code columns) */
  values?: { code: string; meaning: string }[];
  /** the allowed range of a number, in words (`1 tot en met 10`) */
  range?: string;
  value: (r: DatasetRow) => string | number | null;
}

/** The column as the data dictionary lists it (everything but how a row fills it). */
export type DatasetDictionaryEntry = Omit<DatasetColumn, 'value'>;

export type DatasetExperiment = Pick<ExperimentDefinition, 'key' | 'arms' | 'primaryMetric' | 'followUpDays'> & {
  delivery?: ExperimentDefinition['delivery'];
};

/** The name of the window-outcome column of a metric. */
export const windowColumn = (metric: string): string => `venster_${metric}`;
/** The name of a klantbeleving column: `kb_<phase>_<item>` (item `emotie` for the emotion). */
export const belevingColumn = (phase: string, item: string): string => `kb_${phase}_${item}`;

const CAUSES = [
  { code: '0', meaning: 'Nog geen einde op de peildatum (gecensureerd)' },
  { code: '1', meaning: 'Gereed voor schuldregeling' },
  { code: '2', meaning: 'Uitval' },
  {
    code: '3',
    meaning: 'Ander einde: andere oplossing, informatie en advies, of uit beeld (verhuisd, overleden of anders)',
  },
];

const codes = (list: readonly string[], labels: Record<string, string>) =>
  list.map((code) => ({ code, meaning: labels[code] }));

/**
 * The dataset's columns for one experiment, in file order. `metrics`: the outcome metrics with a
 * window column (the results' metrics: primary, secondary outcome metrics, uitval). The fidelity
 * columns come with an experiment whose definition names what counts as delivered (`delivery`).
 */
export function datasetColumns(e: DatasetExperiment, metrics: readonly string[]): DatasetColumn[] {
  const W = e.followUpDays;
  const cols: DatasetColumn[] = [
    {
      name: 'deelnemer',
      description: 'Code van de deelnemer zoals de gemeente die vastlegt (pseudoniem: nooit naam of BSN).',
      type: 'tekst',
      value: (r) => r.participantRef,
    },
    {
      name: 'gemeente',
      description: 'Code van de gemeente van de deelnemer.',
      type: 'tekst',
      value: (r) => r.gemeente,
    },
    {
      name: 'arm',
      description: 'De arm waarin de deelnemer is ingeschreven (intention to treat: de arm van de inschrijving).',
      type: 'code',
      values: e.arms.map((a) => ({ code: a.key, meaning: `${a.name}${a.control ? ' (controlegroep)' : ''}` })),
      value: (r) => r.arm,
    },
    {
      name: 'stratum',
      description:
        'Stratum waarin de arm is geloot (blokrandomisatie: gemeente, of gemeente/klantprofiel). Leeg als de arm niet binnen een stratum is geloot. De gestratificeerde analyse van de resultaten gebruikt de gemeente.',
      type: 'tekst',
      value: (r) => r.stratum,
    },
    {
      name: 'klantprofiel',
      description: 'Klantprofiel bij inschrijving. Leeg: niet vastgelegd.',
      type: 'code',
      values: codes(KLANTPROFIELEN, KLANTPROFIEL_LABELS),
      value: (r) => r.klantprofiel,
    },
    {
      name: 'segment',
      description: 'Segment bij inschrijving. Leeg: niet vastgelegd.',
      type: 'code',
      values: codes(SEGMENTS, SEGMENT_LABELS),
      value: (r) => r.segment,
    },
    {
      name: 'inschrijfdatum',
      description: 'Datum van inschrijving in het experiment (JJJJ-MM-DD).',
      type: 'datum',
      value: (r) => r.enrolledOn,
    },
    {
      name: 'dagen',
      description:
        'Dagen van inschrijving tot het eerste einde van het traject (gereed, uitval of ander einde) op of vóór de peildatum; zonder einde: dagen tot de peildatum.',
      type: 'geheel getal',
      range: '0 of meer',
      value: (r) => r.days,
    },
    {
      name: 'oorzaak',
      description:
        'Wat het eerste einde was (concurrerende risico’s). Langdurige stabilisatie is geen einde: een latere gereed telt.',
      type: 'code',
      values: CAUSES,
      value: (r) => r.cause,
    },
    ...metrics.map((m): DatasetColumn => ({
      name: windowColumn(m),
      description: `${METRIC_LABELS[m as keyof typeof METRIC_LABELS] ?? m} binnen ${W} dagen na inschrijving${
        m === e.primaryMetric ? ' (primaire uitkomst)' : ''
      }. Leeg als de deelnemer minder dan ${W} dagen vóór de peildatum is ingeschreven (volgduur niet compleet).`,
      type: 'code',
      values: [
        { code: '1', meaning: `Binnen ${W} dagen bereikt` },
        { code: '0', meaning: `Niet binnen ${W} dagen bereikt` },
      ],
      value: (r) => r.windows[m] ?? null,
    })),
    ...PHASES.flatMap((phase): DatasetColumn[] => [
      ...DATASET_SCORES.map((item): DatasetColumn => ({
        name: belevingColumn(phase, item),
        description: `Klantbeleving, fase ${PHASE_LABELS[phase].toLowerCase()}: ${SCORE_LABELS[item]
          .replace(/ \(.*\)$/, '')
          .toLowerCase()} bij de eerste meting in deze fase (op of vóór de peildatum). Leeg: niet gemeten.`,
        type: 'geheel getal',
        range: item === 'rapportcijfer' ? '1 tot en met 10' : '1 tot en met 5 (hoger is beter)',
        value: (r) => r.beleving[phase]?.[item] ?? null,
      })),
      {
        name: belevingColumn(phase, 'emotie'),
        description: `Klantbeleving, fase ${PHASE_LABELS[phase].toLowerCase()}: de emotie bij de eerste meting in deze fase. Leeg: niet gemeten.`,
        type: 'code',
        values: codes(EMOTIONS, EMOTION_LABELS),
        value: (r) => r.beleving[phase]?.emotie ?? null,
      },
    ]),
  ];
  const delivery = Object.entries(e.delivery ?? {});
  if (delivery.length) {
    const what = delivery
      .map(([arm, d]) => `${arm}: ${d.label.toLowerCase()} (${d.expected} keer verwacht)`)
      .join('; ');
    cols.push(
      {
        name: 'geleverd',
        description: `Fidelity: hoe vaak de deelnemer de interventie van de eigen arm kreeg, op of vóór de peildatum (${what}). Leeg: deze arm heeft geen interventie om te leveren (meestal de controlegroep).`,
        type: 'geheel getal',
        range: '0 of meer',
        value: (r) => r.delivered ?? null,
      },
      {
        name: 'geleverd_andere_arm',
        description:
          'Hoe vaak de deelnemer de interventie van een andere arm kreeg, op of vóór de peildatum (besmetting tussen de groepen).',
        type: 'geheel getal',
        range: '0 of meer',
        value: (r) => r.otherArmDelivered ?? null,
      },
    );
  }
  return cols;
}

/** The data dictionary: every column without its fill function. */
export function datasetDictionary(cols: readonly DatasetColumn[]): DatasetDictionaryEntry[] {
  return cols.map(({ value: _value, ...entry }) => entry);
}

/** The codes of a dictionary entry in one cell: `1 = Gereed; 2 = Uitval`. */
export const dictionaryValues = (d: DatasetDictionaryEntry): string =>
  [d.values?.map((v) => `${v.code} = ${v.meaning}`).join('; '), d.range].filter(Boolean).join('; ');

/** A number with a decimal comma (read.csv2, SPSS and Dutch Excel). */
const decimal = (n: number): string => (Number.isFinite(n) ? String(n).replace('.', ',') : '');

/** One row of cells in column order (numbers as numbers, text neutralised by the writer). */
export const datasetCells = (cols: readonly DatasetColumn[], r: DatasetRow) => cols.map((c) => c.value(r));

/** The CSV: BOM, header of column names, `;`, CRLF, decimal comma, empty for missing. */
export function datasetCsv(cols: readonly DatasetColumn[], rows: readonly DatasetRow[]): string {
  const line = (cells: (string | number | null)[]) =>
    cells.map((c) => (typeof c === 'number' ? decimal(c) : csvField(c, ';'))).join(';');
  return `\uFEFF${[line(cols.map((c) => c.name)), ...rows.map((r) => line(datasetCells(cols, r)))].join('\r\n')}\r\n`;
}

/** The dictionary as CSV, in the same conventions as the data. */
export function dictionaryCsv(entries: readonly DatasetDictionaryEntry[]): string {
  const line = (cells: string[]) => cells.map((c) => csvField(c, ';')).join(';');
  return `\uFEFF${[
    line(['kolom', 'omschrijving', 'type', 'waarden']),
    ...entries.map((d) => line([d.name, d.description, d.type, dictionaryValues(d)])),
  ].join('\r\n')}\r\n`;
}

/** The file name of the dataset as downloaded: `<key>-analysebestand-<asOf>.csv`. */
export const datasetFileName = (key: string, asOf: string, ext: 'csv' | 'xlsx' | 'R'): string =>
  `${key}-analysebestand-${asOf}.${ext}`;

const rString = (s: string) => JSON.stringify(s); // a double-quoted string with R-compatible escapes

/**
 * R commands that reproduce the primary comparison of the results endpoint from the CSV alone:
 * per arm against control, on the participants with complete follow-up, the rates, the risk
 * difference with Newcombe's interval (Wilson without continuity correction), Fisher's exact p;
 * and on every enrolment (time to the first end, competing causes) Gray's test and the
 * cause-specific log-rank test of the primary metric's cause, when it has one (gereed 1, uitval 2).
 * Base R plus `survival` and `cmprsk`.
 */
export function datasetRScript(e: DatasetExperiment, asOf: string): string {
  const control = e.arms.find((a) => a.control)!;
  const others = e.arms.filter((a) => !a.control).map((a) => a.key);
  const cause = curveCause(e.primaryMetric);
  const file = datasetFileName(e.key, asOf, 'csv');
  const lines = [
    `# Analysebestand ${e.key}, peildatum ${asOf}: de primaire vergelijking opnieuw berekend uit het bestand alleen.`,
    `# Uitkomst: ${windowColumn(e.primaryMetric)} (${METRIC_LABELS[e.primaryMetric as keyof typeof METRIC_LABELS] ?? e.primaryMetric} binnen ${e.followUpDays} dagen).`,
    `# Gebruik: Rscript ${datasetFileName(e.key, asOf, 'R')} [${file}]`,
    '# Nodig: R met de pakketten survival en cmprsk.',
    'suppressPackageStartupMessages({ library(survival); library(cmprsk) })',
    'args <- commandArgs(trailingOnly = TRUE)',
    `bestand <- if (length(args) > 0) args[1] else ${rString(file)}`,
    '# ";" tussen velden, decimale komma, UTF-8 met BOM, leeg = ontbrekend',
    '# codes blijven tekst (een code als 000123 houdt zijn nullen)',
    'tekst <- c(deelnemer = "character", gemeente = "character", arm = "character", stratum = "character")',
    'd <- read.csv2(bestand, fileEncoding = "UTF-8-BOM", na.strings = "", stringsAsFactors = FALSE, colClasses = tekst)',
    `uitkomst <- ${rString(windowColumn(e.primaryMetric))}`,
    `controle <- ${rString(control.key)}`,
    `armen <- c(${others.map(rString).join(', ')})`,
    `code <- ${cause ?? 'NA'}  # de code van de uitkomst in de kolom oorzaak (NA: geen eigen code, dan geen Gray en log-rank)`,
    'wilson <- function(x, n) prop.test(x, n, correct = FALSE)$conf.int[1:2]',
    'toon <- function(naam, waarde) cat(sprintf("%-30s %s\\n", naam, paste(format(waarde, digits = 15), collapse = " ")))',
    'for (arm in armen) {',
    '  v <- d[d$arm %in% c(arm, controle) & !is.na(d[[uitkomst]]), ]  # volgduur compleet',
    '  x1 <- sum(v[[uitkomst]][v$arm == arm]); n1 <- sum(v$arm == arm)',
    '  x0 <- sum(v[[uitkomst]][v$arm == controle]); n0 <- sum(v$arm == controle)',
    '  p1 <- x1 / n1; p0 <- x0 / n0; a <- wilson(x1, n1); b <- wilson(x0, n0)',
    '  cat(sprintf("%s tegen %s\\n", arm, controle))',
    '  toon("complete_arm", n1); toon("bereikt_arm", x1); toon("complete_controle", n0); toon("bereikt_controle", x0)',
    '  toon("percentage_arm", p1); toon("percentage_controle", p0)',
    '  toon("risicoverschil", p1 - p0)',
    '  toon("risicoverschil_ci95", c(p1 - p0 - sqrt((p1 - a[1])^2 + (b[2] - p0)^2), p1 - p0 + sqrt((a[2] - p1)^2 + (p0 - b[1])^2)))',
    '  toon("fisher_p", fisher.test(matrix(c(x1, n1 - x1, x0, n0 - x0), 2, byrow = TRUE))$p.value)',
    '  if (!is.na(code)) {',
    '    t <- d[d$arm %in% c(arm, controle), ]  # alle inschrijvingen tot de peildatum',
    '    toon("gray_p", unname(cuminc(t$dagen, t$oorzaak, t$arm, cencode = 0)$Tests[as.character(code), "pv"]))',
    '    t$gebeurtenis <- t$oorzaak == code  # andere oorzaken tellen als gecensureerd',
    '    lr <- survdiff(Surv(dagen, gebeurtenis) ~ arm, data = t)',
    '    toon("logrank_p", pchisq(lr$chisq, length(lr$n) - 1, lower.tail = FALSE))',
    '  }',
    '}',
  ];
  return `${lines.join('\n')}\n`;
}
