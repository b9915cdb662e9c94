import { describe, expect, it } from 'vitest';

import type { DataRecord } from './api';
import { cumulative, daily, planReachedAt, thresholdLabel } from './usage';

const record = (recordedAt: string, bytes: number): DataRecord => ({
  key: { agreementId: 'a', year: 2020, month: 1, recordedAt, internalRecordId: recordedAt },
  recordedBytes: bytes,
});

describe('usage', () => {
  const records = [
    record('2020-01-02T12:00:00.000+00:00', 300),
    record('2020-01-01T23:30:00.000+00:00', 100),
    record('2020-01-02T13:00:00.000+00:00', 700),
  ];

  it('sums the period in time order, one point per record', () => {
    expect(cumulative(records).map((p) => p.total)).toEqual([100, 400, 1100]);
  });

  it('groups bytes by local day of the agreement\'s zone', () => {
    // 2020-01-01T23:30Z is already January 2 in Warsaw.
    expect(daily(records, 'Europe/Warsaw')).toEqual([['2020-01-02', 1100]]);
    expect(daily(records, 'UTC')).toEqual([
      ['2020-01-01', 100],
      ['2020-01-02', 1000],
    ]);
  });

  it('finds the record that reached the plan', () => {
    expect(planReachedAt(cumulative(records), 400)?.total).toBe(400);
    expect(planReachedAt(cumulative(records), 5000)).toBeUndefined();
  });

  it('names thresholds as the policy writes them', () => {
    expect(thresholdLabel({ percentOfPlan: 80 })).toBe('80 %');
    expect(thresholdLabel({ bytes: 10 * 1024 ** 3 })).toBe('10.0 GB');
    expect(thresholdLabel({ overPlanStep: 1 })).toBe('plan + 1 step');
    expect(thresholdLabel({ overPlanStep: 3 })).toBe('plan + 3 steps');
  });
});
