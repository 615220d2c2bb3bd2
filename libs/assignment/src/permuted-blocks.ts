import { SeededRandom } from './random';
import type { AssignableArm } from './hash-assignment';

/** Thrown when the arms' weights cannot be put into balanced blocks. */
export class AllocationDesignError extends Error {}

const gcd = (a: number, b: number): number => (b === 0 ? a : gcd(b, a % b));

/**
 * The weights as the smallest whole numbers with the same ratio (1:1 → [1, 1]; 0.5:1.5 → [1, 3];
 * 2:4 → [1, 2]). Refuses ratios that need more than 24 places in a block: such weights (e.g.
 * 0.37:0.63) cannot be balanced exactly in blocks of any practical size.
 */
export function integerWeights(weights: readonly number[]): number[] {
  if (weights.length < 2) throw new AllocationDesignError('Blocks need at least two arms.');
  for (const w of weights)
    if (!(w > 0) || !Number.isFinite(w)) throw new AllocationDesignError(`Weight ${w} is not a positive number.`);
  for (let scale = 1; scale <= 1000; scale++) {
    const scaled = weights.map((w) => w * scale);
    if (scaled.every((x) => Math.abs(x - Math.round(x)) < 1e-9)) {
      const ints = scaled.map((x) => Math.round(x));
      const g = ints.reduce((acc, x) => gcd(acc, x));
      const reduced = ints.map((x) => x / g);
      const total = reduced.reduce((s, x) => s + x, 0);
      if (total > 24) break;
      return reduced;
    }
  }
  throw new AllocationDesignError(
    `The weights ${weights.join(':')} cannot be balanced in blocks of at most 48 places; use simpler ratios such as 1:1, 1:2 or 2:3.`,
  );
}

/**
 * The block sizes for these weights. A block must hold every arm in exact proportion, so its size
 * is a multiple of the weight total T (1:1 → T = 2; 1:2 → T = 3; 1:1:1 → T = 3; 1:3 → T = 4).
 * - When both 4 and 6 are multiples of T (T = 2: two arms of equal weight), the sizes are 4 and 6.
 * - Otherwise the sizes are T and 2T (T = 3: 3 and 6; T = 4: 4 and 8; T = 5: 5 and 10), so that
 *   every block is still exactly balanced and the block size still varies at random, which keeps
 *   the end of a block unpredictable.
 */
export function blockSizesFor(weights: readonly number[]): { units: number[]; total: number; sizes: number[] } {
  const units = integerWeights(weights);
  const total = units.reduce((s, x) => s + x, 0);
  const sizes = 4 % total === 0 && 6 % total === 0 ? [4, 6] : [total, 2 * total];
  return { units, total, sizes };
}

export interface Block {
  /** 0-based number of the block within its stratum. */
  index: number;
  size: number;
  /** The arms of the block's places, in allocation order. */
  arms: string[];
}

/**
 * Block `index` of a stratum's sequence: its size drawn from {@link blockSizesFor} and its places
 * a random permutation of the arms in proportion to their weights. Each block depends only on
 * (seed, stratum, index), so the sequence can be extended and audited block by block.
 */
export function generateBlock(seed: string, stratum: string, index: number, arms: readonly AssignableArm[]): Block {
  const { units, total, sizes } = blockSizesFor(arms.map((a) => a.weight));
  const rng = new SeededRandom(seed, 'permuted-block', stratum, index);
  const size = sizes[rng.int(sizes.length)];
  const places = arms.flatMap((a, i) => Array.from({ length: (size * units[i]) / total }, () => a.key));
  return { index, size, arms: rng.shuffle(places) };
}

export interface Slot {
  /** 1-based place in the stratum's sequence. */
  position: number;
  blockIndex: number;
  blockSize: number;
  arm: string;
}

/**
 * Whole blocks `fromBlock, fromBlock + 1, ...` of a stratum until at least `minSlots` places are
 * generated, numbered from `fromPosition`. `generateSequence(s, st, arms, 60)` equals the first
 * blocks of any longer sequence: extending never changes a place already generated.
 */
export function generateSequence(
  seed: string,
  stratum: string,
  arms: readonly AssignableArm[],
  minSlots: number,
  fromBlock = 0,
  fromPosition = 1,
): Slot[] {
  const slots: Slot[] = [];
  for (let b = fromBlock; slots.length < minSlots; b++) {
    const block = generateBlock(seed, stratum, b, arms);
    for (const arm of block.arms)
      slots.push({ position: fromPosition + slots.length, blockIndex: b, blockSize: block.size, arm });
  }
  return slots;
}

/** The stratum of an enrolment: the gemeente, or gemeente/klantprofiel ("onbekend" when unknown). */
export function stratumKey(gemeente: string, klantprofiel?: string | null, byKlantprofiel = false): string {
  return byKlantprofiel ? `${gemeente}/${klantprofiel ?? 'onbekend'}` : gemeente;
}
