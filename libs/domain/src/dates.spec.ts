// Run in a zone with daylight saving time: calendar arithmetic must not depend on the machine's clock zone.
process.env.TZ = 'Europe/Amsterdam';
import { addDays, daysBetween, isValidIsoDate, parseDate, toDutchDate, todayIso } from './dates';

describe('parseDate', () => {
  it.each([
    ['2026-03-31', '2026-03-31'],
    ['31-03-2026', '2026-03-31'],
    ['1-3-2026', '2026-03-01'],
    ['01-03-2026', '2026-03-01'],
    [' 2026-01-05 ', '2026-01-05'],
    ['29-02-2024', '2024-02-29'],
    ['2024-02-29', '2024-02-29'],
    ['2000-02-29', '2000-02-29'],
  ])('reads %j as %s', (input, expected) => {
    expect(parseDate(input)).toBe(expected);
  });

  it.each([
    '2026-02-30',
    '30-02-2026',
    '2023-02-29',
    '29-02-2023',
    '1900-02-29',
    '2026-13-01',
    '2026-00-10',
    '2026-04-31',
    '32-01-2026',
    '2026-1-5',
    '2026/01/05',
    '05/01/2026',
    '20260105',
    '',
    'morgen',
    '2026-01-05T00:00:00Z',
    '05-01-26',
  ])('refuses %j', (input) => {
    expect(parseDate(input)).toBeNull();
  });
});

describe('isValidIsoDate', () => {
  it('accepts only real dates written as YYYY-MM-DD', () => {
    expect(isValidIsoDate('2026-12-31')).toBe(true);
    expect(isValidIsoDate('2024-02-29')).toBe(true);
    expect(isValidIsoDate('2026-02-30')).toBe(false);
    expect(isValidIsoDate('31-12-2026')).toBe(false);
    expect(isValidIsoDate(' 2026-12-31')).toBe(false);
  });
});

describe('daysBetween and addDays', () => {
  it('counts whole days across the spring DST change (Europe/Amsterdam, 29 March 2026)', () => {
    expect(daysBetween('2026-03-28', '2026-03-30')).toBe(2);
    expect(daysBetween('2026-03-29', '2026-03-30')).toBe(1);
    expect(addDays('2026-03-28', 2)).toBe('2026-03-30');
  });

  it('counts whole days across the autumn DST change (25 October 2026)', () => {
    expect(daysBetween('2026-10-24', '2026-10-26')).toBe(2);
    expect(daysBetween('2026-10-25', '2026-10-26')).toBe(1);
    expect(addDays('2026-10-25', 1)).toBe('2026-10-26');
  });

  it('counts the leap day', () => {
    expect(daysBetween('2024-02-28', '2024-03-01')).toBe(2);
    expect(daysBetween('2023-02-28', '2023-03-01')).toBe(1);
    expect(daysBetween('2024-01-01', '2025-01-01')).toBe(366);
    expect(daysBetween('2025-01-01', '2026-01-01')).toBe(365);
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2023-02-28', 1)).toBe('2023-03-01');
  });

  it('is negative backwards, zero on the same day, and inverse to addDays over a long span', () => {
    expect(daysBetween('2026-03-30', '2026-03-28')).toBe(-2);
    expect(daysBetween('2026-01-05', '2026-01-05')).toBe(0);
    expect(addDays('2026-01-05', -5)).toBe('2025-12-31');
    for (let n = 0; n <= 1200; n += 7) expect(daysBetween('2025-07-01', addDays('2025-07-01', n))).toBe(n);
  });

  // Expected dates from GNU date with the IANA rules: TZ=Europe/Amsterdam date -d <instant> +%F
  it('todayIso gives the calendar date in the Netherlands, across midnight and daylight saving time', () => {
    expect(todayIso(new Date('2026-11-26T22:59:00Z'))).toBe('2026-11-26'); // winter, UTC+1
    expect(todayIso(new Date('2026-11-26T23:30:00Z'))).toBe('2026-11-27');
    expect(todayIso(new Date('2026-03-28T22:30:00Z'))).toBe('2026-03-28'); // the night summer time starts
    expect(todayIso(new Date('2026-03-29T23:30:00Z'))).toBe('2026-03-30');
    expect(todayIso(new Date('2026-07-01T21:59:00Z'))).toBe('2026-07-01'); // summer, UTC+2
    expect(todayIso(new Date('2026-07-01T22:00:00Z'))).toBe('2026-07-02');
  });
});

describe('toDutchDate', () => {
  it('writes an ISO date as dd-mm-jjjj and round-trips through parseDate', () => {
    expect(toDutchDate('2027-03-09')).toBe('09-03-2027');
    expect(parseDate(toDutchDate('2028-02-29'))).toBe('2028-02-29');
    expect(toDutchDate('9 maart')).toBe('9 maart');
  });
});
