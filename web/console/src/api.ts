// Talking to the mobilecs HTTP API, with this tab's token: every failure becomes an ApiError
// with a message a person can read (the API's own JSON error message where it gave one).
import { authorization, forgetToken } from './token';

export class ApiError extends Error {
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

async function messageOf(response: Response): Promise<string> {
  const text = await response.text();
  try {
    const body = JSON.parse(text) as { message?: string; errors?: { message: string }[] };
    if (body.message) return body.message;
    if (body.errors?.length) return body.errors[0].message;
  } catch {
    // not JSON: the text itself
  }
  return text || `${response.status} ${response.statusText}`;
}

async function call(path: string, init: RequestInit = {}): Promise<Response> {
  let response: Response;
  try {
    response = await fetch(path, { ...init, headers: { ...authorization(), ...init.headers } });
  } catch {
    throw new ApiError('The mobilecs server does not answer. Is it running?', 0);
  }
  if (response.status === 401) forgetToken();
  if (!response.ok) throw new ApiError(await messageOf(response), response.status);
  return response;
}

export async function getJson<T>(path: string): Promise<T> {
  return (await call(path)).json() as Promise<T>;
}

export async function getText(path: string): Promise<string> {
  return (await call(path)).text();
}

export async function putJson<T>(path: string, body: unknown): Promise<T> {
  const response = await call(path, {
    method: 'PUT',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
  return response.json() as Promise<T>;
}

export interface Agreement {
  id: string;
  msisdn: string;
  signedAt: string;
  serviceStartAt: string;
  billingPeriodTimeZone: string;
  maxBytesInBillingPeriod: number;
}

export interface DataRecord {
  key: {
    agreementId: string;
    year: number;
    month: number;
    recordedAt: string;
    internalRecordId: string;
  };
  recordedBytes: number;
}

export type NotificationType = 'DATA_PLAN_EXCEEDED' | 'BILLING_PERIOD_CLOSED';

export interface Notification {
  sequence: number;
  timestamp: number;
  key: string;
  value: {
    agreementId: string;
    year: number;
    month: number;
    latestRecordedAt: string;
    latestInternalRecordId: string;
    totalRecordedBytes: number;
    billingPeriodTimeZone: string;
    maxBytesInBillingPeriod: number;
    type: NotificationType;
  };
}

export type UsageAlertType = 'USAGE_THRESHOLD_REACHED' | 'USAGE_FORECAST_EXCEEDS_PLAN';

// A threshold as the policy writes it, or the n-th step above the plan.
export type AlertThreshold = { percentOfPlan: number } | { bytes: number } | { overPlanStep: number };

export interface UsageAlert {
  sequence: number;
  timestamp: number; // recordedAt of the record that caused it
  key: string;
  value: {
    agreementId: string;
    year: number;
    month: number;
    type: UsageAlertType;
    threshold?: AlertThreshold;
    thresholdBytes: number;
    totalRecordedBytes: number;
    maxBytesInBillingPeriod: number;
    projectedExhaustionAt?: string;
    projectedPeriodTotalBytes?: number;
    daysLeft?: number;
  };
}

// GET /api/usage/{agreementId}/{year}/{month}.
export interface PeriodUsage {
  totalRecordedBytes: string;
  maxBytesInBillingPeriod: number;
  usagePolicySource: 'agreement' | '--usage-policy' | null;
  thresholds: { threshold: AlertThreshold; bytes: number; reached: boolean }[];
  forecast: null | {
    projectedExhaustionAt: string;
    projectedPeriodTotalBytes: number;
    daysLeft: number;
    exhaustedWithinPeriod: boolean;
    trailingDays: number;
  };
}

export interface AuditEvent {
  id: string;
  at: number;
  subject: string;
  credential: string;
  from: string;
  action: string;
  target?: unknown;
  before?: unknown;
  after?: unknown;
  failedEvent?: string;
  reason?: string;
}

export interface BadInput {
  origin: string;
  position: number;
  reason: string;
}

export interface RoleStatus {
  role: string;
  instance: string;
  startedAt: number;
  state: string;
  counters: Record<string, number>;
  badInputs: BadInput[];
}

export interface PipelineRole {
  name: string;
  url: string;
  reachable: boolean;
  status: RoleStatus | null;
  recordsPerSecond: number;
  series: Record<string, number[]>;
}

export interface Lag {
  topic?: string;
  partition?: number;
  folder?: string;
  lag: number;
}

// An alert firing in the Prometheus the server was given (--prometheus-url).
export interface FiringAlert {
  name: string;
  severity: string;
  summary: string;
  runbook: string;
  since: string;
}

export interface Pipeline {
  sampledAt: number;
  intervalSeconds: number;
  roles: PipelineRole[];
  lag: Lag[];
  // null without --prometheus-url; `error` when Prometheus did not answer.
  alerts: { firing?: FiringAlert[]; error?: string } | null;
}

export const isUuid = (text: string) =>
  /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(text.trim());
