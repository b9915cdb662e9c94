import type { DataRecord, Notification, PeriodUsage, UsageAlert } from './api';
import type { ChartOption } from './components/Chart';
import { formatBytes, formatInstant, periodBounds, type Period } from './format';
import { daily, planReachedAt, thresholdLabel, type UsagePoint } from './usage';

export interface UsageChartInput {
  period: Period;
  zone: string;
  plan: number;
  points: UsagePoint[];
  records: DataRecord[];
  exceeded: Notification | undefined;
  closed: Notification | undefined;
  thresholds: PeriodUsage['thresholds'];
  forecast: PeriodUsage['forecast'];
  alerts: UsageAlert[];
}

// The usage page's chart: the period's running total with the plan, the policy's thresholds, the
// notifications and alerts where they fired, the forecast to the period's end, and the usage per
// day below.
export function usageChartOption({
  period,
  zone,
  plan,
  points,
  records,
  exceeded,
  closed,
  thresholds,
  forecast,
  alerts,
}: UsageChartInput): ChartOption {
  const [start, end] = periodBounds(period, zone);
  const reached = exceeded ? planReachedAt(points, plan) : undefined;
  const days = daily(records, zone);
  const axis = {
    type: 'time',
    min: start,
    max: end,
    axisLabel: { formatter: (v: number) => formatInstant(v, zone).slice(5, 10) },
  };
  return {
    animation: false,
    tooltip: {
      trigger: 'axis',
      valueFormatter: (v: number) => formatBytes(v),
    },
    legend: { top: 0 },
    grid: [
      { left: 70, right: 20, top: 30, height: '52%' },
      { left: 70, right: 20, bottom: 30, height: '22%' },
    ],
    xAxis: [
      { ...axis, gridIndex: 0 },
      { ...axis, gridIndex: 1 },
    ],
    yAxis: [
      { type: 'value', gridIndex: 0, axisLabel: { formatter: (v: number) => formatBytes(v) } },
      { type: 'value', gridIndex: 1, axisLabel: { formatter: (v: number) => formatBytes(v) } },
    ],
    series: [
      {
        name: 'Used in the period',
        type: 'line',
        step: 'end',
        showSymbol: points.length < 100,
        data: points.map((p) => [p.time, p.total]),
        markLine: {
          symbol: 'none',
          data: [
            {
              name: 'plan',
              yAxis: plan,
              lineStyle: { color: '#b45309', type: 'dashed' },
              label: { formatter: `plan ${formatBytes(plan)}`, position: 'insideEndTop' },
            },
            // The policy's thresholds; the plan's own line already stands for 100 %.
            ...thresholds
              .filter((t) => t.bytes !== plan)
              .map((t) => ({
                name: thresholdLabel(t.threshold),
                yAxis: t.bytes,
                lineStyle: { color: t.reached ? '#7c3aed' : '#a78bfa', type: 'dotted' },
                label: { formatter: thresholdLabel(t.threshold), position: 'insideStartTop' },
              })),
            ...(closed
              ? [
                  {
                    name: 'closed',
                    xAxis: end - 1,
                    lineStyle: { color: '#475569' },
                    label: { formatter: 'BILLING_PERIOD_CLOSED', position: 'insideEndTop' },
                  },
                ]
              : []),
          ],
        },
        markPoint: {
          data: [
            ...(reached
              ? [
                  {
                    name: 'DATA_PLAN_EXCEEDED',
                    coord: [reached.time, reached.total],
                    symbol: 'pin',
                    symbolSize: 44,
                    itemStyle: { color: '#dc2626' },
                    label: { formatter: '!', color: 'white' },
                  },
                ]
              : []),
            // Each usage alert where it fired: the record that reached it.
            ...alerts.map((a) => ({
              name: a.value.type,
              coord: [a.timestamp, a.value.totalRecordedBytes],
              symbol: a.value.type === 'USAGE_FORECAST_EXCEEDS_PLAN' ? 'diamond' : 'circle',
              symbolSize: 10,
              itemStyle: { color: '#7c3aed' },
              label: { show: false },
            })),
          ],
        },
      },
      // The trailing rate projected from the latest record to the period's end.
      ...(forecast && points.length
        ? [
            {
              name: `Forecast (last ${forecast.trailingDays} days' rate)`,
              type: 'line',
              showSymbol: false,
              lineStyle: { type: 'dashed', color: '#7c3aed' },
              itemStyle: { color: '#7c3aed' },
              data: [
                [points[points.length - 1].time, points[points.length - 1].total],
                [end - 1, forecast.projectedPeriodTotalBytes],
              ],
            },
          ]
        : []),
      {
        name: 'Per day',
        type: 'bar',
        xAxisIndex: 1,
        yAxisIndex: 1,
        itemStyle: { color: '#0e7490' },
        data: days.map(([day, bytes]) => [Date.parse(`${day}T12:00:00Z`), bytes]),
      },
    ],
  };
}
