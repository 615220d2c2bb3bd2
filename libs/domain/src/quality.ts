/**
 * The data-quality line under every figure (issue 15): where the numbers come from — the study's
 * source tags bron / samengesteld / schatting — and how complete the follow-up is. One wording for
 * the web app and every report format. Pure: the browser imports this file too (alias
 * `@living-lab/quality`).
 */

/** A count as a figure reads it: a number, or `<5` in a reviewer's view. */
type Shown = number | string | null | undefined;

const isNum = (v: Shown): v is number => typeof v === 'number' && Number.isFinite(v);
const int = (n: number) => new Intl.NumberFormat('nl-NL', { maximumFractionDigits: 0 }).format(n);
const pct = (f: number) => `${Math.round(f * 100)}%`;

/** The study's source tags, and the platform's own count from participant-level data. */
export const SOURCE_TAG_WORDS: Record<'bron' | 'samengesteld' | 'schatting' | 'deelnemers', string> = {
  bron: 'bron (rechtstreeks uit de registratie)',
  samengesteld: 'samengesteld (uit meer dan één bron)',
  schatting: 'schatting',
  deelnemers: 'bron (geteld uit de gegevens per deelnemer)',
};

/** Sums counts; null when one of them is hidden (`<5`) or missing. */
function sum(xs: readonly Shown[]): number | null {
  let s = 0;
  for (const x of xs) {
    if (!isNum(x)) return null;
    s += x;
  }
  return s;
}

/**
 * Under a figure of an experiment's outcome: the source (participant-level data: bron) and how
 * many enrolled participants have complete follow-up, e.g. "Herkomst: bron (geteld uit de
 * gegevens per deelnemer). Volledig gevolgd: 412 van 500 ingeschreven deelnemers (82%); de
 * anderen zijn nog geen 180 dagen in beeld en tellen nog niet mee."
 */
export function outcomeQuality(arms: readonly { enrolled: Shown; complete: Shown }[], followUpDays: Shown): string {
  const enrolled = sum(arms.map((a) => a.enrolled));
  const complete = sum(arms.map((a) => a.complete));
  const source = `Herkomst: ${SOURCE_TAG_WORDS.deelnemers}.`;
  if (enrolled === null || complete === null)
    return `${source} Volledig gevolgd: niet te tonen, omdat een groep minder dan 5 deelnemers heeft.`;
  if (enrolled === 0) return `${source} Nog geen deelnemers ingeschreven.`;
  const days = isNum(followUpDays) ? `${int(followUpDays)} dagen` : 'de volgduur';
  const rest =
    complete < enrolled ? `; de anderen zijn nog geen ${days} in beeld en tellen nog niet mee` : '; iedereen telt mee';
  return `${source} Volledig gevolgd: ${int(complete)} van ${int(enrolled)} ingeschreven deelnemers (${pct(complete / enrolled)})${rest}.`;
}

/**
 * Under a cumulative-incidence figure: every enrolled participant counts, followed up to the
 * report date (those without an outcome yet are counted as still on the way).
 */
export function incidenceQuality(arms: readonly { enrolled: Shown; complete: Shown }[]): string {
  const enrolled = sum(arms.map((a) => a.enrolled));
  const complete = sum(arms.map((a) => a.complete));
  const source = `Herkomst: ${SOURCE_TAG_WORDS.deelnemers}.`;
  if (enrolled === null || complete === null || enrolled === 0)
    return `${source} Alle ingeschreven deelnemers tellen mee, tot de peildatum.`;
  return `${source} Alle ${int(enrolled)} ingeschreven deelnemers tellen mee, tot de peildatum; ${int(complete)} van hen (${pct(complete / enrolled)}) zijn de hele volgduur gevolgd.`;
}

/**
 * Under a klantbeleving figure: who filled in the scores, and per phase how many of the enrolled
 * participants were measured, in journey order as given.
 */
export function belevingQuality(phases: readonly { phase: string; measured: Shown }[], enrolled: Shown): string {
  const source = `Herkomst: ${SOURCE_TAG_WORDS.deelnemers}; ingevuld door de deelnemer of samen met de medewerker.`;
  if (!isNum(enrolled) || enrolled === 0 || phases.length === 0) return `${source} Nog geen scores gemeten.`;
  const parts = phases.map((p) =>
    isNum(p.measured) ? `${p.phase} ${pct(Math.min(1, p.measured / enrolled))}` : `${p.phase} minder dan 5`,
  );
  return `${source} Gemeten bij een deel van de ${int(enrolled)} ingeschreven deelnemers: ${parts.join(', ')}.`;
}

/**
 * Under a figure of the sector funnel: the make-up of the counts by source tag, e.g. "Herkomst
 * van de aantallen: bron 62%, samengesteld 25%, schatting 3%, geteld uit de gegevens per
 * deelnemer 10%."
 */
export function sectorQuality(
  steps: readonly { byTag?: Partial<Record<string, Shown>> | string | null }[],
  registration?: number | null,
  counted: 'submissions' | 'participants' = 'submissions',
): string {
  const totals: Record<string, number> = { bron: 0, samengesteld: 0, schatting: 0, deelnemers: 0 };
  let hidden = false;
  for (const s of steps) {
    if (!s.byTag || typeof s.byTag === 'string') {
      hidden = true;
      continue;
    }
    for (const k of Object.keys(totals)) {
      const v = s.byTag[k];
      if (isNum(v)) totals[k] += v;
      else if (v !== undefined && v !== null) hidden = true;
    }
  }
  const all = Object.values(totals).reduce((a, b) => a + b, 0);
  const words: Record<string, string> = {
    bron: 'bron',
    samengesteld: 'samengesteld',
    schatting: 'schatting',
    deelnemers: 'geteld uit de gegevens per deelnemer',
  };
  const parts = all
    ? Object.entries(totals)
        .filter(([, v]) => v > 0)
        .map(([k, v]) => `${words[k]} ${pct(v / all)}`)
    : [];
  const made = parts.length
    ? `${parts.join(', ')}${hidden ? ' (kleine aantallen niet meegeteld)' : ''}`
    : 'nog niet bekend';
  const own = ['bron', 'samengesteld', 'schatting'].filter((k) => totals[k] > 0);
  const ownAll = own.reduce((a, k) => a + totals[k], 0);
  const head =
    counted === 'participants'
      ? `Herkomst: ${SOURCE_TAG_WORDS.deelnemers}.${
          own.length
            ? ` Eigen totalen van gemeenten (tabel Herkomst): ${own.map((k) => `${words[k]} ${pct(totals[k] / ownAll)}`).join(', ')}.`
            : ' Geen gemeente leverde eigen totalen aan.'
        }`
      : `Herkomst van de aantallen: ${made}.`;
  const reg = isNum(registration)
    ? ` Kwaliteit van de registratie: gemiddeld ${int(registration)} van 100 punten per gemeente.`
    : '';
  return head + reg;
}

/**
 * The mean data-quality score of the gemeenten' pictures (each 0–100: milestone completeness,
 * possible order, registered follow-ups and klantbeleving coverage), or null.
 */
export function registrationCompleteness(
  pictures: readonly { completenessScore?: Shown }[] | string | null | undefined,
): number | null {
  if (!Array.isArray(pictures)) return null;
  const xs = pictures
    .map((p) => p.completenessScore)
    .filter(isNum)
    .filter((x) => x >= 0 && x <= 100);
  return xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : null;
}
