/**
 * Dutch notation for every renderer (decimal comma, Dutch dates) and the B1 labels of codes.
 * HTML and PDF format with these; the XLSX keeps numbers as numbers and uses matching formats.
 */

/** What a reviewer sees instead of a small count (report-anonymise.ts). */
export const SUPPRESSED = '<5';

export type Num = number | string | null | undefined;

const nf = new Map<string, Intl.NumberFormat>();
function fmt(opts: Intl.NumberFormatOptions): Intl.NumberFormat {
  const key = JSON.stringify(opts);
  if (!nf.has(key)) nf.set(key, new Intl.NumberFormat('nl-NL', opts));
  return nf.get(key)!;
}

/** A value that is not a finite number: `<5` stays `<5`, nothing becomes an en dash. */
function passThrough(v: Num): string | null {
  if (typeof v === 'string') return v;
  if (v === null || v === undefined || !Number.isFinite(v)) return '–';
  return null;
}

export const int = (v: Num) => passThrough(v) ?? fmt({ maximumFractionDigits: 0 }).format(v as number);
export const dec = (v: Num, digits = 1) =>
  passThrough(v) ?? fmt({ minimumFractionDigits: digits, maximumFractionDigits: digits }).format(v as number);
/** A fraction as a percentage with one decimal: 0.3214 → "32,1%". */
export const pct = (v: Num, digits = 1) =>
  passThrough(v) ??
  fmt({ style: 'percent', minimumFractionDigits: digits, maximumFractionDigits: digits }).format(v as number);
/** A difference of two fractions in percentage points, with sign: 0.0346 → "+3,5". */
export const pp = (v: Num) =>
  passThrough(v) ??
  fmt({ minimumFractionDigits: 1, maximumFractionDigits: 1, signDisplay: 'exceptZero' }).format((v as number) * 100);
/** A p-value: "< 0,001" or three decimals. */
export const pval = (v: Num) => {
  const s = passThrough(v);
  if (s !== null) return s;
  return (v as number) < 0.001 ? '< 0,001' : dec(v, 3);
};
export const ratio = (v: Num) => dec(v, 2);

/** An interval of two values with the same format: "24,9% – 40,0%". */
export function interval(v: unknown, f: (x: Num) => string): string {
  if (typeof v === 'string') return v;
  if (!Array.isArray(v) || v.length < 2) return '–';
  return `${f(v[0])} tot ${f(v[1])}`;
}

const dateFmt = new Intl.DateTimeFormat('nl-NL', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
const dateTimeFmt = new Intl.DateTimeFormat('nl-NL', {
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  timeZone: 'Europe/Amsterdam',
});
/** "2026-09-30" → "30 september 2026". */
export function date(v: unknown): string {
  if (typeof v !== 'string' || !v) return '–';
  const d = new Date(v.length === 10 ? `${v}T00:00:00Z` : v);
  if (Number.isNaN(d.getTime())) return v;
  return v.length === 10 ? dateFmt.format(d) : dateTimeFmt.format(d);
}

const titleCase = (s: string) => (s ? s.charAt(0).toUpperCase() + s.slice(1) : s);
const fromCode = (code: string) => titleCase(String(code).replace(/_/g, ' '));

export const METRIC: Record<string, string> = {
  gereed_voor_schuldregeling: 'Gereed voor schuldregeling',
  akkoord_schuldregeling: 'Akkoord schuldregeling',
  succesvol_afgerond: 'Succesvol afgerond',
  uitval: 'Uitval',
  terugval: 'Terugval',
  intake: 'Intake',
  no_show: 'Niet verschenen (no-show)',
  rapportcijfer: 'Rapportcijfer',
};
export const metric = (m: string) => METRIC[m] ?? fromCode(m);

export const PHASE: Record<string, string> = {
  aanmelding: 'Aanmelding',
  intake: 'Intake',
  overzicht: 'Overzicht',
  optimalisatie: 'Optimalisatie',
  financiele_stabiliteit: 'Financiële stabiliteit',
  stabilisatie: 'Stabilisatie',
};
export const PHASES = ['aanmelding', 'intake', 'overzicht', 'optimalisatie', 'financiele_stabiliteit'];
export const phase = (p: string) => PHASE[p] ?? fromCode(p);

export const ITEM: Record<string, string> = {
  rapportcijfer: 'Rapportcijfer (1 tot 10)',
  waardigheid: 'Waardigheid (1 tot 5)',
  duidelijkheid: 'Duidelijkheid (1 tot 5)',
  tempo: 'Tempo (1 tot 5)',
  foutloos: 'Zonder fouten (1 tot 5)',
  financiele_rust: 'Financiële rust (1 tot 5)',
};
export const item = (i: string) => ITEM[i] ?? fromCode(i);

export const EMOTIONS = ['angst', 'frustratie', 'moedeloos', 'hoopvol', 'rust'];
export const emotion = (e: string) => fromCode(e);

export const DESIGN: Record<string, string> = {
  individual_randomized: 'Loting per deelnemer',
  cluster_randomized: 'Loting per gemeente',
  stepped_wedge: 'Gemeenten beginnen na elkaar, door loting (stepped wedge)',
  historical_control: 'Vergelijking met een eerdere periode (0-meting en 1-meting)',
  concurrent_control: 'Vergelijking met andere gemeenten, zonder loting',
};
export const design = (d: string) => DESIGN[d] ?? fromCode(d);

export const STATUS: Record<string, string> = {
  running: 'Loopt',
  paused: 'Gepauzeerd',
  ended: 'Afgelopen',
  stopped: 'Gestopt',
  draft: 'Concept',
};
export const status = (s: string) => STATUS[s] ?? fromCode(s);

export const ALLOCATION: Record<string, string> = {
  platform: 'Door het platform',
  external: 'Door de gemeente',
  gemeente: 'Door de gemeente',
};
export const allocation = (a: unknown) =>
  typeof a === 'string'
    ? (ALLOCATION[a] ?? fromCode(a))
    : a && typeof a === 'object'
      ? fromCode(String((a as { mode?: unknown }).mode ?? (a as { method?: unknown }).method ?? JSON.stringify(a)))
      : '–';

export const STEP: Record<string, string> = {
  aanmelding: 'Aanmelding',
  no_show: 'Niet verschenen (no-show)',
  intake: 'Intake',
  instroom_stabilisatie: 'Instroom stabilisatie',
  gereed_voor_schuldregeling: 'Gereed voor schuldregeling',
  akkoord_schuldregeling: 'Akkoord schuldregeling',
  langdurige_stabilisatie: 'Langdurige stabilisatie',
  informatie_advies: 'Informatie en advies',
  andere_oplossing: 'Andere oplossing',
  uitval: 'Uitval',
};
export const step = (s: string) => STEP[s] ?? fromCode(s);

export const REASON: Record<string, string> = {
  afgewezen: 'Afgewezen',
  buiten_behandeling: 'Buiten behandeling gesteld',
  zelf_ingetrokken: 'Zelf ingetrokken',
  niet_verschenen: 'Niet meer verschenen',
  niet_in_aanmerking: 'Niet in aanmerking',
  onbekend: 'Onbekend',
};
export const reason = (r: string) => REASON[r] ?? fromCode(r);

export const SHARE: Record<string, string> = {
  intakePerAanmelding: 'Intake per aanmelding',
  gereedPerInstroom: 'Gereed per instroom',
  akkoordPerGereed: 'Akkoord per gereed',
};
export const share = (s: string) => SHARE[s] ?? fromCode(s);

export const yesNo = (b: unknown) => (b === true ? 'ja' : b === false ? 'nee' : '–');
