import { expectedReachDate, nextLook, nextReport } from './overview';

describe('start page rules', () => {
  it('reaches the planned size at the recent pace, rounded up to whole days', () => {
    expect(expectedReachDate(5, 10, 3, '2026-11-29')).toBe('2027-04-28'); // 5 × 90 / 3 = 150 days
    expect(expectedReachDate(5, 10, 4, '2026-11-29')).toBe('2027-03-22'); // 112,5 → 113 days
    expect(expectedReachDate(10, 10, 3, '2026-11-29')).toBeNull(); // reached
    expect(expectedReachDate(5, 10, 0, '2026-11-29')).toBeNull(); // no pace
    expect(expectedReachDate(5, null, 3, '2026-11-29')).toBeNull(); // no planned size
  });

  it('counts one look per quarter from the start, at the quarter end', () => {
    expect(nextLook('2026-02-10', null, 4, '2026-11-29')).toEqual({ number: 4, of: 4, on: '2026-12-31' });
    expect(nextLook('2026-02-10', null, 3, '2026-11-29')).toBeNull(); // past the planned looks
    expect(nextLook('2027-01-15', null, 4, '2026-11-29')).toEqual({ number: 1, of: 4, on: '2027-03-31' }); // not started
    expect(nextLook('2026-02-10', '2026-06-30', 8, '2026-11-29')).toBeNull(); // ended
    expect(nextLook(null, null, 4, '2026-11-29')).toBeNull();
  });

  it("drafts the running quarter's report the day after it ends", () => {
    expect(nextReport('2026-11-29')).toEqual({ quarter: '2026-Q4', draftOn: '2027-01-01' });
    expect(nextReport('2027-03-31')).toEqual({ quarter: '2027-Q1', draftOn: '2027-04-01' });
  });
});
