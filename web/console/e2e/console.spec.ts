// The console in a real browser against `mobilecs run --http` over generated data.
import { expect, test, type Page } from '@playwright/test';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { Mobilecs, mobilecs, Prometheus, TOKEN, waitFor } from './server';

const REFERENCE = '0b12c601-9287-3f5c-a78c-df508fe0f889';
const server = new Mobilecs();
const prometheus = new Prometheus();
let agreements: { id: string; msisdn: string }[] = [];

async function screenshot(page: Page, name: string) {
  const dir = process.env.MOBILECS_SCREENSHOTS_DIR;
  if (dir) await page.screenshot({ path: join(dir, name), fullPage: true });
}

test.beforeAll(async () => {
  const data = join(server.dir, 'data');
  mobilecs(['generate', 'agreements', '--count', '20', '--dir', join(data, 'agreements')]);
  const file = readdirSync(join(data, 'agreements'))[0];
  agreements = readFileSync(join(data, 'agreements', file), 'utf8')
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line));
  mobilecs([
    'generate', 'incoming-data-records', '--subscribers', '20', '--months', '2',
    '--dir', join(data, 'incoming-data-records'),
  ]);
  // Usage alerts of every kind (docs/semantics.md §10).
  const policy = join(server.dir, 'usage-policy.json');
  writeFileSync(
    policy,
    JSON.stringify({
      thresholds: [{ percentOfPlan: 50 }, { percentOfPlan: 100 }],
      overPlanStepBytes: 2 * 1024 ** 3,
      forecast: {},
    }),
  );
  await prometheus.reserve();
  await server.start((port) => [
    'run', '--data-dir', data, '--http', String(port), '--http-host', '127.0.0.1',
    '--usage-policy', policy, '--prometheus-url', prometheus.url,
  ]);
  await prometheus.start(server.dir, 'mobilecs-ingester', `127.0.0.1:${server.port}`);
  // Everything imported: the reference agreement's January is closed.
  await waitFor('the pipeline to import the data', async () => {
    const n = await (await server.api('/api/notifications?type=BILLING_PERIOD_CLOSED')).json();
    return n.length >= 20 ? true : undefined;
  });
});

test.afterAll(async () => {
  await prometheus.stop();
  await server.stop();
});

test('the usage page shows the records and totals of the REST API, a chart point per record', async ({ page }) => {
  const base = `/api/data-records/${REFERENCE}/2020/1`;
  const records = await (await server.api(base)).json();
  const total = await (await server.api(`${base}/total-data-used`)).text();
  expect(records).toHaveLength(30);

  await page.goto(server.page(`#/usage?agreement=${REFERENCE}&period=2020-01`));
  await expect(page.getByText('30 records, newest first')).toBeVisible();
  await expect(page.getByLabel('Total data used')).toHaveText(total);
  await expect(page.getByTestId('usage-chart')).toHaveAttribute('data-points', '30');
  const firstRow = page.locator('table.records tbody tr').first();
  await expect(firstRow).toContainText(records[0].key.internalRecordId);
  await expect(page.getByText(/DATA_PLAN_EXCEEDED at/)).toBeVisible();
  await expect(page.getByText(/BILLING_PERIOD_CLOSED with/)).toBeVisible();
  await screenshot(page, 'console-usage.png');

  // Found by MSISDN too.
  await page.goto(server.page('#/usage'));
  await page.getByLabel('Agreement id or MSISDN').fill('48917846822');
  await page.getByRole('button', { name: 'Find' }).click();
  await expect(page.getByText(REFERENCE)).toBeVisible();
});

test('the usage chart draws the policy, the alerts and the forecast; a page opens on the latest data', async ({ page }) => {
  // January: the plan reached, so no forecast; a line per threshold, a mark per alert.
  const usage = await (await server.api(`/api/usage/${REFERENCE}/2020/1`)).json();
  const alerts = await (await server.api(`/api/alerts?agreementId=${REFERENCE}&year=2020&month=1`)).json();
  expect(usage.thresholds.length).toBeGreaterThan(3);
  // Every threshold the period reached alerted once; the forecast alerted before the plan ran out.
  const types = alerts.map((a: { value: { type: string } }) => a.value.type);
  expect(types.filter((t: string) => t === 'USAGE_THRESHOLD_REACHED').length).toBe(
    usage.thresholds.filter((t: { reached: boolean }) => t.reached).length,
  );
  expect(types.filter((t: string) => t === 'USAGE_FORECAST_EXCEEDS_PLAN')).toHaveLength(1);
  // Without a period the page opens on the latest one with data (February), not today's month.
  await page.goto(server.page(`#/usage?agreement=${REFERENCE}`));
  await expect(page.getByLabel('Billing period')).toHaveValue('2020-02');
  await page.goto(server.page(`#/usage?agreement=${REFERENCE}&period=2020-01`));
  const chart = page.getByTestId('usage-chart');
  await expect(chart).toHaveAttribute('data-thresholds', String(usage.thresholds.length));
  await expect(chart).toHaveAttribute('data-alerts', String(alerts.length));
  await expect(chart).toHaveAttribute('data-forecast', 'none');
  await expect(page.getByText(`${alerts.length} usage alerts`)).toBeVisible();

  // June, with 1 GiB a day for four days: the trailing rate runs out the 5 GiB plan within days.
  for (let day = 1; day <= 4; day++) {
    const res = await server.api(`/api/data-records/${REFERENCE}`, {
      method: 'PUT',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({
        recordedAt: `2020-06-0${day}T12:00+02:00`,
        internalRecordId: `00000000-0000-4000-8000-00000000060${day}`,
        recordedBytes: 1024 ** 3,
      }),
    });
    expect(res.status).toBe(200);
  }
  const june = await (await server.api(`/api/usage/${REFERENCE}/2020/6`)).json();
  expect(june.forecast.exhaustedWithinPeriod).toBe(true);
  await page.goto(server.page(`#/usage?agreement=${REFERENCE}&period=2020-06`));
  await expect(chart).toHaveAttribute('data-forecast', String(june.forecast.projectedPeriodTotalBytes));
  await expect(page.getByText(/forecast: the plan runs out 2020-06-0\d, in \d days?/)).toBeVisible();
  await screenshot(page, 'console-usage-forecast.png');
});

test('the overview is the first page: the latest period over plan, forecasts, closest to a threshold', async ({ page }) => {
  const exceeded = await (await server.api('/api/notifications?type=DATA_PLAN_EXCEEDED&limit=10000')).json();
  const alerts = await (await server.api('/api/alerts?limit=10000')).json();
  const latest = Math.max(...[...exceeded, ...alerts].map((m) => m.value.year * 12 + m.value.month - 1));
  const inLatest = (m: { value: { year: number; month: number } }) =>
    m.value.year * 12 + m.value.month - 1 === latest;
  const over = exceeded.filter(inLatest).length;
  expect(over).toBeGreaterThan(0);

  await page.goto(server.page());
  await expect(page.getByRole('heading', { name: /^Overview: 2020-0\d$/ })).toBeVisible();
  await expect(page.getByTestId('over-plan')).toHaveAttribute('data-count', String(over));
  // Closest: those published for whose usage has a threshold ahead, the nearest first.
  const closest = page.getByTestId('closest');
  await expect(closest).toBeVisible();
  const shares = (await closest.locator('li .muted').allTextContents()).map((t) => Number(t.split(' %')[0]));
  expect(shares.length).toBeGreaterThan(0);
  expect(shares).toEqual([...shares].sort((a, b) => b - a));
  const nearest = await closest.locator('a').first().textContent();
  const period = `${Math.floor(latest / 12)}/${(latest % 12) + 1}`;
  const usage = await (await server.api(`/api/usage/${nearest}/${period}`)).json();
  const ahead = usage.thresholds.find((t: { reached: boolean }) => !t.reached);
  expect(Math.floor((Number(usage.totalRecordedBytes) / ahead.bytes) * 100)).toBe(shares[0]);
  await screenshot(page, 'console-overview.png');
  // Each entry opens that subscriber's usage in that period.
  const first = page.getByTestId('over-plan').locator('a').first();
  const id = await first.textContent();
  await first.click();
  await expect(page.getByText(/records, newest first/)).toBeVisible();
  expect(page.url()).toContain(`agreement=${id}`);
});

test('a record upserted through the form is there through REST', async ({ page }) => {
  await page.goto(server.page(`#/usage?agreement=${REFERENCE}&period=2020-01`));
  await page.getByLabel('Recorded at').fill('2020-01-15T12:00Z');
  const id = await page.getByLabel('Internal record id').inputValue();
  await page.getByLabel('Recorded bytes').fill('12345');
  await page.getByRole('button', { name: 'Save record' }).click();
  await expect(page.getByText('Saved in billing period 2020-01.')).toBeVisible();
  const records = await (await server.api(`/api/data-records/${REFERENCE}/2020/1`)).json();
  expect(records.find((r: { key: { internalRecordId: string } }) => r.key.internalRecordId === id))
    .toMatchObject({ recordedBytes: 12345 });
  await expect(page.getByText('31 records, newest first')).toBeVisible();

  // What the API refuses is shown, in its words.
  await page.getByLabel('Recorded at').fill('2020-13-01T00:00Z');
  await page.getByRole('button', { name: 'Save record' }).click();
  await expect(page.getByRole('alert')).toContainText('no such calendar date');
});

test('a file renamed into the incoming folder shows in the live feed within 2 s', async ({ page }) => {
  await page.goto(server.page('#/notifications'));
  await expect(page.locator('.live.live')).toBeVisible();
  const subscriber = agreements[5];
  server.drop(
    join(server.dir, 'data', 'incoming-data-records'),
    'live.csv',
    `live-1;2020-03-10T12:00+01:00[Europe/Warsaw];${subscriber.msisdn};${12 * 1024 ** 3}\n`,
  );
  const row = page.locator('tbody tr', { hasText: subscriber.id }).filter({ hasText: '2020-03' });
  await expect(row).toBeVisible({ timeout: 2000 });
  await expect(row).toContainText('DATA_PLAN_EXCEEDED');
  await expect(row.getByRole('link')).toHaveAttribute('href', `#/usage?agreement=${subscriber.id}&period=2020-03`);
  await screenshot(page, 'console-notifications.png');
});

test('the pipeline page shows the counters moving, a malformed line with its file and line, and the alert it fires', async ({ page }) => {
  await page.goto(server.page('#/pipeline'));
  await expect(page.getByText('None: every alert rule is quiet.')).toBeVisible({ timeout: 20_000 });
  const records = page.locator('tr[data-role="run"] td[data-counter="records"]');
  await expect(records).toBeVisible();
  const before = Number((await records.textContent())!.replace(/,/g, ''));
  const subscriber = agreements[7];
  server.drop(
    join(server.dir, 'data', 'incoming-data-records'),
    'mixed.csv',
    `m-1;2020-03-11T12:00Z;${subscriber.msisdn};1000\nnot a record\nm-3;2020-03-12T12:00Z;${subscriber.msisdn};2000\n`,
  );
  await expect(async () => {
    const now = Number((await records.textContent())!.replace(/,/g, ''));
    expect(now).toBeGreaterThanOrEqual(before + 2);
  }).toPass({ timeout: 20_000 });
  const bad = page.locator('table.bad-inputs tr', { hasText: 'incoming-data-records/mixed.csv:2' });
  await expect(bad).toBeVisible({ timeout: 20_000 });
  await expect(bad).toContainText('expected 4 fields');
  // Prometheus scraped the bad input and fired the rule an operator is told by.
  const alert = page.getByRole('table', { name: 'Alerts firing' }).locator('tr', {
    hasText: 'MobilecsBadInputs',
  });
  await expect(alert).toBeVisible({ timeout: 30_000 });
  await expect(alert).toContainText('ticket');
  await expect(alert).toContainText('docs/operations.md#mobilecsbadinputs');
  await screenshot(page, 'console-pipeline.png');
});

test('GraphiQL opens the query a link gives it', async ({ page }) => {
  const query = `{ getTotalDataUsage(agreementId: "${REFERENCE}", year: 2020, month: 1) }`;
  await page.goto(`${server.url}/graphiql?token=${TOKEN}&query=${encodeURIComponent(query)}`);
  await expect(page.locator('.graphiql-query-editor')).toContainText('getTotalDataUsage', { timeout: 20_000 });
});

test('the token leaves the address bar at once, and a later visit of the tab needs none', async ({ page }) => {
  await page.goto(server.page(`#/usage?agreement=${REFERENCE}&period=2020-01`));
  await expect(page.getByText(/records, newest first/)).toBeVisible();
  expect(page.url()).not.toContain('token');
  expect(page.url()).toContain(`#/usage?agreement=${REFERENCE}&period=2020-01`);
  await page.goto(`${server.url}/#/pipeline`);
  await expect(page.locator('tr[data-role="run"]')).toBeVisible();
  // A change of its own for the audit trail, whichever tests ran before in this server.
  const id = '00000000-0000-4000-8000-0000000a0d17';
  const res = await server.api(`/api/data-records/${REFERENCE}`, {
    method: 'PUT',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ recordedAt: '2020-02-20T12:00Z', internalRecordId: id, recordedBytes: 1 }),
  });
  expect(res.status).toBe(200);
  await page.goto(`${server.url}/#/audit`);
  const change = page.locator('table.audit tbody tr', { hasText: id });
  await expect(change).toBeVisible();
  await expect(change).toContainText('MOBILECS_API_TOKEN');
  await screenshot(page, 'console-audit.png');
});

test('a page opened without a token asks for one, then works', async ({ page }) => {
  await page.goto(`${server.url}/#/notifications`);
  await expect(page.getByRole('heading', { name: 'This mobilecs needs a token' })).toBeVisible();
  await expect(page.locator('tbody tr')).toHaveCount(0);
  await page.getByLabel('Token', { exact: true }).fill('not-the-token-at-all');
  await screenshot(page, 'console-token.png');
  await page.getByRole('button', { name: 'Use token' }).click();
  // A wrong one is refused, and asked for again.
  await expect(page.getByRole('heading', { name: 'This mobilecs needs a token' })).toBeVisible();
  await page.getByLabel('Token', { exact: true }).fill(TOKEN);
  await page.getByRole('button', { name: 'Use token' }).click();
  await expect(page.locator('.live.live')).toBeVisible();
  await expect(page.locator('tbody tr').first()).toBeVisible();
});

test('at phone width the pages stay usable', async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto(server.page(`#/usage?agreement=${REFERENCE}&period=2020-01`));
  await expect(page.getByText(/records, newest first/)).toBeVisible();
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  expect(width).toBeLessThanOrEqual(390);
  await screenshot(page, 'console-usage-phone.png');
});
