import { useEffect, useMemo, useState } from 'react';

import {
  getJson,
  getText,
  isUuid,
  type Agreement,
  type DataRecord,
  type Notification,
  type PeriodUsage,
  type UsageAlert,
} from '../api';
import { Chart } from '../components/Chart';
import { ErrorMessage } from '../components/ErrorMessage';
import { RecordsTable } from '../components/RecordsTable';
import { UpsertForm } from '../components/UpsertForm';
import {
  formatBytes,
  parsePeriod,
  periodAt,
  periodText,
  type Period,
} from '../format';
import { href, navigate } from '../route';
import { cumulative, notificationOf } from '../usage';
import { usageChartOption } from '../usageChart';

interface Usage {
  records: DataRecord[];
  total: string;
  notifications: Notification[];
  alerts: UsageAlert[];
  summary: PeriodUsage;
}

export function UsagePage({ params }: { params: URLSearchParams }) {
  const agreementId = params.get('agreement') ?? '';
  return (
    <section aria-labelledby="usage-title">
      <h1 id="usage-title">Subscriber usage</h1>
      <AgreementSearch initial={agreementId || params.get('msisdn') || ''} />
      {agreementId && (
        <AgreementUsage key={agreementId} agreementId={agreementId} period={params.get('period')} />
      )}
    </section>
  );
}

// Find an agreement by its id or by the subscriber's MSISDN.
function AgreementSearch({ initial }: { initial: string }) {
  const [text, setText] = useState(initial);
  const [choices, setChoices] = useState<Agreement[] | null>(null);
  const [error, setError] = useState<unknown>(null);

  async function search(event: React.FormEvent) {
    event.preventDefault();
    setError(null);
    setChoices(null);
    const query = text.trim();
    if (isUuid(query)) {
      navigate('usage', { agreement: query.toLowerCase() });
      return;
    }
    if (!/^\d{1,15}$/.test(query)) {
      setError(new Error('Enter an agreement id (a UUID) or an MSISDN (1 to 15 digits).'));
      return;
    }
    try {
      const found = await getJson<Agreement[]>(`/api/agreements?msisdn=${query}`);
      if (found.length === 1) navigate('usage', { agreement: found[0].id });
      else setChoices(found);
    } catch (e) {
      setError(e);
    }
  }

  return (
    <div className="card">
      <form className="search" onSubmit={search} role="search">
        <label htmlFor="agreement-search">Agreement id or MSISDN</label>
        <input
          id="agreement-search"
          value={text}
          onChange={(e) => setText(e.target.value)}
          placeholder="0b12c601-9287-3f5c-a78c-df508fe0f889 or 48917846822"
          autoComplete="off"
        />
        <button type="submit">Find</button>
      </form>
      <ErrorMessage error={error} what="find the agreement" />
      {choices && choices.length === 0 && <p className="muted">No agreement for this MSISDN.</p>}
      {choices && choices.length > 1 && (
        <ul className="choices">
          {choices.map((a) => (
            <li key={a.id}>
              <a href={href('usage', { agreement: a.id })}>{a.id}</a> — service from{' '}
              {a.serviceStartAt}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

function AgreementUsage({ agreementId, period }: { agreementId: string; period: string | null }) {
  const [agreement, setAgreement] = useState<Agreement | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [latest, setLatest] = useState<Period | null>(null);
  useEffect(() => {
    const id = encodeURIComponent(agreementId);
    Promise.all([
      getJson<Agreement>(`/api/agreements/${id}`),
      getJson<Notification[]>(`/api/notifications?agreementId=${id}&limit=1`),
      getJson<UsageAlert[]>(`/api/alerts?agreementId=${id}&limit=1`),
    ]).then(([found, notifications, alerts]) => {
      // The latest period something was published for: where the data is.
      const periods = [...notifications, ...alerts].map((m) => m.value.year * 12 + m.value.month - 1);
      const newest = periods.length ? Math.max(...periods) : null;
      setLatest(
        newest === null
          ? periodAt(Date.now(), found.billingPeriodTimeZone)
          : { year: Math.floor(newest / 12), month: (newest % 12) + 1 },
      );
      setAgreement(found);
    }, setError);
  }, [agreementId]);
  if (error) return <ErrorMessage error={error} what="load the agreement" />;
  if (!agreement || !latest) return <p className="muted">Loading the agreement…</p>;
  const chosen = (period && parsePeriod(period)) || latest;
  return <PeriodUsage agreement={agreement} period={chosen} />;
}

function PeriodUsage({ agreement, period }: { agreement: Agreement; period: Period }) {
  const zone = agreement.billingPeriodTimeZone;
  const [usage, setUsage] = useState<Usage | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [version, setVersion] = useState(0);
  const base = `/api/data-records/${agreement.id}/${period.year}/${period.month}`;

  useEffect(() => {
    let live = true;
    Promise.all([
      getJson<DataRecord[]>(base),
      getText(`${base}/total-data-used`),
      getJson<Notification[]>(
        `/api/notifications?agreementId=${agreement.id}&year=${period.year}&month=${period.month}`,
      ),
      getJson<UsageAlert[]>(
        `/api/alerts?agreementId=${agreement.id}&year=${period.year}&month=${period.month}&limit=1000`,
      ),
      getJson<PeriodUsage>(`/api/usage/${agreement.id}/${period.year}/${period.month}`),
    ]).then(
      ([records, total, notifications, alerts, summary]) => {
        if (!live) return;
        setUsage({ records, total, notifications, alerts, summary });
        setError(null);
      },
      (e) => live && setError(e),
    );
    return () => {
      live = false;
    };
  }, [base, agreement.id, period.year, period.month, version]);

  return (
    <>
      <div className="card agreement">
        <dl>
          <dt>Agreement</dt>
          <dd className="mono">{agreement.id}</dd>
          <dt>MSISDN</dt>
          <dd>{agreement.msisdn}</dd>
          <dt>Data plan</dt>
          <dd>{formatBytes(agreement.maxBytesInBillingPeriod)} a month</dd>
          <dt>Time zone</dt>
          <dd>{zone}</dd>
          <dt>Service from</dt>
          <dd>{agreement.serviceStartAt}</dd>
        </dl>
        <label className="period">
          Billing period
          <input
            type="month"
            value={periodText(period)}
            onChange={(e) =>
              parsePeriod(e.target.value) &&
              navigate('usage', { agreement: agreement.id, period: e.target.value })
            }
          />
        </label>
      </div>
      <ErrorMessage error={error} what="load the billing period" />
      {usage && (
        <>
          <UsageSummary agreement={agreement} period={period} usage={usage} />
          <div className="columns">
            <div className="card">
              <RecordsTable records={usage.records} timeZone={zone} />
            </div>
            <div className="card">
              <UpsertForm agreementId={agreement.id} onSaved={() => setVersion((v) => v + 1)} />
            </div>
          </div>
        </>
      )}
    </>
  );
}

function UsageSummary({
  agreement,
  period,
  usage,
}: {
  agreement: Agreement;
  period: Period;
  usage: Usage;
}) {
  const zone = agreement.billingPeriodTimeZone;
  const plan = agreement.maxBytesInBillingPeriod;
  const points = useMemo(() => cumulative(usage.records), [usage.records]);
  const exceeded = notificationOf(usage.notifications, 'DATA_PLAN_EXCEEDED');
  const closed = notificationOf(usage.notifications, 'BILLING_PERIOD_CLOSED');
  const { thresholds, forecast } = usage.summary;
  const alerts = usage.alerts;
  const option = useMemo(
    () =>
      usageChartOption({ period, zone, plan, points, records: usage.records, exceeded, closed, thresholds, forecast, alerts }),
    [points, plan, period, zone, exceeded, closed, usage.records, thresholds, forecast, alerts],
  );

  return (
    <div className="card">
      <div className="summary">
        <div>
          <h2>
            {periodText(period)}: {formatBytes(points.at(-1)?.total ?? 0)} of{' '}
            {formatBytes(plan)}
          </h2>
          <ul className="badges">
            {exceeded && (
              <li className="badge exceeded">
                DATA_PLAN_EXCEEDED at {formatBytes(exceeded.value.totalRecordedBytes)}
              </li>
            )}
            {closed && (
              <li className="badge closed">
                BILLING_PERIOD_CLOSED with {formatBytes(closed.value.totalRecordedBytes)}
              </li>
            )}
            {!exceeded && !closed && <li className="badge">no notification yet</li>}
            {alerts.length > 0 && (
              <li className="badge alert">
                {alerts.length} usage alert{alerts.length === 1 ? '' : 's'}
              </li>
            )}
            {forecast && forecast.exhaustedWithinPeriod && !exceeded && (
              <li className="badge forecast">
                forecast: the plan runs out {forecast.projectedExhaustionAt.slice(0, 10)}, in{' '}
                {forecast.daysLeft} day{forecast.daysLeft === 1 ? '' : 's'}
              </li>
            )}
          </ul>
        </div>
        <pre className="totals" aria-label="Total data used">
          {usage.total}
        </pre>
      </div>
      <Chart
        option={option}
        height={380}
        label={`Data used in ${periodText(period)}, with the plan and the notifications`}
        testId="usage-chart"
        points={points.length}
        marks={{
          thresholds: thresholds.length,
          alerts: alerts.length,
          forecast: forecast ? forecast.projectedPeriodTotalBytes : 'none',
        }}
      />
    </div>
  );
}
