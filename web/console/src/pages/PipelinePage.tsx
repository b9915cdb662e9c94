import { useEffect, useMemo, useState } from 'react';

import { getJson, type Pipeline, type PipelineRole } from '../api';
import { Chart, type ChartOption } from '../components/Chart';
import { ErrorMessage } from '../components/ErrorMessage';
import { FiringAlerts } from '../components/FiringAlerts';
import { formatCount, formatInstant, formatRate } from '../format';

const REFRESH_MS = 5000;

export function PipelinePage() {
  const [pipeline, setPipeline] = useState<Pipeline | null>(null);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    let live = true;
    const load = () =>
      getJson<Pipeline>('/api/pipeline').then(
        (p) => {
          if (!live) return;
          setPipeline(p);
          setError(null);
        },
        (e) => live && setError(e),
      );
    load();
    const timer = window.setInterval(load, REFRESH_MS);
    return () => {
      live = false;
      window.clearInterval(timer);
    };
  }, []);

  return (
    <section aria-labelledby="pipeline-title">
      <h1 id="pipeline-title">Pipeline</h1>
      <ErrorMessage error={error} what="load the pipeline's state" />
      {!pipeline && !error && <p className="muted">Loading…</p>}
      {pipeline && (
        <>
          <FiringAlerts alerts={pipeline.alerts} />
          <div className="card">
            <RolesTable roles={pipeline.roles} />
            <p className="muted">
              Sampled every {pipeline.intervalSeconds} s; last at{' '}
              {formatInstant(pipeline.sampledAt, Intl.DateTimeFormat().resolvedOptions().timeZone)}.
            </p>
          </div>
          <LagTable pipeline={pipeline} />
          {pipeline.roles.map((role) => (
            <RoleDetails key={role.name} role={role} />
          ))}
        </>
      )}
    </section>
  );
}

function RolesTable({ roles }: { roles: PipelineRole[] }) {
  if (roles.length === 0) {
    return (
      <p className="muted">
        No roles to show: start the backend with <code>--role http://host:port</code> for each
        importer and ingester (their <code>--metrics-port</code>).
      </p>
    );
  }
  return (
    <table className="roles">
      <caption>Each role of the pipeline</caption>
      <thead>
        <tr>
          <th scope="col">Role</th>
          <th scope="col">State</th>
          <th scope="col" className="number">Records/s</th>
          <th scope="col" className="number">Records</th>
          <th scope="col" className="number">Matched</th>
          <th scope="col" className="number">Waiting</th>
          <th scope="col" className="number">Late</th>
          <th scope="col" className="number">Malformed</th>
          <th scope="col" className="number">Notifications</th>
        </tr>
      </thead>
      <tbody>
        {roles.map((r) => {
          const c = r.status?.counters ?? {};
          return (
            <tr key={r.name} data-role={r.status?.role ?? r.name}>
              <th scope="row">
                {r.status ? `${r.status.role} ${r.status.instance}` : r.name}
              </th>
              <td>
                <span className={`state ${r.reachable ? 'up' : 'down'}`}>
                  {r.reachable ? r.status?.state ?? 'running' : 'not answering'}
                </span>
              </td>
              <td className="number">{formatRate(r.recordsPerSecond)}</td>
              <td className="number" data-counter="records">{formatCount(c.records ?? 0)}</td>
              <td className="number">{formatCount(c.matched ?? 0)}</td>
              <td className="number">{formatCount(c.waiting ?? 0)}</td>
              <td className="number">{formatCount(c.late ?? 0)}</td>
              <td className="number" data-counter="malformed">{formatCount(c.malformed ?? 0)}</td>
              <td className="number">
                {formatCount((c.dataPlanExceeded ?? 0) + (c.billingPeriodClosed ?? 0))}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

function LagTable({ pipeline }: { pipeline: Pipeline }) {
  if (pipeline.lag.length === 0) return null;
  const files = pipeline.lag[0].folder !== undefined;
  return (
    <div className="card">
      <table className="lag">
        <caption>{files ? 'Complete input files not yet taken' : 'Consumer lag of the ingesters, per input partition'}</caption>
        <thead>
          <tr>
            <th scope="col">{files ? 'Folder' : 'Topic'}</th>
            {!files && <th scope="col" className="number">Partition</th>}
            <th scope="col" className="number">{files ? 'Files' : 'Messages behind'}</th>
          </tr>
        </thead>
        <tbody>
          {pipeline.lag.map((l) => (
            <tr key={`${l.folder ?? l.topic}/${l.partition ?? ''}`}>
              <td>{l.folder ?? l.topic}</td>
              {!files && <td className="number">{l.partition}</td>}
              <td className="number">{formatCount(l.lag)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

// Records per second between samples.
function rates(time: number[], totals: number[]): [number, number][] {
  const out: [number, number][] = [];
  for (let i = 1; i < time.length; i++) {
    const seconds = (time[i] - time[i - 1]) / 1000;
    out.push([time[i], seconds > 0 ? Math.max(0, (totals[i] - totals[i - 1]) / seconds) : 0]);
  }
  return out;
}

function RoleDetails({ role }: { role: PipelineRole }) {
  const s = role.series;
  const option = useMemo((): ChartOption => {
    const time = s.time ?? [];
    const line = (name: string, data: [number, number][], axis = 0) => ({
      name,
      type: 'line',
      showSymbol: false,
      yAxisIndex: axis,
      data,
    });
    return {
      animation: false,
      tooltip: { trigger: 'axis' },
      legend: { top: 0 },
      grid: { left: 60, right: 60, top: 30, bottom: 30 },
      xAxis: { type: 'time' },
      yAxis: [
        { type: 'value', name: 'records/s', axisLabel: { formatter: (v: number) => formatRate(v) } },
        { type: 'value', name: 'count', splitLine: { show: false } },
      ],
      series: [
        line('records/s', rates(time, s.records ?? [])),
        line('waiting', time.map((t, i) => [t, (s.waiting ?? [])[i] ?? 0]), 1),
        line('malformed', time.map((t, i) => [t, (s.malformed ?? [])[i] ?? 0]), 1),
      ],
    };
  }, [s]);
  const title = role.status ? `${role.status.role} ${role.status.instance}` : role.name;
  return (
    <div className="card">
      <h2>{title}</h2>
      <Chart option={option} height={180} label={`${title}: the last 15 minutes`} />
      {role.status && role.status.badInputs.length > 0 && (
        <table className="bad-inputs">
          <caption>Most recent bad inputs</caption>
          <thead>
            <tr>
              <th scope="col">Where</th>
              <th scope="col">Reason</th>
            </tr>
          </thead>
          <tbody>
            {[...role.status.badInputs].reverse().map((b, i) => (
              <tr key={i}>
                <td className="mono">
                  {b.origin}:{b.position}
                </td>
                <td>{b.reason}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
