/**
 * Templates for the practices the 2019 study names (../shared/seed/onderzoek-stabilisatie-2019.txt,
 * "Practices ter inspiratie" and the klantbeleving sheet): a gemeente picks one and has a complete,
 * valid experiment definition to propose, which it may then adjust. Pure data and functions: the
 * web form imports this file too.
 */
import type { ArmDefinition, ExperimentDefinition } from './experiment-definition';
import type { Metric, Phase } from './vocabulary';

export interface PracticeTemplate {
  /** Also the first part of the proposed experiment's key. */
  id: string;
  /** Short Dutch name of the practice (B1). */
  title: string;
  /** What the practice is, in one or two plain Dutch sentences (from the study). */
  summary: string;
  hypothesis: string;
  interventionPhase: Phase;
  arms: ArmDefinition[];
  primaryMetric: Metric;
  secondaryMetrics: Metric[];
  followUpDays: number;
  /** Expected control rate of the primary metric (domain.md: 60% of those in stabilisatie become gereed). */
  expectedBaseline: number;
  minimumEffect: number;
}

const CONTROL: ArmDefinition = { key: 'controle', name: 'Gebruikelijke werkwijze', weight: 1, control: true };

/** The practices of the study, in the order the study names them. */
export const PRACTICE_TEMPLATES: readonly PracticeTemplate[] = [
  {
    id: 'wekelijkse-coaching',
    title: 'Wekelijkse coaching',
    summary:
      'De klant heeft elke week een gesprek. De hulpverlener helpt actief met formulieren en toeslagen terwijl het overzicht wordt gemaakt.',
    hypothesis: 'Wekelijkse begeleiding bij het maken van overzicht verlaagt de uitval.',
    interventionPhase: 'overzicht',
    arms: [CONTROL, { key: 'coaching', name: 'Elke week een gesprek en hulp bij formulieren', weight: 1 }],
    primaryMetric: 'gereed_voor_schuldregeling',
    secondaryMetrics: ['uitval', 'rapportcijfer'],
    followUpDays: 180,
    expectedBaseline: 0.6,
    minimumEffect: 0.1,
  },
  {
    id: 'boodschappenbon-intake',
    title: 'Boodschappenbon bij de intake',
    summary:
      'De klant krijgt bij de intake een boodschappenbon (zoals een JUMBO-bon). Dat neemt de zorg om eten weg en geeft vertrouwen.',
    hypothesis:
      'Een boodschappenbon bij de intake neemt de zorg om eten weg en wint vertrouwen, zodat meer klanten gereed komen voor schuldregeling.',
    interventionPhase: 'intake',
    arms: [
      { ...CONTROL, name: 'Intake zonder bon' },
      { key: 'boodschappenbon', name: 'Intake met boodschappenbon', weight: 1 },
    ],
    primaryMetric: 'gereed_voor_schuldregeling',
    secondaryMetrics: ['uitval', 'financiele_rust', 'rapportcijfer'],
    followUpDays: 180,
    expectedBaseline: 0.6,
    minimumEffect: 0.1,
  },
  {
    id: 'klantkaarten',
    title: 'Klantkaarten',
    summary:
      'Eenvoudige kaarten laten de klant zien waar hij in het traject is en welke stappen nog komen. De klant kan ze later nog eens lezen.',
    hypothesis: 'Met klantkaarten weet de klant waar hij staat; daardoor vallen minder klanten uit tijdens overzicht.',
    interventionPhase: 'overzicht',
    arms: [CONTROL, { key: 'klantkaarten', name: 'Met klantkaarten in eenvoudige taal', weight: 1 }],
    primaryMetric: 'gereed_voor_schuldregeling',
    secondaryMetrics: ['uitval', 'duidelijkheid'],
    followUpDays: 180,
    expectedBaseline: 0.6,
    minimumEffect: 0.1,
  },
  {
    id: 'huisbezoek-intake',
    title: 'Huisbezoek bij de intake',
    summary:
      'De intake is bij de klant thuis. De consulent ziet zo beter hoe de klant woont en wat hij nodig heeft, en de klant hoeft niet te komen.',
    hypothesis: 'Een huisbezoek bij de intake geeft een vollediger beeld van de klant en vermindert het wegblijven.',
    interventionPhase: 'intake',
    arms: [CONTROL, { key: 'huisbezoek', name: 'Intake met huisbezoek', weight: 1 }],
    primaryMetric: 'gereed_voor_schuldregeling',
    secondaryMetrics: ['no_show', 'uitval', 'rapportcijfer'],
    followUpDays: 180,
    expectedBaseline: 0.6,
    minimumEffect: 0.1,
  },
  {
    id: 'trajectregisseur',
    title: 'Eén regisseur voor de klant',
    summary:
      'De klant heeft één vast aanspreekpunt, van de intake tot het regelen van de schulden. Zo wordt hij niet van het kastje naar de muur gestuurd.',
    hypothesis: 'Eén vaste regisseur voorkomt fouten bij het overdragen van de klant en verlaagt de uitval.',
    interventionPhase: 'intake',
    arms: [CONTROL, { key: 'regisseur', name: 'Met één vaste regisseur', weight: 1 }],
    primaryMetric: 'gereed_voor_schuldregeling',
    secondaryMetrics: ['uitval', 'duidelijkheid', 'tempo'],
    followUpDays: 240,
    expectedBaseline: 0.6,
    minimumEffect: 0.1,
  },
  {
    id: 'pauzeknop',
    title: 'Pauzeknop voor schuldeisers',
    summary:
      'Direct bij de aanmelding vraagt de gemeente schuldeisers om de klant 2 tot 4 weken met rust te laten. Zo komt er rust om aan het traject te beginnen.',
    hypothesis:
      'Een pauzeknop bij de aanmelding geeft de klant rust, zodat minder klanten uitvallen voor en tijdens de intake.',
    interventionPhase: 'aanmelding',
    arms: [CONTROL, { key: 'pauzeknop', name: 'Met pauzeknop voor schuldeisers', weight: 1 }],
    primaryMetric: 'gereed_voor_schuldregeling',
    secondaryMetrics: ['uitval', 'no_show', 'financiele_rust'],
    followUpDays: 180,
    expectedBaseline: 0.6,
    minimumEffect: 0.1,
  },
];

export function practiceTemplate(id: string): PracticeTemplate | undefined {
  return PRACTICE_TEMPLATES.find((t) => t.id === id);
}

/**
 * A complete definition from a template, for one gemeente: individually randomised by the
 * platform (the simplest design a gemeente can run alone; a projectleider may change it before
 * approving), keyed `<template>-<gemeente>` unless a key is given.
 */
export function definitionFromTemplate(
  template: PracticeTemplate,
  opts: { gemeente: string; key?: string; start?: string; end?: string },
): ExperimentDefinition {
  return {
    key: opts.key ?? `${template.id}-${opts.gemeente}`,
    title: template.title,
    hypothesis: template.hypothesis,
    interventionPhase: template.interventionPhase,
    design: 'individual_randomized',
    allocation: 'platform',
    randomization: 'hash',
    arms: template.arms.map((a) => ({ ...a })),
    primaryMetric: template.primaryMetric,
    secondaryMetrics: [...template.secondaryMetrics],
    followUpDays: template.followUpDays,
    expectedBaseline: template.expectedBaseline,
    minimumEffect: template.minimumEffect,
    plannedLooks: 4,
    gemeenten: [opts.gemeente],
    ...(opts.start ? { start: opts.start } : {}),
    ...(opts.end ? { end: opts.end } : {}),
  };
}
