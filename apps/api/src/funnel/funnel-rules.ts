/**
 * Aggregate funnel counts (issue 7): the study's framework per gemeente and quarter, for gemeenten
 * that cannot deliver participant-level data. Pure rules: what is refused (impossible in itself)
 * and what only earns a warning (a later step above an earlier one).
 */
import {
  FUNNEL_STEP_LABELS,
  FUNNEL_STEPS,
  FUNNEL_TAGS,
  UITVAL_REASONS,
  type FunnelStep,
  type FunnelTag,
} from '@living-lab/domain';

export { FUNNEL_STEPS, FUNNEL_TAGS, type FunnelStep, type FunnelTag };

export { FUNNEL_STEP_LABELS };

/** The main line of the funnel: each step is a subset of the one before. */
export const FUNNEL_CHAIN: FunnelStep[] = ['aanmeldingen', 'intakes', 'instroom_stabilisatie', 'gereed', 'akkoord'];

export interface FunnelCount {
  step: FunnelStep;
  /** '' except for uitval, where it may name the reason (uitval by reason). */
  reason: string;
  value: number;
  tag: FunnelTag;
  note?: string | null;
}

export interface FunnelProblem {
  index: number;
  field: 'step' | 'reason' | 'value' | 'tag';
  value: string;
  message: string;
}

/** Checks one count as given (strings from a file or JSON values); returns the count or its problems. */
export function parseFunnelCount(
  index: number,
  raw: { step?: unknown; reason?: unknown; value?: unknown; tag?: unknown; note?: unknown },
): { count?: FunnelCount; problems: FunnelProblem[] } {
  const problems: FunnelProblem[] = [];
  const str = (v: unknown) => (v === undefined || v === null ? '' : String(v).trim());
  const step = str(raw.step).toLowerCase();
  const reason = str(raw.reason).toLowerCase();
  const tag = str(raw.tag).toLowerCase();
  const valueText = str(raw.value).replace(',', '.');
  if (!(FUNNEL_STEPS as readonly string[]).includes(step))
    problems.push({
      index,
      field: 'step',
      value: str(raw.step),
      message: `Onbekende stap. Kies uit: ${FUNNEL_STEPS.join(', ')}.`,
    });
  if (reason && step !== 'uitval')
    problems.push({
      index,
      field: 'reason',
      value: str(raw.reason),
      message: 'Een reden hoort alleen bij uitval. Laat deze cel leeg.',
    });
  else if (reason && !(UITVAL_REASONS as readonly string[]).includes(reason))
    problems.push({
      index,
      field: 'reason',
      value: str(raw.reason),
      message: `Onbekende reden van uitval. Kies uit: ${UITVAL_REASONS.join(', ')}.`,
    });
  if (!(FUNNEL_TAGS as readonly string[]).includes(tag))
    problems.push({
      index,
      field: 'tag',
      value: str(raw.tag),
      message:
        'Geef aan waar het getal vandaan komt: bron (uit het bronsysteem), samengesteld (uit meerdere bronnen) of schatting.',
    });
  let value = NaN;
  if (!/^\d+(\.\d{1,2})?$/.test(valueText))
    problems.push({
      index,
      field: 'value',
      value: str(raw.value),
      message: 'Geef een getal van 0 of meer (bij caseload_fte mag een komma, bijvoorbeeld 4,5).',
    });
  else {
    value = Number(valueText);
    if (step !== 'caseload_fte' && !Number.isInteger(value))
      problems.push({
        index,
        field: 'value',
        value: str(raw.value),
        message: 'Een aantal personen is een heel getal.',
      });
    if (value > 10_000_000)
      problems.push({ index, field: 'value', value: str(raw.value), message: 'Dit getal is onmogelijk groot.' });
  }
  if (problems.length) return { problems };
  const note = str(raw.note);
  return {
    count: { step: step as FunnelStep, reason, value, tag: tag as FunnelTag, note: note ? note.slice(0, 500) : null },
    problems,
  };
}

/** Totals per step (uitval summed over its reasons when no total row is given). */
export function stepTotals(counts: FunnelCount[]): Partial<Record<FunnelStep, number>> {
  const out: Partial<Record<FunnelStep, number>> = {};
  const uitvalTotal = counts.find((c) => c.step === 'uitval' && c.reason === '');
  for (const c of counts) {
    if (c.step === 'uitval' && c.reason !== '' && uitvalTotal) continue;
    out[c.step] = (out[c.step] ?? 0) + c.value;
  }
  return out;
}

/**
 * Warnings, never refusals: a later step of the funnel above an earlier one, no-shows and intakes
 * together above the registrations, uitval by reason not adding up to the total, estimates.
 */
export function funnelWarnings(counts: FunnelCount[], prefix = ''): string[] {
  const w: string[] = [];
  const t = stepTotals(counts);
  let prev: FunnelStep | undefined;
  for (const step of FUNNEL_CHAIN) {
    if (t[step] === undefined) continue;
    if (prev && t[step]! > t[prev]!) {
      w.push(
        `${prefix}${FUNNEL_STEP_LABELS[step]} (${t[step]}) is meer dan ${FUNNEL_STEP_LABELS[prev].toLowerCase()} (${t[prev]}). Een latere stap kan niet groter zijn dan een eerdere; klopt de telling?`,
      );
    }
    prev = step;
  }
  const a = t.aanmeldingen;
  if (a !== undefined) {
    if ((t.intakes ?? 0) + (t.no_shows ?? 0) > a && t.no_shows !== undefined)
      w.push(
        `${prefix}Intakes en no-shows samen (${(t.intakes ?? 0) + (t.no_shows ?? 0)}) zijn meer dan de aanmeldingen (${a}).`,
      );
    for (const s of [
      'uitval',
      'langdurige_stabilisatie',
      'informatie_advies',
      'andere_oplossing',
      'andere_uitstroom',
    ] as const) {
      if ((t[s] ?? 0) > a) w.push(`${prefix}${FUNNEL_STEP_LABELS[s]} (${t[s]}) is meer dan de aanmeldingen (${a}).`);
    }
  } else if (counts.length) {
    w.push(`${prefix}Het aantal aanmeldingen ontbreekt; daardoor is de trechter niet te controleren.`);
  }
  const total = counts.find((c) => c.step === 'uitval' && c.reason === '');
  const byReason = counts.filter((c) => c.step === 'uitval' && c.reason !== '');
  if (total && byReason.length) {
    const sum = byReason.reduce((s, c) => s + c.value, 0);
    if (sum !== total.value) w.push(`${prefix}Uitval per reden telt op tot ${sum}, maar het totaal is ${total.value}.`);
  }
  const estimates = counts.filter((c) => c.tag === 'schatting').map((c) => c.step + (c.reason ? ` (${c.reason})` : ''));
  if (estimates.length)
    w.push(
      `${prefix}Geschat (schatting): ${estimates.join(', ')}. Deze getallen worden in de sectortrechter als schatting getoond.`,
    );
  return w;
}
