import { describe, expect, it } from 'vitest';

import {
  dayAt,
  formatBytes,
  formatCount,
  formatRate,
  parsePeriod,
  periodAt,
  parseJavaDate,
  periodBounds,
} from './format';

describe('format', () => {
  it('shows bytes in steps of 1024 with few digits', () => {
    expect(formatBytes(0)).toBe('0 B');
    expect(formatBytes(1023)).toBe('1023 B');
    expect(formatBytes(1536)).toBe('1.50 KB');
    expect(formatBytes(5697948758)).toBe('5.31 GB');
    expect(formatBytes(5368709120)).toBe('5.00 GB');
    expect(formatBytes(150 * 1024 ** 3)).toBe('150 GB');
  });

  it('shows counts and rates for people', () => {
    expect(formatCount(1234567)).toBe('1,234,567');
    expect(formatRate(0)).toBe('0/s');
    expect(formatRate(5.25)).toBe('5.3/s');
    expect(formatRate(25300)).toBe('25.3 k/s');
    expect(formatRate(1_250_000)).toBe('1.25 M/s');
  });

  it('finds the billing period and day in the agreement\'s zone', () => {
    // 2020-01-31T23:30Z is February 1 in Warsaw, still January 31 in New York.
    const t = Date.UTC(2020, 0, 31, 23, 30);
    expect(periodAt(t, 'Europe/Warsaw')).toEqual({ year: 2020, month: 2 });
    expect(periodAt(t, 'America/New_York')).toEqual({ year: 2020, month: 1 });
    expect(dayAt(t, 'Europe/Warsaw')).toBe('2020-02-01');
  });

  it('reads a period from a month input', () => {
    expect(parsePeriod('2020-01')).toEqual({ year: 2020, month: 1 });
    expect(parsePeriod('2020-13')).toBeNull();
    expect(parsePeriod('junk')).toBeNull();
  });
});

describe('billing period bounds', () => {
  it('are local midnights of the first days, across a daylight-saving change', () => {
    expect(periodBounds({ year: 2020, month: 1 }, 'Europe/Warsaw')).toEqual([
      Date.UTC(2019, 11, 31, 23),
      Date.UTC(2020, 0, 31, 23),
    ]);
    // March starts in winter time, April in summer time.
    expect(periodBounds({ year: 2020, month: 3 }, 'Europe/Warsaw')).toEqual([
      Date.UTC(2020, 1, 29, 23),
      Date.UTC(2020, 2, 31, 22),
    ]);
  });
});

describe('notification dates', () => {
  it('reads what java.util.Date prints', () => {
    expect(parseJavaDate('Fri Jan 10 23:00:00 UTC 2020')).toBe(Date.UTC(2020, 0, 10, 23));
    expect(parseJavaDate('junk')).toBeNaN();
  });
});
