/**
 * Thrown when an argument to a statistics function is outside its domain (a negative count,
 * successes above the total, a non-finite number, a probability outside (0, 1), ...).
 * The message names the argument and the value. Functions in this library never return NaN or
 * Infinity silently: where a statistic is undefined they return `null` (ratios), p = 1 (no test
 * possible) or throw this error (invalid input).
 */
export class StatsInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StatsInputError';
    Object.setPrototypeOf(this, StatsInputError.prototype);
  }
}

/** @internal Throws unless `value` is a finite number. */
export function assertFinite(name: string, value: unknown): asserts value is number {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new StatsInputError(`${name} must be a finite number, got ${String(value)}`);
  }
}

/** @internal Throws unless `value` is a non-negative integer. */
export function assertCount(name: string, value: unknown): asserts value is number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) {
    throw new StatsInputError(`${name} must be a non-negative integer, got ${String(value)}`);
  }
}

/** @internal Throws unless `value` lies strictly between 0 and 1. */
export function assertOpenUnit(name: string, value: unknown): asserts value is number {
  assertFinite(name, value);
  if (!(value > 0 && value < 1)) throw new StatsInputError(`${name} must lie strictly between 0 and 1, got ${value}`);
}
