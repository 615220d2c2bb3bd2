import {
  AllocationDesignError,
  blockSizesFor,
  generateBlock,
  generateSequence,
  integerWeights,
  stratumKey,
} from './permuted-blocks';
import { SeededRandom } from './random';

const arms = (...weights: number[]) => weights.map((w, i) => ({ key: `arm${i}`, weight: w }));
const count = (xs: string[]) => xs.reduce<Record<string, number>>((acc, x) => ({ ...acc, [x]: (acc[x] ?? 0) + 1 }), {});

describe('permuted blocks', () => {
  it.each([
    [
      [1, 1],
      [4, 6],
    ],
    [
      [2, 2],
      [4, 6],
    ],
    [
      [1, 2],
      [3, 6],
    ],
    [
      [1, 1, 1],
      [3, 6],
    ],
    [
      [1, 3],
      [4, 8],
    ],
    [
      [0.5, 1.5],
      [4, 8],
    ],
    [
      [2, 3],
      [5, 10],
    ],
  ])('chooses block sizes that are multiples of the weight total: weights %j → sizes %j', (w, sizes) => {
    expect(blockSizesFor(w).sizes).toEqual(sizes);
  });

  it('refuses weights that cannot be balanced in practical blocks', () => {
    expect(() => integerWeights([0.37, 0.63])).toThrow(AllocationDesignError);
    expect(() => integerWeights([1])).toThrow(AllocationDesignError);
  });

  it.each([[[1, 1]], [[1, 2]], [[1, 1, 1]], [[1, 3]], [[2, 3]]])(
    'balances every completed block exactly (weights %j), over 500 blocks',
    (w) => {
      const a = arms(...(w as number[]));
      const { units, total, sizes } = blockSizesFor(w as number[]);
      const seenSizes = new Set<number>();
      for (let b = 0; b < 500; b++) {
        const block = generateBlock('secret', 'lindewaard', b, a);
        seenSizes.add(block.size);
        expect(sizes).toContain(block.size);
        expect(block.arms).toHaveLength(block.size);
        const c = count(block.arms);
        a.forEach((arm, i) => expect(c[arm.key]).toBe((block.size * units[i]) / total));
      }
      expect([...seenSizes].sort((x, y) => x - y)).toEqual(sizes); // both sizes occur: mixed at random
    },
  );

  it('keeps a whole sequence in balance at every completed block boundary', () => {
    const slots = generateSequence('secret', 'veenhoven', arms(1, 1), 1000);
    let done = 0;
    for (let i = 0; i < slots.length; i++) {
      if (i === slots.length - 1 || slots[i + 1].blockIndex !== slots[i].blockIndex) {
        const c = count(slots.slice(0, i + 1).map((s) => s.arm));
        expect(c.arm0).toBe(c.arm1);
        done++;
      }
    }
    expect(done).toBeGreaterThan(150);
    expect(slots.map((s) => s.position)).toEqual(slots.map((_, i) => i + 1)); // consecutive, no gaps
  });

  it('is reproducible from the seed, differs between seeds and strata, and extends without changing a place', () => {
    const a = arms(1, 1);
    const one = generateSequence('seed-A', 'lindewaard', a, 200);
    expect(generateSequence('seed-A', 'lindewaard', a, 200)).toEqual(one);
    const other = generateSequence('seed-B', 'lindewaard', a, 200)
      .map((s) => s.arm)
      .join();
    expect(other).not.toBe(one.map((s) => s.arm).join());
    expect(
      generateSequence('seed-A', 'veenhoven', a, 200)
        .map((s) => s.arm)
        .join(),
    ).not.toBe(one.map((s) => s.arm).join());
    // Extending from the next block gives exactly the continuation of a longer sequence.
    const first = generateSequence('seed-A', 'lindewaard', a, 50);
    const last = first[first.length - 1];
    const rest = generateSequence('seed-A', 'lindewaard', a, 150, last.blockIndex + 1, last.position + 1);
    expect([...first, ...rest].slice(0, 200)).toEqual(generateSequence('seed-A', 'lindewaard', a, 200).slice(0, 200));
  });

  it('names strata by gemeente, optionally by klantprofiel', () => {
    expect(stratumKey('lindewaard', 'aanpakker')).toBe('lindewaard');
    expect(stratumKey('lindewaard', 'aanpakker', true)).toBe('lindewaard/aanpakker');
    expect(stratumKey('lindewaard', undefined, true)).toBe('lindewaard/onbekend');
  });
});

describe('SeededRandom', () => {
  it('is deterministic, label-separated and uniform enough for integers', () => {
    const a = new SeededRandom('s', 'x');
    const b = new SeededRandom('s', 'x');
    const xs = Array.from({ length: 100 }, () => a.nextUint32());
    expect(Array.from({ length: 100 }, () => b.nextUint32())).toEqual(xs);
    const c = new SeededRandom('s', 'y');
    expect(Array.from({ length: 100 }, () => c.nextUint32())).not.toEqual(xs);
    const r = new SeededRandom('uniform');
    const counts = [0, 0, 0];
    for (let i = 0; i < 30_000; i++) counts[r.int(3)]++;
    for (const n of counts) expect(Math.abs(n - 10_000)).toBeLessThan(400); // ±4.9 sd
  });
});
