import { isQuarter, quarterOf, quarterRange } from './quarters';

describe('quarters', () => {
  it('gives the first and last day of a quarter', () => {
    expect(quarterRange('2026-Q1')).toEqual({ start: '2026-01-01', end: '2026-03-31' });
    expect(quarterRange('2024-Q1')).toEqual({ start: '2024-01-01', end: '2024-03-31' });
    expect(quarterRange('2026-Q3')).toEqual({ start: '2026-07-01', end: '2026-09-30' });
    expect(quarterRange('2026-Q4')).toEqual({ start: '2026-10-01', end: '2026-12-31' });
    expect(quarterRange('2026-Q5')).toBeNull();
    expect(isQuarter('2026-3')).toBe(false);
  });
  it('knows the quarter of a date', () => {
    expect(quarterOf('2026-09-30')).toBe('2026-Q3');
    expect(quarterOf('2026-10-01')).toBe('2026-Q4');
  });
});
