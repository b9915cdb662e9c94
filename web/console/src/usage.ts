import type { AlertThreshold, DataRecord, Notification } from './api';
import { dayAt, formatBytes } from './format';

export interface UsagePoint {
  time: number; // ms
  total: number; // cumulative bytes after this record
}

// The cumulative usage of a billing period, one point per record in time order.
export function cumulative(records: DataRecord[]): UsagePoint[] {
  const sorted = [...records].sort(
    (a, b) => Date.parse(a.key.recordedAt) - Date.parse(b.key.recordedAt),
  );
  let total = 0;
  return sorted.map((r) => {
    total += r.recordedBytes;
    return { time: Date.parse(r.key.recordedAt), total };
  });
}

// Bytes per local day of the agreement's zone, in day order.
export function daily(records: DataRecord[], timeZone: string): [string, number][] {
  const days = new Map<string, number>();
  for (const r of records) {
    const day = dayAt(Date.parse(r.key.recordedAt), timeZone);
    days.set(day, (days.get(day) ?? 0) + r.recordedBytes);
  }
  return [...days.entries()].sort(([a], [b]) => a.localeCompare(b));
}

// Where DATA_PLAN_EXCEEDED fired: the first record that brought the total to the plan.
export function planReachedAt(points: UsagePoint[], plan: number): UsagePoint | undefined {
  return points.find((p) => p.total >= plan);
}

export const notificationOf = (notifications: Notification[], type: Notification['value']['type']) =>
  notifications.find((n) => n.value.type === type);

// A threshold as a label: "80 %", "10.0 GiB", "plan + 2 steps".
export function thresholdLabel(threshold: AlertThreshold): string {
  if ('percentOfPlan' in threshold) return `${threshold.percentOfPlan} %`;
  if ('bytes' in threshold) return formatBytes(threshold.bytes);
  return threshold.overPlanStep === 1 ? 'plan + 1 step' : `plan + ${threshold.overPlanStep} steps`;
}
