// Numbers and times as people read them.

const UNITS = ['B', 'KB', 'MB', 'GB', 'TB', 'PB', 'EB'];

// Bytes in the API's units (steps of 1024), e.g. 5697948758 -> "5.31 GB".
export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes)) return '–';
  let value = Math.abs(bytes);
  let unit = 0;
  while (value >= 1024 && unit < UNITS.length - 1) {
    value /= 1024;
    unit += 1;
  }
  const digits = unit === 0 || value >= 100 ? 0 : value >= 10 ? 1 : 2;
  return `${bytes < 0 ? '-' : ''}${value.toFixed(digits)} ${UNITS[unit]}`;
}

const integers = new Intl.NumberFormat('en-US');
export const formatCount = (n: number) => (Number.isFinite(n) ? integers.format(Math.round(n)) : '–');

export function formatRate(perSecond: number): string {
  if (!Number.isFinite(perSecond) || perSecond <= 0) return '0/s';
  if (perSecond >= 1_000_000) return `${(perSecond / 1_000_000).toFixed(2)} M/s`;
  if (perSecond >= 1_000) return `${(perSecond / 1_000).toFixed(1)} k/s`;
  return `${perSecond.toFixed(perSecond < 10 ? 1 : 0)}/s`;
}

// An instant in a time zone, e.g. "2020-01-10 00:00 (Europe/Warsaw)".
export function formatInstant(ms: number, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(new Date(ms));
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')} ${get('hour')}:${get('minute')}`;
}

export interface Period {
  year: number;
  month: number;
}

// The billing period (calendar month) an instant falls in, in a time zone.
export function periodAt(ms: number, timeZone: string): Period {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
  }).formatToParts(new Date(ms));
  return {
    year: Number(parts.find((p) => p.type === 'year')?.value),
    month: Number(parts.find((p) => p.type === 'month')?.value),
  };
}

export const periodText = (p: Period) => `${p.year}-${String(p.month).padStart(2, '0')}`;

export function parsePeriod(text: string): Period | null {
  const m = /^(\d{4})-(\d{2})$/.exec(text);
  if (!m) return null;
  const period = { year: Number(m[1]), month: Number(m[2]) };
  return period.month >= 1 && period.month <= 12 && period.year >= 1 ? period : null;
}

// The local calendar day (YYYY-MM-DD) of an instant in a time zone.
export function dayAt(ms: number, timeZone: string): string {
  return formatInstant(ms, timeZone).slice(0, 10);
}

// The zone's offset from UTC at an instant, in ms (Warsaw in winter: +3,600,000).
export function zoneOffsetMs(ms: number, timeZone: string): number {
  const name =
    new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'longOffset' })
      .formatToParts(new Date(ms))
      .find((p) => p.type === 'timeZoneName')?.value ?? 'GMT';
  const m = /GMT([+-])(\d{2}):?(\d{2})?/.exec(name);
  if (!m) return 0;
  const minutes = Number(m[2]) * 60 + Number(m[3] ?? 0);
  return (m[1] === '-' ? -1 : 1) * minutes * 60_000;
}

// The first instant of a billing period, and of the next, in a time zone.
export function periodBounds(p: Period, timeZone: string): [number, number] {
  const start = (year: number, month: number) => {
    const local = Date.UTC(year, month - 1, 1);
    return local - zoneOffsetMs(local - zoneOffsetMs(local, timeZone), timeZone);
  };
  const next = p.month === 12 ? { year: p.year + 1, month: 1 } : { year: p.year, month: p.month + 1 };
  return [start(p.year, p.month), start(next.year, next.month)];
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

// A notification's latestRecordedAt, as java.util.Date prints it: "Fri Jan 10 23:00:00 UTC 2020".
export function parseJavaDate(text: string): number {
  const m = /^\w{3} (\w{3}) (\d{2}) (\d{2}):(\d{2}):(\d{2}) UTC (-?\d+)$/.exec(text);
  if (!m) return Number.NaN;
  return Date.UTC(Number(m[6]), MONTHS.indexOf(m[1]), Number(m[2]), Number(m[3]), Number(m[4]), Number(m[5]));
}
