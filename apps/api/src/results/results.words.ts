/** Plain Dutch (B1) words and numbers for results: decimal comma, whole percentages. */
import type { OutcomeMetric } from '@living-lab/domain';

export function formatPercent(fraction: number): string {
  return `${Math.round(fraction * 100)}%`;
}

export function formatNumber(x: number, decimals = 1): string {
  return x.toFixed(decimals).replace('.', ',');
}

/** A p-value as people read it: p = 0,03; p < 0,001. */
export function formatP(p: number): string {
  if (p < 0.001) return 'p < 0,001';
  return `p = ${formatNumber(p, p < 0.01 ? 3 : 2)}`;
}

/** What reaching the metric means, completing "was 60% binnen 180 dagen …". */
const REACHED: Record<OutcomeMetric, string> = {
  gereed_voor_schuldregeling: 'gereed voor schuldregeling',
  uitval: 'uitgevallen',
  akkoord_schuldregeling: 'akkoord voor een schuldregeling',
  succesvol_afgerond: 'succesvol afgerond',
  intake: 'op intake geweest',
  no_show: 'niet verschenen',
  instroom_stabilisatie: 'ingestroomd in stabilisatie',
  overzicht_gereed: 'klaar met het overzicht',
  financieel_stabiel: 'financieel stabiel',
  langdurige_stabilisatie: 'in langdurige stabilisatie',
  informatie_advies: 'geholpen met informatie en advies',
  andere_oplossing: 'naar een andere oplossing',
  andere_uitstroom: 'uit beeld (verhuisd, overleden of anders)',
  gestabiliseerd: 'gestabiliseerd (gereed voor schuldregeling of in langdurige stabilisatie)',
  terugval: 'teruggevallen',
  heraanmelding: 'opnieuw aangemeld',
  aanmelding: 'aangemeld',
};

export const reachedPhrase = (metric: string) =>
  Object.hasOwn(REACHED, metric) ? REACHED[metric as OutcomeMetric] : metric.replace(/_/g, ' ');

export interface SentenceInput {
  metric: string;
  followUpDays: number;
  armName: string;
  controlName: string;
  treatment: { events: number; complete: number };
  control: { events: number; complete: number };
  pValue: number;
  association: boolean;
  minimumComplete?: number;
}

/**
 * One sentence per comparison, e.g. "Van de deelnemers met wekelijkse coaching was 71% binnen
 * 180 dagen gereed voor schuldregeling, tegen 58% bij de gewone werkwijze. Dat verschil is
 * waarschijnlijk geen toeval (p = 0,01)."
 */
export function comparisonSentence(s: SentenceInput): string {
  const min = s.minimumComplete ?? 20;
  if (s.treatment.complete < min || s.control.complete < min) {
    return 'Er zijn nog te weinig deelnemers om een verschil te kunnen zien.';
  }
  const t = s.treatment.events / s.treatment.complete;
  const c = s.control.events / s.control.complete;
  const first = `Van de deelnemers met ${lower(s.armName)} was ${formatPercent(t)} binnen ${s.followUpDays} dagen ${reachedPhrase(s.metric)}, tegen ${formatPercent(c)} bij ${lower(s.controlName)}.`;
  let second: string;
  if (s.pValue < 0.05) second = `Dat verschil is waarschijnlijk geen toeval (${formatP(s.pValue)}).`;
  else second = `Dat verschil kan goed toeval zijn (${formatP(s.pValue)}).`;
  if (s.association && s.pValue < 0.05)
    second +=
      ' Maar de groepen zijn niet door loting gevormd: het is een samenhang, geen bewijs dat de werkwijze het verschil maakt.';
  return `${first} ${second}`;
}

const lower = (s: string) => (s.length > 1 && s[1] === s[1].toLowerCase() ? s[0].toLowerCase() + s.slice(1) : s);

export const DESIGN_LABELS: Record<string, { kind: 'effect' | 'association'; text: string }> = {
  individual_randomized: {
    kind: 'effect',
    text: 'Schatting van het effect: deelnemers zijn per persoon door loting ingedeeld.',
  },
  cluster_randomized: {
    kind: 'effect',
    text: 'Schatting van het effect: gemeenten zijn door loting ingedeeld. Met weinig gemeenten is de onzekerheid groot.',
  },
  stepped_wedge: {
    kind: 'effect',
    text: 'Schatting van het effect: gemeenten stappen op een gelote datum over; verschillen tussen gemeenten tellen apart.',
  },
  historical_control: {
    kind: 'association',
    text: 'Samenhang, geen bewijs van effect: vergelijking van een periode vóór (0-meting) en na (1-meting) de invoering.',
  },
  concurrent_control: {
    kind: 'association',
    text: 'Samenhang, geen bewijs van effect: gemeenten zijn niet door loting ingedeeld.',
  },
};
