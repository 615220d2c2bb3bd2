/**
 * Gemeente context (issue 14, item 8): how a gemeente organises stabilisatie in a year — its
 * werkwijze, whether clients have a regisseur, which parts are uitbesteed and the caseload per fte.
 * The 2019 study (organisatieanalyse, cijferanalyse) found 10–20 points more clients gereed voor
 * schuldregeling in gemeenten with more maatwerk and support, and asks how the variant of
 * stabilisatie matters (deelvraag 3). The lab records the context beside its figures to describe
 * that difference; gemeenten choose their own werkwijze, so a difference between the groups is
 * never an effect of the werkwijze.
 *
 * Pure data and rules: the API, the report and the web app (alias `@living-lab/gemeente-context`) read it.
 */
import type { FunnelSummary, SectorShare, SectorStep } from './report';
import { count, type Count } from './results';

/**
 * The two basic models of the study (in practice there are hybrids; a gemeente chooses the one
 * closest to how it works): `procesgericht` — one standard path of fixed steps, little contact, the
 * initiative with the client; `maatwerk` — the order and the help fitted to the client, much
 * contact and (traject)regie, attention for the problems behind the debts.
 */
export const WERKWIJZEN = ['procesgericht', 'maatwerk'] as const;
export type Werkwijze = (typeof WERKWIJZEN)[number];

/**
 * The parts of the work a gemeente can have done by a contract partner ("uitgevoerd door
 * uitbestedingspartner onder regie van de gemeente", organisatieanalyse of the study). An empty
 * list says: nothing is uitbesteed.
 */
export const UITBESTEDING_ONDERDELEN = [
  'intake',
  'stabilisatie',
  'administratieve_hulp',
  'budgetcoaching',
  'budgetbeheer',
  'schuldregeling',
  'brede_hulp',
] as const;
export type UitbestedingOnderdeel = (typeof UITBESTEDING_ONDERDELEN)[number];

export const WERKWIJZE_LABELS: Record<Werkwijze, string> = {
  procesgericht: 'Procesgericht',
  maatwerk: 'Maatwerk',
};

export const UITBESTEDING_LABELS: Record<UitbestedingOnderdeel, string> = {
  intake: 'Aanmelding en intake',
  stabilisatie: 'Stabilisatie (overzicht en stabiel worden)',
  administratieve_hulp: 'Administratieve hulp (formulieren, toeslagen)',
  budgetcoaching: 'Budgetcoaching',
  budgetbeheer: 'Budgetbeheer',
  schuldregeling: 'Schuldregeling (schulden regelen)',
  brede_hulp: 'Hulp bij werk, wonen, gezondheid of verslaving',
};

/** The label of a werkwijze in the report when a gemeente has recorded none for the year. */
export const WERKWIJZE_UNKNOWN_LABEL = 'Niet vastgelegd';

/** The earliest year a context can be recorded for. */
export const CONTEXT_FIRST_YEAR = 2000;
/** The highest caseload per fte accepted (the study saw 35 to 120 dossiers per medewerker). */
export const CASELOAD_MAX = 1000;

/** The context of one gemeente in one year, as the API answers it. */
export interface GemeenteContext {
  gemeente: string;
  year: number;
  werkwijze: Werkwijze;
  regisseur: boolean;
  /** In the order of UITBESTEDING_ONDERDELEN; empty: nothing is uitbesteed. */
  uitbesteed: UitbestedingOnderdeel[];
  /** Dossiers per fte (full-time job); null when the gemeente does not know it. */
  caseloadPerFte: number | null;
  recordedBy: string;
  recordedAt: string;
}

/** What a client sends to record a year's context (the body of PUT …/context/{year}). */
export type GemeenteContextInput = Pick<GemeenteContext, 'werkwijze' | 'regisseur' | 'uitbesteed' | 'caseloadPerFte'>;

/** One problem with the input, with its catalogue code (errors.ts) and the message's values. */
export interface ContextProblem {
  field: string;
  code:
    | 'context.year_invalid'
    | 'context.werkwijze_unknown'
    | 'context.regisseur_invalid'
    | 'context.uitbesteed_invalid'
    | 'context.uitbesteed_unknown'
    | 'context.caseload_invalid';
  params?: Record<string, string | number>;
}

/**
 * The year of a path (`2025`), or a problem: four digits, from 2000 up to and including the
 * current year (`today`, YYYY-MM-DD: a year in the future has no context yet).
 */
export function parseContextYear(raw: unknown, today: string): number | ContextProblem {
  const max = Number(today.slice(0, 4));
  const s = typeof raw === 'number' ? String(raw) : raw;
  if (typeof s !== 'string' || !/^[0-9]{4}$/.test(s) || Number(s) < CONTEXT_FIRST_YEAR || Number(s) > max)
    return { field: 'year', code: 'context.year_invalid', params: { min: CONTEXT_FIRST_YEAR, max } };
  return Number(s);
}

/**
 * Checks a body for PUT …/context/{year}: every field is required (`caseloadPerFte` may be null
 * for "onbekend"). Returns the input in its stored form (outsourced parts in vocabulary order,
 * without repeats; caseload rounded to 2 decimals) or every problem at once.
 */
export function checkContextInput(body: unknown): { ok: GemeenteContextInput } | { problems: ContextProblem[] } {
  const b = (body && typeof body === 'object' && !Array.isArray(body) ? body : {}) as Record<string, unknown>;
  const problems: ContextProblem[] = [];
  const werkwijze = b.werkwijze;
  if (typeof werkwijze !== 'string' || !(WERKWIJZEN as readonly string[]).includes(werkwijze))
    problems.push({ field: 'werkwijze', code: 'context.werkwijze_unknown' });
  if (typeof b.regisseur !== 'boolean') problems.push({ field: 'regisseur', code: 'context.regisseur_invalid' });
  let uitbesteed: UitbestedingOnderdeel[] = [];
  if (!Array.isArray(b.uitbesteed) || b.uitbesteed.length > 50 || b.uitbesteed.some((x) => typeof x !== 'string'))
    problems.push({ field: 'uitbesteed', code: 'context.uitbesteed_invalid' });
  else {
    const unknown = (b.uitbesteed as string[]).filter(
      (x) => !(UITBESTEDING_ONDERDELEN as readonly string[]).includes(x),
    );
    if (unknown.length)
      problems.push({
        field: 'uitbesteed',
        code: 'context.uitbesteed_unknown',
        params: {
          onderdelen: [...new Set(unknown)].map((x) => x.slice(0, 40)).join(', '),
          list: UITBESTEDING_ONDERDELEN.join(', '),
        },
      });
    else uitbesteed = UITBESTEDING_ONDERDELEN.filter((o) => (b.uitbesteed as string[]).includes(o));
  }
  const c = b.caseloadPerFte;
  if (
    c !== null &&
    (typeof c !== 'number' || !Number.isFinite(c) || c <= 0 || c > CASELOAD_MAX || Math.round(c * 100) <= 0)
  )
    problems.push({ field: 'caseloadPerFte', code: 'context.caseload_invalid', params: { max: CASELOAD_MAX } });
  if (problems.length) return { problems };
  return {
    ok: {
      werkwijze: werkwijze as Werkwijze,
      regisseur: b.regisseur as boolean,
      uitbesteed,
      caseloadPerFte: c === null ? null : Math.round((c as number) * 100) / 100,
    },
  };
}

/**
 * The Begrippen of the gemeente context, in the study's words (definitions.ts shows them in their
 * own group). Keys become `context.<key>`.
 */
export const CONTEXT_DEFINITIONS = {
  werkwijze: {
    term: 'Werkwijze van de gemeente',
    text: 'Hoe een gemeente de stabilisatie inricht. De studie van 2019 zag twee basismodellen: procesgericht en maatwerk. In de praktijk mengen gemeenten die vaak. Een gemeente kiest per jaar het model dat het best past.',
  },
  procesgericht: {
    term: 'Procesgericht',
    text: 'Eén vast behandelpad met vaste stappen na elkaar. De hulp gaat vooral over de schulden. Er is weinig contact en de klant neemt zelf het initiatief.',
  },
  maatwerk: {
    term: 'Maatwerk',
    text: 'De volgorde en de hulp passen bij de klant. Er is veel contact en begeleiding, en ook aandacht voor wat achter de schulden zit, zoals werk, wonen of gezondheid. Dit kost meestal meer tijd per klant.',
  },
  regisseur: {
    term: 'Regisseur',
    text: 'Eén vast aanspreekpunt voor de klant. Een trajectregisseur helpt van de intake tot en met het regelen van de schulden. Een domeinregisseur helpt tussen de afdelingen van de gemeente, zoals schulden, werk en wonen. Zo hoeft de klant niet van het kastje naar de muur.',
  },
  uitbesteed: {
    term: 'Uitbesteed',
    text: 'Een deel van de hulp wordt gedaan door een partner met een contract, onder regie van de gemeente. Bijvoorbeeld budgetcoaching door een trainer of budgetbeheer door een andere organisatie.',
  },
  caseload: {
    term: 'Caseload per fte',
    text: 'Het aantal dossiers per medewerker met een volle baan (1 fte). In de studie was dat in de stabilisatie ongeveer 50. Vergelijk voorzichtig: wat in een dossier zit, verschilt per gemeente.',
  },
  verschil_geen_effect: {
    term: 'Verschil tussen werkwijzen (geen effect)',
    text: 'Gemeenten kiezen zelf hun werkwijze. Er is dus geen loting. Een verschil in de cijfers tussen gemeenten met maatwerk en procesgerichte gemeenten is alleen een verschil. Het zegt niet dat de werkwijze dat verschil veroorzaakt.',
  },
} as const satisfies Record<string, { term: string; text: string }>;
export type ContextConcept = keyof typeof CONTEXT_DEFINITIONS;

/** A gemeente's context as the report shows it (who recorded it stays out of the report). */
export type ReportGemeenteContext = GemeenteContextInput;

/** The sector figures of the gemeenten with one werkwijze (or none recorded) in the report's year. */
export type WerkwijzeFigures = FunnelSummary & {
  werkwijze: Werkwijze | 'onbekend';
  /** The gemeenten in the group (codes; the reviewer's view: their labels). */
  gemeenten: string[];
};

/**
 * The gemeente context beside the sector figures of a quarterly report (SectorReport.context):
 * per gemeente its context of the report's year, and the quarter's sector counts split by
 * werkwijze. Descriptive only: gemeenten chose their werkwijze, so a difference between the
 * groups is no effect of it.
 */
export interface SectorContext {
  /** The year of the report's quarter: the context recorded for that year. */
  year: number;
  /** What the split means and does not mean, in B1 Dutch. */
  note: string;
  /** Every gemeente of the sector figures and every gemeente with a context that year; null: not recorded. */
  gemeenten: { gemeente: string; context: ReportGemeenteContext | null }[];
  /** Both werkwijzen (also when empty), then `onbekend` when some gemeente recorded none. */
  byWerkwijze: WerkwijzeFigures[];
}

export const SECTOR_CONTEXT_NOTE =
  'Geen effect, alleen verschil. Gemeenten kiezen zelf hun werkwijze; er is geen loting. Gemeenten met maatwerk kunnen ook op andere punten verschillen van procesgerichte gemeenten, bijvoorbeeld in grootte of in hun klanten. De aantallen zijn aantallen deelnemers die een stap in dit kwartaal bereikten: tellingen, geen verhoudingen.';

/** Every step of the sector funnel (typed: a new step fails to compile here until it is added). */
const STEPS: Record<SectorStep, true> = {
  aanmelding: true,
  no_show: true,
  intake: true,
  instroom_stabilisatie: true,
  gereed_voor_schuldregeling: true,
  akkoord_schuldregeling: true,
  langdurige_stabilisatie: true,
  informatie_advies: true,
  andere_oplossing: true,
  andere_uitstroom: true,
  uitval: true,
};

/** The share of one sector step in another, as the sector figures compute it. */
const SHARE_STEPS: Record<SectorShare, [SectorStep, SectorStep]> = {
  intakePerAanmelding: ['intake', 'aanmelding'],
  gereedPerInstroom: ['gereed_voor_schuldregeling', 'instroom_stabilisatie'],
  akkoordPerGereed: ['akkoord_schuldregeling', 'gereed_voor_schuldregeling'],
};

/** The sum of several gemeenten' funnel summaries: counts and uitval reasons added, shares of the sums. */
export function sumFunnels(parts: readonly FunnelSummary[]): FunnelSummary {
  const counts = Object.fromEntries(
    (Object.keys(STEPS) as SectorStep[]).map((s) => [s, count(parts.reduce((n, p) => n + (p.counts[s] ?? 0), 0))]),
  ) as Record<SectorStep, Count>;
  const uitvalByReason: Record<string, Count> = {};
  for (const p of parts)
    for (const [r, n] of Object.entries(p.uitvalByReason)) uitvalByReason[r] = count((uitvalByReason[r] ?? 0) + n);
  const shares = Object.fromEntries(
    (Object.entries(SHARE_STEPS) as [SectorShare, [SectorStep, SectorStep]][]).map(([k, [a, b]]) => [
      k,
      counts[b] > 0 ? counts[a] / counts[b] : null,
    ]),
  ) as Record<SectorShare, number | null>;
  return { counts, uitvalByReason, shares };
}

/**
 * The report's gemeente context: each gemeente's context of `year` beside its figures, and the
 * figures of `byGemeente` (the quarter's sector figures per gemeente) summed per werkwijze.
 */
export function buildSectorContext(
  year: number,
  contexts: readonly GemeenteContext[],
  byGemeente: readonly (FunnelSummary & { gemeente: string })[],
): SectorContext {
  const of = new Map(contexts.filter((c) => c.year === year).map((c) => [c.gemeente, c]));
  const codes = [...new Set([...byGemeente.map((g) => g.gemeente), ...of.keys()])].sort();
  const group = (w: Werkwijze | 'onbekend'): WerkwijzeFigures => {
    const members = byGemeente.filter((g) => (of.get(g.gemeente)?.werkwijze ?? 'onbekend') === w);
    return { werkwijze: w, gemeenten: members.map((g) => g.gemeente), ...sumFunnels(members) };
  };
  const unknown = group('onbekend');
  return {
    year,
    note: SECTOR_CONTEXT_NOTE,
    gemeenten: codes.map((g) => {
      const c = of.get(g);
      return {
        gemeente: g,
        context: c
          ? {
              werkwijze: c.werkwijze,
              regisseur: c.regisseur,
              uitbesteed: c.uitbesteed,
              caseloadPerFte: c.caseloadPerFte,
            }
          : null,
      };
    }),
    byWerkwijze: [...WERKWIJZEN.map(group), ...(unknown.gemeenten.length ? [unknown] : [])],
  };
}
