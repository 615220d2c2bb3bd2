import type { GemeenteContextInput } from '@living-lab/domain';

/** A demo gemeente's context in one year (issue 14, item 8). */
export interface SeedGemeenteContext extends GemeenteContextInput {
  gemeente: string;
  year: number;
}

/**
 * How the six demo gemeenten work in the seeded years (2025 and 2026), after the organisatieanalyse
 * of the study: both basic models, regisseurs in four of the six (often a pilot), some parts with a
 * contract partner, and caseloads around 50 dossiers per fte (35 to 120 in the study; lower with
 * maatwerk). Maasbergen moves from procesgericht to maatwerk in 2026, as gemeenten in transition do.
 * The behaviour in gemeenten.ts fits: Lindewaard (maatwerk) well above average, Veenhoven (hand-over
 * to a partner, little support) well below, Hoogdijk (strict segmentation) short and procesgericht.
 */
export const DEMO_GEMEENTE_CONTEXT: readonly SeedGemeenteContext[] = [
  ...[2025, 2026].flatMap((year): SeedGemeenteContext[] => [
    { gemeente: 'lindewaard', year, werkwijze: 'maatwerk', regisseur: true, uitbesteed: [], caseloadPerFte: 38 },
    {
      gemeente: 'veenhoven',
      year,
      werkwijze: 'procesgericht',
      regisseur: false,
      uitbesteed: ['stabilisatie', 'administratieve_hulp', 'budgetbeheer'],
      caseloadPerFte: 85,
    },
    {
      gemeente: 'oosterkamp',
      year,
      werkwijze: 'procesgericht',
      regisseur: year === 2026,
      uitbesteed: ['budgetcoaching'],
      caseloadPerFte: 52.5,
    },
    {
      gemeente: 'brederwijk',
      year,
      werkwijze: 'maatwerk',
      regisseur: true,
      uitbesteed: ['budgetcoaching', 'brede_hulp'],
      caseloadPerFte: 45,
    },
    {
      gemeente: 'hoogdijk',
      year,
      werkwijze: 'procesgericht',
      regisseur: false,
      uitbesteed: ['schuldregeling'],
      caseloadPerFte: year === 2025 ? null : 60,
    },
    {
      gemeente: 'maasbergen',
      year,
      werkwijze: year === 2025 ? 'procesgericht' : 'maatwerk',
      regisseur: year === 2026,
      uitbesteed: ['budgetbeheer'],
      caseloadPerFte: year === 2025 ? 50 : 42.5,
    },
  ]),
];
