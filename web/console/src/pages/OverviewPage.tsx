import { useEffect, useState } from 'react';

import { getJson, type Notification, type PeriodUsage, type UsageAlert } from '../api';
import { ErrorMessage } from '../components/ErrorMessage';
import { formatBytes, periodText, type Period } from '../format';
import { href } from '../route';
import { closestToThreshold, latestPeriod, overview, type NextThreshold, type Overview } from '../overview';
import { thresholdLabel } from '../usage';

const SHOWN = 20;

// Where an operator starts: the latest period's subscribers over their plan, those forecast to
// run out (soonest first), and those closest to their next threshold, each a link to its usage
// page.
export function OverviewPage() {
  const [data, setData] = useState<{ period: Period; overview: Overview } | null>(null);
  const [closest, setClosest] = useState<NextThreshold[] | null>(null);
  const [empty, setEmpty] = useState(false);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    Promise.all([
      getJson<Notification[]>('/api/notifications?type=DATA_PLAN_EXCEEDED&limit=10000'),
      getJson<UsageAlert[]>('/api/alerts?limit=10000'),
    ]).then(([exceeded, alerts]) => {
      const period = latestPeriod([...exceeded, ...alerts]);
      if (!period) {
        setEmpty(true);
        return;
      }
      const data = { period, overview: overview(period, exceeded, alerts) };
      setData(data);
      return Promise.all(
        data.overview.candidates.map((agreementId) =>
          getJson<PeriodUsage>(`/api/usage/${agreementId}/${period.year}/${period.month}`).then((usage) => ({
            agreementId,
            usage,
          })),
        ),
      ).then((usages) => setClosest(closestToThreshold(usages)));
    }).catch(setError);
  }, []);
  return (
    <section aria-labelledby="overview-title">
      <h1 id="overview-title">Overview{data && `: ${periodText(data.period)}`}</h1>
      <ErrorMessage error={error} what="load the notifications and alerts" />
      {!data && !empty && !error && <p className="muted">Loading…</p>}
      {empty && (
        <p className="muted">Nothing published yet: no subscriber has reached a plan or a threshold.</p>
      )}
      {data && (
        <div className="columns three">
          <List
            title="Over their plan"
            testId="over-plan"
            items={data.overview.overPlan.map((n) => ({
              id: n.value.agreementId,
              text: `${formatBytes(n.value.totalRecordedBytes)} of ${formatBytes(n.value.maxBytesInBillingPeriod)} when reached`,
            }))}
            period={data.period}
          />
          <List
            title="Forecast to run out, soonest first"
            testId="forecast"
            items={data.overview.forecast.map((a) => ({
              id: a.value.agreementId,
              text: `runs out ${a.value.projectedExhaustionAt?.slice(0, 16).replace('T', ' ')}, ${a.value.daysLeft} day(s) after the forecast`,
            }))}
            period={data.period}
          />
          {closest ? (
            <List
              title="Closest to their next threshold"
              testId="closest"
              items={closest.map((t) => ({
                id: t.agreementId,
                text: `${Math.floor(t.used * 100)} % of the way to ${thresholdLabel(t.threshold)} (${formatBytes(t.bytes)})`,
              }))}
              period={data.period}
            />
          ) : (
            <p className="muted">Loading the usage of {data.overview.candidates.length} subscribers…</p>
          )}
        </div>
      )}
    </section>
  );
}

function List({
  title,
  testId,
  items,
  period,
}: {
  title: string;
  testId: string;
  items: { id: string; text: string }[];
  period: Period;
}) {
  return (
    <div className="card" data-testid={testId} data-count={items.length}>
      <h2>
        {title} <span className="muted">({items.length})</span>
      </h2>
      {items.length === 0 && <p className="muted">None.</p>}
      <ol className="overview">
        {items.slice(0, SHOWN).map((item) => (
          <li key={item.id}>
            <a className="mono" href={href('usage', { agreement: item.id, period: periodText(period) })}>
              {item.id}
            </a>
            <div className="muted">{item.text}</div>
          </li>
        ))}
      </ol>
      {items.length > SHOWN && <p className="muted">and {items.length - SHOWN} more</p>}
    </div>
  );
}
