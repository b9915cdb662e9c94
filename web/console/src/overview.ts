import type { AlertThreshold, Notification, PeriodUsage, UsageAlert } from './api';
import type { Period } from './format';

export interface Overview {
  overPlan: Notification[]; // DATA_PLAN_EXCEEDED, latest first
  forecast: UsageAlert[]; // forecasts of those still under their plan, soonest exhaustion first
  candidates: string[]; // agreements to rank by closeness to their next threshold
}

// An agreement's next threshold not yet reached, and how much of it the period has used.
export interface NextThreshold {
  agreementId: string;
  threshold: AlertThreshold;
  bytes: number;
  used: number; // total / bytes, below 1
}

// Agreements whose usage is asked for to find those closest to a threshold: the usage of
// every agreement is not known here, so those something was published for in the period,
// latest first, at most this many.
export const MAX_CANDIDATES = 40;

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
  const latestFirst = [...alerts.filter(inPeriod), ...overPlan].sort((a, b) => b.timestamp - a.timestamp);
  const candidates = [...new Set(latestFirst.map((m) => m.value.agreementId))].slice(0, MAX_CANDIDATES);
  return { overPlan, forecast, candidates };
}

// Those with a threshold still ahead, closest first (the largest share of it used).
export function closestToThreshold(usages: { agreementId: string; usage: PeriodUsage }[]): NextThreshold[] {
  const next: NextThreshold[] = [];
  for (const { agreementId, usage } of usages) {
    const ahead = usage.thresholds.find((t) => !t.reached);
    if (!ahead) continue;
    next.push({ agreementId, threshold: ahead.threshold, bytes: ahead.bytes, used: Number(usage.totalRecordedBytes) / ahead.bytes });
  }
  return next.sort((a, b) => b.used - a.used);
}
