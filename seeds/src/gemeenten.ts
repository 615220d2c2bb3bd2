import type { SeedGemeente } from './types';

/**
 * The six invented demo gemeenten and how each one behaves. The spread follows the 2018 figures
 * of the study (domain.md): intake 87–100% of aanmeldingen, 15–60% of intakes entering
 * stabilisatie, 42–92% of those gereed voor schuldregeling (maatwerk 10–20 points above average,
 * hand-over or little support 10–20 below), 61–100% of gereed reaching an akkoord, doorlooptijd
 * 3–12 months with one strictly segmenting gemeente at about 90 days.
 */
export interface GemeenteProfile extends SeedGemeente {
  /** Share of aanmeldingen that get an intake. */
  intakeRate: number;
  /** Median days from aanmelding to intake (NVVK norm: 4 weeks). */
  intakeWaitDays: number;
  /** Share of intakes that enter stabilisatie. */
  instroomRate: number;
  /** Chance that someone entering stabilisatie becomes gereed voor schuldregeling (usual way of working). */
  gereedRate: number;
  /** Share of gereed that reach an akkoord. */
  akkoordRate: number;
  /** Median days from instroom to gereed voor schuldregeling. */
  doorlooptijdDays: number;
  /** Shift of klantbeleving scores (rapportcijfer points) for this gemeente. */
  belevingShift: number;
}

export const DEMO_GEMEENTEN: readonly GemeenteProfile[] = [
  // Maatwerk: one behandelpad with broad coaching; well above average, takes longer.
  {
    code: 'lindewaard',
    cbsCode: 'GM0001',
    naam: 'Lindewaard',
    inwoners: 48_000,
    consentNamed: true,
    intakeRate: 0.99,
    intakeWaitDays: 18,
    instroomRate: 0.6,
    gereedRate: 0.78,
    akkoordRate: 0.94,
    doorlooptijdDays: 190,
    belevingShift: 0.5,
  },
  // Hand-over to a partner with little support: well below average.
  {
    code: 'veenhoven',
    cbsCode: 'GM0002',
    naam: 'Veenhoven',
    inwoners: 112_000,
    consentNamed: false,
    intakeRate: 0.88,
    intakeWaitDays: 34,
    instroomRate: 0.42,
    gereedRate: 0.46,
    akkoordRate: 0.68,
    doorlooptijdDays: 165,
    belevingShift: -0.5,
  },
  {
    code: 'oosterkamp',
    cbsCode: 'GM9903',
    naam: 'Oosterkamp',
    inwoners: 205_000,
    consentNamed: false,
    intakeRate: 0.95,
    intakeWaitDays: 26,
    instroomRate: 0.5,
    gereedRate: 0.58,
    akkoordRate: 0.86,
    doorlooptijdDays: 160,
    belevingShift: 0,
  },
  {
    code: 'brederwijk',
    cbsCode: 'GM9904',
    naam: 'Brederwijk',
    inwoners: 34_000,
    consentNamed: true,
    intakeRate: 0.97,
    intakeWaitDays: 21,
    instroomRate: 0.55,
    gereedRate: 0.66,
    akkoordRate: 0.9,
    doorlooptijdDays: 175,
    belevingShift: 0.3,
  },
  // Strict segmentation: fewer enter, short stabilisatie of about 90 days.
  {
    code: 'hoogdijk',
    cbsCode: 'GM9905',
    naam: 'Hoogdijk',
    inwoners: 156_000,
    consentNamed: false,
    intakeRate: 0.96,
    intakeWaitDays: 24,
    instroomRate: 0.45,
    gereedRate: 0.6,
    akkoordRate: 0.88,
    doorlooptijdDays: 95,
    belevingShift: 0,
  },
  {
    code: 'maasbergen',
    cbsCode: 'GM9906',
    naam: 'Maasbergen',
    inwoners: 318_000,
    consentNamed: false,
    intakeRate: 0.94,
    intakeWaitDays: 30,
    instroomRate: 0.5,
    gereedRate: 0.54,
    akkoordRate: 0.8,
    doorlooptijdDays: 170,
    belevingShift: -0.2,
  },
];

/** The gemeente records as the platform stores them (without the behaviour). */
export function demoGemeenten(): SeedGemeente[] {
  return DEMO_GEMEENTEN.map(({ code, naam, inwoners, consentNamed, cbsCode }) => ({
    code,
    naam,
    inwoners,
    consentNamed,
    cbsCode,
  }));
}
