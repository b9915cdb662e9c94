import { useEffect, useState } from 'react';

import { getJson, type AuditEvent } from '../api';
import { ErrorMessage } from '../components/ErrorMessage';
import { formatInstant } from '../format';

const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;

function text(value: unknown): string {
  if (value === undefined || value === null) return '—';
  return typeof value === 'string' ? value : JSON.stringify(value);
}

// Every change made through the API: who, from where, what, and what it replaced (admin only).
export function AuditPage() {
  const [events, setEvents] = useState<AuditEvent[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    getJson<AuditEvent[]>('/api/audit?limit=500').then(
      (e) => setEvents(e.sort((a, b) => b.at - a.at)),
      setError,
    );
  }, []);
  return (
    <section aria-labelledby="audit-title">
      <h1 id="audit-title">Audit trail</h1>
      <ErrorMessage error={error} what="load the audit trail (it needs the admin scope)" />
      {!events && !error && <p className="muted">Loading…</p>}
      {events && (
        <div className="card">
          <table className="audit">
            <caption>
              {events.length === 1 ? '1 change' : `${events.length} changes`}, newest first. Each is recorded before it is made; one that
              then failed is followed by a line saying so.
            </caption>
            <thead>
              <tr>
                <th>When</th>
                <th>Who</th>
                <th>From</th>
                <th>What</th>
                <th>Target</th>
                <th>Before</th>
                <th>After</th>
              </tr>
            </thead>
            <tbody>
              {events.map((e) => (
                <tr key={e.id} data-action={e.action}>
                  <td>{formatInstant(e.at, zone)}</td>
                  <td>
                    {e.subject} <span className="muted">({e.credential})</span>
                  </td>
                  <td className="mono">{e.from}</td>
                  <td>{e.failedEvent ? `${e.action}: failed (${e.reason ?? ''})` : e.action}</td>
                  <td className="mono">{text(e.target)}</td>
                  <td className="mono">{text(e.before)}</td>
                  <td className="mono">{text(e.after)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
