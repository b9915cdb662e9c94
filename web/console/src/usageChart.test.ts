import { describe, expect, it } from 'vitest';

import type { DataRecord, PeriodUsage } from './api';
import { cumulative } from './usage';
import { usageChartOption, type UsageChartInput } from './usageChart';

const record = (recordedAt: string, bytes: number): DataRecord => ({
  key: { agreementId: 'a', year: 2020, month: 1, recordedAt, internalRecordId: recordedAt },
  recordedBytes: bytes,
});

type Series = { name: string; data: unknown[]; markLine?: { data: { name: string; yAxis?: number }[] } };

describe('usageChartOption', () => {
  const records = [record('2020-01-02T12:00:00.000+00:00', 600), record('2020-01-03T12:00:00.000+00:00', 300)];
  const input: UsageChartInput = {
    period: { year: 2020, month: 1 },
    zone: 'UTC',
    plan: 1000,
    points: cumulative(records),
    records,
    exceeded: undefined,
    closed: undefined,
    thresholds: [
      { threshold: { percentOfPlan: 50 }, bytes: 500, reached: true },
      { threshold: { percentOfPlan: 100 }, bytes: 1000, reached: false },
    ],
    forecast: null,
    alerts: [],
  };
  const series = (option: ReturnType<typeof usageChartOption>) => option.series as Series[];

  it('draws each threshold but the plan, which has its own line', () => {
    const lines = series(usageChartOption(input))[0].markLine!.data;
    expect(lines.map((l) => [l.name, l.yAxis])).toEqual([
      ['plan', 1000],
      ['50 %', 500],
    ]);
  });

  it('projects the forecast from the latest point to the period end, only when there is one', () => {
    expect(series(usageChartOption(input)).map((s) => s.name)).toEqual(['Used in the period', 'Per day']);
    const forecast: PeriodUsage['forecast'] = {
      projectedExhaustionAt: '2020-01-05T00:00Z[UTC]',
      projectedPeriodTotalBytes: 9000,
      daysLeft: 2,
      exhaustedWithinPeriod: true,
      trailingDays: 7,
    };
    const projected = series(usageChartOption({ ...input, forecast }))[1];
    expect(projected.name).toBe("Forecast (last 7 days' rate)");
    expect(projected.data).toEqual([
      [Date.parse('2020-01-03T12:00:00Z'), 900],
      [Date.parse('2020-02-01T00:00:00Z') - 1, 9000],
    ]);
  });
});
