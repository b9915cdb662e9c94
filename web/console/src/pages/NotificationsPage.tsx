import { useCallback, useEffect, useState } from 'react';

import { getJson, type Notification } from '../api';
import { ErrorMessage } from '../components/ErrorMessage';
import { formatBytes, formatInstant, parseJavaDate, parsePeriod, type Period } from '../format';
import { useNotificationFeed } from '../live';
import { href, navigate } from '../route';

interface Filters {
  type: string;
  agreement: string;
  period: Period | null;
}

function filtersOf(params: URLSearchParams): Filters {
  return {
    type: params.get('type') ?? '',
    agreement: params.get('agreement') ?? '',
    period: parsePeriod(params.get('period') ?? ''),
  };
}

export function matches(n: Notification, f: Filters): boolean {
  return (
    (!f.type || n.value.type === f.type) &&
    (!f.agreement || n.value.agreementId === f.agreement) &&
    (!f.period || (n.value.year === f.period.year && n.value.month === f.period.month))
  );
}

const MAX_SHOWN = 500;

// The history with what came live meanwhile (the history may answer after a live event, and
// must not drop it), newest first, each once.
function withLive(history: Notification[], live: Notification[]): Notification[] {
  const known = new Set(history.map((n) => n.sequence));
  return [...live.filter((n) => !known.has(n.sequence)), ...history]
    .sort((a, b) => b.sequence - a.sequence)
    .slice(0, MAX_SHOWN);
}

export function NotificationsPage({ params }: { params: URLSearchParams }) {
  const filters = filtersOf(params);
  const { type, agreement } = filters;
  const year = filters.period?.year;
  const month = filters.period?.month;
  const [items, setItems] = useState<Notification[]>([]);
  const [error, setError] = useState<unknown>(null);

  useEffect(() => {
    let current = true; // an answer for filters no longer shown is dropped
    const f = { type, agreement, period: year && month ? { year, month } : null };
    const query = new URLSearchParams({ limit: '200' });
    if (type) query.set('type', type);
    if (agreement) query.set('agreementId', agreement);
    if (year) query.set('year', String(year));
    if (month) query.set('month', String(month));
    getJson<Notification[]>(`/api/notifications?${query}`).then(
      (found) => {
        if (!current) return;
        // What is shown may still be of the filters before: only what matches stays.
        setItems((shown) => withLive(found, shown.filter((n) => matches(n, f))));
        setError(null);
      },
      (e: unknown) => current && setError(e),
    );
    return () => {
      current = false;
    };
  }, [type, agreement, year, month]);

  const onLive = useCallback(
    (n: Notification) => {
      const f = { type, agreement, period: year && month ? { year, month } : null };
      if (!matches(n, f)) return;
      setItems((current) =>
        current.some((c) => c.sequence === n.sequence) ? current : [n, ...current].slice(0, MAX_SHOWN),
      );
    },
    [type, agreement, year, month],
  );
  const feed = useNotificationFeed(onLive);

  const set = (change: Record<string, string>) =>
    navigate('notifications', {
      type,
      agreement,
      period: filters.period ? `${year}-${String(month).padStart(2, '0')}` : '',
      ...change,
    });

  return (
    <section aria-labelledby="notifications-title">
      <h1 id="notifications-title">
        Notifications <span className={`live ${feed}`}>{feed}</span>
      </h1>
      <form className="card filters" onSubmit={(e) => e.preventDefault()} aria-label="Filters">
        <label>
          Type
          <select value={type} onChange={(e) => set({ type: e.target.value })}>
            <option value="">all</option>
            <option value="DATA_PLAN_EXCEEDED">DATA_PLAN_EXCEEDED</option>
            <option value="BILLING_PERIOD_CLOSED">BILLING_PERIOD_CLOSED</option>
          </select>
        </label>
        <label>
          Agreement
          <input
            value={agreement}
            placeholder="any"
            onChange={(e) => set({ agreement: e.target.value.trim() })}
          />
        </label>
        <label>
          Billing period
          <input
            type="month"
            value={filters.period ? `${year}-${String(month).padStart(2, '0')}` : ''}
            onChange={(e) => set({ period: e.target.value })}
          />
        </label>
      </form>
      <ErrorMessage error={error} what="load the notifications" />
      <div className="card">
        {items.length === 0 ? (
          <p className="muted">No notifications yet{type || agreement || filters.period ? ' matching these filters' : ''}.</p>
        ) : (
          <table className="notifications" aria-live="polite">
            <caption>Newest first; new ones appear as they are published</caption>
            <thead>
              <tr>
                <th scope="col">#</th>
                <th scope="col">Type</th>
                <th scope="col">Agreement</th>
                <th scope="col">Period</th>
                <th scope="col" className="number">Total</th>
                <th scope="col" className="number">Plan</th>
                <th scope="col">Latest record</th>
              </tr>
            </thead>
            <tbody>
              {items.map((n) => {
                const v = n.value;
                const period = `${v.year}-${String(v.month).padStart(2, '0')}`;
                return (
                  <tr key={n.sequence} data-type={v.type}>
                    <td>{n.sequence}</td>
                    <td>
                      <span className={`badge ${v.type === 'DATA_PLAN_EXCEEDED' ? 'exceeded' : 'closed'}`}>
                        {v.type}
                      </span>
                    </td>
                    <td className="mono">
                      <a href={href('usage', { agreement: v.agreementId, period })}>{v.agreementId}</a>
                    </td>
                    <td>{period}</td>
                    <td className="number">{formatBytes(v.totalRecordedBytes)}</td>
                    <td className="number">{formatBytes(v.maxBytesInBillingPeriod)}</td>
                    <td>
                      {formatInstant(parseJavaDate(v.latestRecordedAt), v.billingPeriodTimeZone)}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        )}
      </div>
    </section>
  );
}
