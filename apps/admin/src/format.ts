/** Dutch number and date formats (decimal commas, Dutch month names) and the words of the domain. */
import {
  BELEVING_ITEMS,
  DESIGNS,
  EMOTIONS,
  EXPERIMENT_STATUSES,
  KLANTPROFIELEN,
  MILESTONE_LABELS,
  MILESTONES,
  PHASES,
  SEGMENTS,
  UITVAL_REASONS,
  AANMELDROUTES,
} from '@living-lab/vocabulary';

export const LOCALE = 'nl-NL';
const nf = (d: number) => new Intl.NumberFormat(LOCALE, { minimumFractionDigits: d, maximumFractionDigits: d });
export const num = (v: number | null | undefined, digits = 0) =>
  v === null || v === undefined || !Number.isFinite(v) ? '–' : nf(digits).format(v);
export const pct = (v: number | null | undefined, digits = 1) =>
  v === null || v === undefined || !Number.isFinite(v) ? '–' : `${nf(digits).format(v * 100)}%`;
/** A difference in percentage points, with its sign. */
export const pp = (v: number | null | undefined, digits = 1) =>
  v === null || v === undefined || !Number.isFinite(v)
    ? '–'
    : `${v > 0 ? '+' : v < 0 ? '−' : ''}${nf(digits).format(Math.abs(v * 100))} procentpunt`;
export const interval = (ci: [number, number] | null | undefined, f: (v: number) => string = (v) => pct(v)) =>
  ci ? `${f(ci[0])} tot ${f(ci[1])}` : '–';
export const pValue = (p: number | null | undefined) =>
  p === null || p === undefined ? '–' : p < 0.001 ? '< 0,001' : num(p, 3);
export const date = (iso: string | null | undefined) => {
  if (!iso) return '–';
  const d = /^\d{4}-\d{2}-\d{2}$/.test(iso) ? new Date(`${iso}T12:00:00`) : new Date(iso);
  return Number.isNaN(d.getTime())
    ? iso
    : new Intl.DateTimeFormat(LOCALE, { day: 'numeric', month: 'long', year: 'numeric' }).format(d);
};
export const dateTime = (iso: string | null | undefined) =>
  iso
    ? new Intl.DateTimeFormat(LOCALE, {
        day: 'numeric',
        month: 'long',
        year: 'numeric',
        hour: '2-digit',
        minute: '2-digit',
      }).format(new Date(iso))
    : '–';
/** Today in the Netherlands (the API's own todayIso): the default of date fields and the limit it checks. */
export { todayIso } from '@living-lab/dates';

export const PHASE_LABELS: Record<string, string> = {
  aanmelding: 'Aanmelding',
  intake: 'Intake',
  overzicht: 'Overzicht',
  optimalisatie: 'Optimalisatie',
  financiele_stabiliteit: 'Financiële stabiliteit',
};
export const ITEM_LABELS: Record<string, string> = {
  rapportcijfer: 'Rapportcijfer (1–10)',
  waardigheid: 'Met respect behandeld',
  duidelijkheid: 'Weet waar ik sta',
  tempo: 'Tempo',
  foutloos: 'Zonder fouten',
  financiele_rust: 'Rust over geld',
};
export const EMOTION_LABELS: Record<string, string> = {
  angst: 'Angst',
  hoopvol: 'Hoopvol',
  moedeloos: 'Moedeloos',
  rust: 'Rust',
  frustratie: 'Frustratie',
};
export const REASON_LABELS: Record<string, string> = {
  afgewezen: 'Afgewezen',
  buiten_behandeling: 'Buiten behandeling gesteld',
  zelf_ingetrokken: 'Zelf ingetrokken',
  niet_verschenen: 'Niet meer verschenen',
  niet_in_aanmerking: 'Niet in aanmerking',
  onbekend: 'Onbekend',
};
export const STATUS_LABELS: Record<string, string> = {
  draft: 'Concept',
  running: 'Loopt',
  paused: 'Gepauzeerd',
  stopped: 'Gestopt',
  completed: 'Afgerond',
};
export const DESIGN_LABELS: Record<string, string> = {
  individual_randomized: 'Loting per deelnemer',
  cluster_randomized: 'Loting per gemeente',
  stepped_wedge: 'Gemeenten starten om de beurt (stepped wedge)',
  historical_control: 'Vergelijking met eerder (historische controle)',
  concurrent_control: 'Vergelijking met gemeenten zonder (gelijktijdige controle)',
};
export const ROLE_LABELS: Record<string, string> = {
  beheerder: 'Beheerder',
  projectleider: 'Projectleider',
  gemeente: 'Medewerker gemeente',
  reviewer: 'Reviewer',
};
export const KIND_LABELS: Record<string, string> = {
  enrolments: 'Inschrijvingen',
  events: 'Mijlpalen',
  beleving: 'Klantbeleving',
  funnel: 'Trechtertellingen',
};
export const METRIC_LABELS: Record<string, string> = { ...MILESTONE_LABELS, ...ITEM_LABELS };
export const metricLabel = (m: string) => METRIC_LABELS[m] ?? m;

const choices = (codes: readonly string[], labels: Record<string, string>) =>
  codes.map((id) => ({ id, name: labels[id] ?? id }));
export const MILESTONE_CHOICES = choices(MILESTONES, MILESTONE_LABELS);
export const PHASE_CHOICES = choices(PHASES, PHASE_LABELS);
export const EMOTION_CHOICES = choices(EMOTIONS, EMOTION_LABELS);
export const REASON_CHOICES = choices(UITVAL_REASONS, REASON_LABELS);
export const STATUS_CHOICES = choices(EXPERIMENT_STATUSES, STATUS_LABELS);
export const DESIGN_CHOICES = choices(DESIGNS, DESIGN_LABELS);
export const METRIC_CHOICES = choices([...MILESTONES, 'rapportcijfer', ...BELEVING_ITEMS], METRIC_LABELS);
export const KLANTPROFIEL_CHOICES = KLANTPROFIELEN.map((id) => ({ id, name: id[0].toUpperCase() + id.slice(1) }));
export const SEGMENT_CHOICES = SEGMENTS.map((id) => ({ id, name: id[0].toUpperCase() + id.slice(1) }));
export const AANMELDROUTE_CHOICES = choices(AANMELDROUTES, {
  eigen_melding: 'Eigen melding',
  vroegsignalering: 'Vroegsignalering',
  doorverwijzing: 'Doorverwijzing',
});
export const ROLE_CHOICES = choices(['beheerder', 'projectleider', 'gemeente', 'reviewer'], ROLE_LABELS);
export { BELEVING_ITEMS, PHASES };
