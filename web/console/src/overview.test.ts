import { describe, expect, it } from 'vitest';

import type { Notification, PeriodUsage, UsageAlert } from './api';
import { closestToThreshold, latestPeriod, MAX_CANDIDATES, overview } from './overview';

let clock = 0; // each message later than the one before
const exceeded = (agreementId: string, month: number) =>
  ({ timestamp: ++clock, value: { agreementId, year: 2020, month, type: 'DATA_PLAN_EXCEEDED' } }) as Notification;
const alert = (agreementId: string, month: number, type: string, extra = {}) =>
  ({ timestamp: ++clock, value: { agreementId, year: 2020, month, type, ...extra } }) as UsageAlert;

describe('overview', () => {
  it('takes the latest period anything was published for', () => {
    expect(latestPeriod([exceeded('a', 1), alert('b', 3, 'X'), exceeded('c', 2)])).toEqual({
      year: 2020,
      month: 3,
    });
    expect(latestPeriod([])).toBeNull();
  });

  it('lists the period over plan, forecasts soonest first without those over, candidates latest first', () => {
    const o = overview(
      { year: 2020, month: 2 },
      [exceeded('a', 2), exceeded('z', 1)],
      [
        alert('a', 2, 'USAGE_FORECAST_EXCEEDS_PLAN', { projectedExhaustionAt: '2020-02-03T00:00+01:00[Europe/Warsaw]' }),
        alert('b', 2, 'USAGE_FORECAST_EXCEEDS_PLAN', { projectedExhaustionAt: '2020-02-20T00:00+01:00[Europe/Warsaw]' }),
        alert('c', 2, 'USAGE_FORECAST_EXCEEDS_PLAN', { projectedExhaustionAt: '2020-02-10T00:00Z[UTC]' }),
        alert('b', 2, 'USAGE_THRESHOLD_REACHED', { thresholdBytes: 2 }),
        alert('b', 2, 'USAGE_THRESHOLD_REACHED', { thresholdBytes: 1 }),
        alert('d', 1, 'USAGE_THRESHOLD_REACHED', { thresholdBytes: 1 }),
      ],
    );
    expect(o.overPlan.map((n) => n.value.agreementId)).toEqual(['a']);
    expect(o.forecast.map((a) => a.value.agreementId)).toEqual(['c', 'b']);
    expect(o.candidates).toEqual(['b', 'c', 'a']); // by their latest message
  });

  it('asks for the usage of at most MAX_CANDIDATES agreements, the latest published first', () => {
    const alerts = Array.from({ length: MAX_CANDIDATES + 5 }, (_, i) => alert(`id${i}`, 1, 'USAGE_THRESHOLD_REACHED'));
    const o = overview({ year: 2020, month: 1 }, [], alerts);
    expect(o.candidates).toHaveLength(MAX_CANDIDATES);
    expect(o.candidates[0]).toBe(`id${MAX_CANDIDATES + 4}`);
  });

  it('ranks by the share of the next threshold not yet reached, leaving out those past all', () => {
    const usage = (total: number, thresholds: [number, boolean][]) =>
      ({
        totalRecordedBytes: String(total),
        thresholds: thresholds.map(([bytes, reached]) => ({ threshold: { bytes }, bytes, reached })),
      }) as PeriodUsage;
    const closest = closestToThreshold([
      { agreementId: 'half', usage: usage(50, [[100, false]]) },
      { agreementId: 'past-all', usage: usage(300, [[100, true], [200, true]]) },
      { agreementId: 'near-second', usage: usage(190, [[100, true], [200, false]]) },
      { agreementId: 'none', usage: usage(10, []) },
    ]);
    expect(closest.map((t) => [t.agreementId, t.bytes, t.used])).toEqual([
      ['near-second', 200, 0.95],
      ['half', 100, 0.5],
    ]);
  });
});
