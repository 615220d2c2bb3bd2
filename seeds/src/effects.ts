import type { Phase } from '@living-lab/domain';

/** What being in an arm does to a participant's journey in the demo data (the "true" effect). */
export interface ArmEffect {
  /** Added to the chance of becoming gereed voor schuldregeling (absolute, e.g. 0.12). */
  gereed?: number;
  /** Multiplies the doorlooptijd to gereed (below 1: faster). */
  speed?: number;
  /** Added to the klantbeleving scores (rapportcijfer points) measured in these phases. */
  beleving?: Partial<Record<Phase, number>>;
}

/**
 * The effects built into the demo data, per experiment and arm; arms not named here (and every
 * control arm) have no effect. wekelijkse-coaching works; jumbo-bon-intake does nothing, so the
 * platform's analysis should find no difference there.
 */
export const TRUE_EFFECTS: Readonly<Record<string, Readonly<Record<string, ArmEffect>>>> = {
  'wekelijkse-coaching': {
    coaching: { gereed: 0.12, speed: 0.92, beleving: { overzicht: 0.6 } },
  },
  'jumbo-bon-intake': {},
};
