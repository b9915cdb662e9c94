import type { Notification, UsageAlert } from './api';
import type { Period } from './format';

export interface Overview {
  overPlan: Notification[]; // DATA_PLAN_EXCEEDED, latest first
  forecast: UsageAlert[]; // forecasts of those still under their plan, soonest exhaustion first
  thresholds: UsageAlert[]; // each agreement's latest threshold reached, latest first
}

type Published = { value: { year: number; month: number } };

// The latest billing period anything was published for.
export function latestPeriod(messages: Published[]): Period | null {
  let best: Period | null = null;
  for (const { value } of messages) {
    if (!best || value.year * 12 + value.month > best.year * 12 + best.month) {
      best = { year: value.year, month: value.month };
    }
  }
  return best;
}

// The instant of an ISO date-time with an offset, its [region] dropped.
const instant = (text: string | undefined) => Date.parse((text ?? '').replace(/\[.*\]$/, ''));

export function overview(period: Period, exceeded: Notification[], alerts: UsageAlert[]): Overview {
  const inPeriod = <T extends Published>(m: T) =>
    m.value.year === period.year && m.value.month === period.month;
  const overPlan = exceeded.filter(inPeriod);
  const over = new Set(overPlan.map((n) => n.value.agreementId));
  const forecast = alerts
    .filter((a) => inPeriod(a) && a.value.type === 'USAGE_FORECAST_EXCEEDS_PLAN')
    .filter((a) => !over.has(a.value.agreementId))
    .sort((a, b) => instant(a.value.projectedExhaustionAt) - instant(b.value.projectedExhaustionAt));
  const seen = new Set<string>();
  const thresholds = alerts
    .filter((a) => inPeriod(a) && a.value.type === 'USAGE_THRESHOLD_REACHED')
    .filter((a) => !seen.has(a.value.agreementId) && seen.add(a.value.agreementId) !== undefined);
  return { overPlan, forecast, thresholds };
}
