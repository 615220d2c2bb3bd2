import { createHash } from 'node:crypto';

/**
 * A seeded pseudo-random stream (sfc32, seeded from SHA-256 of the secret seed and a label), so
 * that every allocation is reproducible from its seed by an auditor and never depends on
 * Math.random. Each label (a stratum and block number, "clusters", ...) gets its own independent
 * stream, so a block can be regenerated without generating the blocks before it.
 */
export class SeededRandom {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(seed: string, ...labels: (string | number)[]) {
    if (typeof seed !== 'string' || seed.length === 0)
      throw new Error('A seeded random stream needs a non-empty seed.');
    const h = createHash('sha256')
      .update([seed, ...labels.map(String)].join('\u001f'))
      .digest();
    this.a = h.readUInt32LE(0);
    this.b = h.readUInt32LE(4);
    this.c = h.readUInt32LE(8);
    this.d = h.readUInt32LE(12);
    for (let i = 0; i < 15; i++) this.nextUint32();
  }

  /** The next 32-bit unsigned integer. */
  nextUint32(): number {
    const t = (((this.a + this.b) >>> 0) + this.d) >>> 0;
    this.d = (this.d + 1) >>> 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) >>> 0;
    this.c = ((this.c << 21) | (this.c >>> 11)) >>> 0;
    this.c = (this.c + t) >>> 0;
    return t;
  }

  /** A uniform integer in [0, n), without modulo bias (rejection sampling). */
  int(n: number): number {
    if (!Number.isInteger(n) || n < 1 || n > 2 ** 32)
      throw new Error(`int(n) needs an integer n from 1 to 2^32, got ${n}.`);
    const limit = Math.floor(2 ** 32 / n) * n;
    let x: number;
    do x = this.nextUint32();
    while (x >= limit);
    return x % n;
  }

  /** A uniformly shuffled copy (Fisher–Yates). */
  shuffle<T>(items: readonly T[]): T[] {
    const out = [...items];
    for (let i = out.length - 1; i > 0; i--) {
      const j = this.int(i + 1);
      [out[i], out[j]] = [out[j], out[i]];
    }
    return out;
  }
}
