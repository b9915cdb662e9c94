import type { Pipeline } from '../api';

// The alerts firing in Prometheus (deploy/prometheus/mobilecs-rules.yml), pages first: what an
// operator on call looks at before anything else on this page.
export function FiringAlerts({ alerts }: { alerts: Pipeline['alerts'] }) {
  if (!alerts) {
    return (
      <p className="muted">
        Alerts: not shown. Start the server with <code>--prometheus-url</code> to show the alerts
        firing in the Prometheus that scrapes the roles.
      </p>
    );
  }
  if (alerts.error) {
    return (
      <div className="card" role="alert">
        <h2>Alerts</h2>
        <p className="error">Prometheus did not answer: {alerts.error}</p>
      </div>
    );
  }
  const firing = [...(alerts.firing ?? [])].sort(
    (a, b) => Number(b.severity === 'page') - Number(a.severity === 'page'),
  );
  return (
    <div className="card" aria-labelledby="alerts-title">
      <h2 id="alerts-title">Alerts firing</h2>
      {firing.length === 0 ? (
        <p className="muted">None: every alert rule is quiet.</p>
      ) : (
        <table aria-label="Alerts firing">
          <thead>
            <tr>
              <th>Severity</th>
              <th>Alert</th>
              <th>What</th>
              <th>Since</th>
              <th>Runbook</th>
            </tr>
          </thead>
          <tbody>
            {firing.map((a) => (
              <tr key={`${a.name}-${a.since}-${a.summary}`}>
                <td>
                  <span className={`badge ${a.severity === 'page' ? 'exceeded' : 'alert'}`}>
                    {a.severity || 'none'}
                  </span>
                </td>
                <td>{a.name}</td>
                <td>{a.summary}</td>
                <td>{new Date(a.since).toLocaleString()}</td>
                <td>{a.runbook && <code>{a.runbook}</code>}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
