import {
  isQuarter,
  lastEndedQuarter,
  parseQuarter,
  previousQuarter,
  quarterName,
  quarterOf,
  quarterRange,
  recentQuarters,
} from './quarters';
import { todayIso } from './dates';

describe('quarters', () => {
  it('gives the first and last day of a quarter', () => {
    expect(quarterRange('2026-Q1')).toEqual({ start: '2026-01-01', end: '2026-03-31' });
    expect(quarterRange('2024-Q1')).toEqual({ start: '2024-01-01', end: '2024-03-31' });
    expect(quarterRange('2026-Q3')).toEqual({ start: '2026-07-01', end: '2026-09-30' });
    expect(quarterRange('2026-Q4')).toEqual({ start: '2026-10-01', end: '2026-12-31' });
    expect(quarterRange('2026-Q5')).toBeNull();
    expect(isQuarter('2026-3')).toBe(false);
  });
  it('reads a quarter as typed, with a canonical label', () => {
    expect(parseQuarter(' 2026-Q3')).toBeNull();
    expect(parseQuarter('2026-Q3\r')).toBeNull();
    expect(parseQuarter('2026-q3')).toEqual({
      label: '2026-Q3',
      year: 2026,
      q: 3,
      start: '2026-07-01',
      end: '2026-09-30',
    });
    expect(parseQuarter('2026-Q0')).toBeNull();
    expect(parseQuarter('26-Q1')).toBeNull();
    expect(isQuarter('2026-q3')).toBe(false);
  });
  it('knows the quarter of a date and the one before', () => {
    expect(quarterOf('2026-09-30').label).toBe('2026-Q3');
    expect(quarterOf('2026-10-01').label).toBe('2026-Q4');
    expect(previousQuarter(quarterOf('2026-02-15')).label).toBe('2025-Q4');
  });
  it('counts ended quarters from the date in the Netherlands', () => {
    expect(lastEndedQuarter('2026-04-01').label).toBe('2026-Q1');
    expect(recentQuarters(3, '2026-01-01')).toEqual(['2025-Q4', '2025-Q3', '2025-Q2']);
    // 31 December 23:30 UTC is already 1 January in Amsterdam: 2026-Q4 has ended there.
    expect(lastEndedQuarter(todayIso(new Date('2026-12-31T23:30:00Z'))).label).toBe('2026-Q4');
  });

  it('names a quarter in words, and leaves anything else as it is', () => {
    expect(quarterName('2026-Q3')).toBe('het derde kwartaal van 2026');
    expect(quarterName('2027-Q1')).toBe('het eerste kwartaal van 2027');
    expect(quarterName('2027-Q5')).toBe('2027-Q5');
  });
});
