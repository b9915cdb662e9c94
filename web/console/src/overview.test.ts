import { describe, expect, it } from 'vitest';

import type { Notification, UsageAlert } from './api';
import { latestPeriod, overview } from './overview';

const exceeded = (agreementId: string, month: number) =>
  ({ value: { agreementId, year: 2020, month, type: 'DATA_PLAN_EXCEEDED' } }) as Notification;
const alert = (agreementId: string, month: number, type: string, extra = {}) =>
  ({ value: { agreementId, year: 2020, month, type, ...extra } }) as UsageAlert;

describe('overview', () => {
  it('takes the latest period anything was published for', () => {
    expect(latestPeriod([exceeded('a', 1), alert('b', 3, 'X'), exceeded('c', 2)])).toEqual({
      year: 2020,
      month: 3,
    });
    expect(latestPeriod([])).toBeNull();
  });

  it('lists the period over plan, forecasts soonest first without those over, latest thresholds', () => {
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
    expect(o.thresholds.map((a) => a.value.thresholdBytes)).toEqual([2]);
  });
});
