/**
 * The design labels of the results. The words of a comparison (the sentence, p-values, chances)
 * live in libs/domain/src/findings.ts, shared with the report renderers and the web app.
 */

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
