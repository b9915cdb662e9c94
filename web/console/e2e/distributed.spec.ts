// The console on `mobilecs backend` over the real Kafka and Cassandra (scripts/stack up): the
// live feed shows what an importer and an ingester publish.
import { expect, test } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

import { Mobilecs, mobilecs } from './server';

const backend = new Mobilecs();
const prefix = `console-${process.pid}-${Date.now()}.`;
const kafka = ['--bootstrap-servers', process.env.KAFKA_BOOTSTRAP_SERVERS ?? '127.0.0.1:9092', '--topic-prefix', prefix];
const keyspace = `console_${process.pid}_${Date.now()}`;

test.beforeAll(async () => {
  await backend.start((port) => [
    'backend', '--port', String(port), '--http-host', '127.0.0.1', '--cassandra-keyspace', keyspace,
    ...kafka,
  ]);
});

test.afterAll(async () => {
  await backend.stop();
  mobilecs(['topics', 'delete', ...kafka]);
  mobilecs(['keyspace', 'drop', '--cassandra-keyspace', keyspace]);
});

test('the live feed shows a notification the importer and ingester produce', async ({ page }) => {
  await page.goto(backend.page('#/notifications'));
  await expect(page.locator('.live.live')).toBeVisible();
  const incoming = join(backend.dir, 'incoming');
  mkdirSync(incoming);
  mobilecs(['generate', 'agreements', '--count', '1', '--kafka', ...kafka]);
  mobilecs(['generate', 'incoming-data-records', '--subscribers', '1', '--months', '1', '--dir', incoming]);
  mobilecs(['importer', '--until-idle', '--dir', incoming, ...kafka]);
  mobilecs([
    'ingester', '--until-idle', '--idle-timeout-ms', '1000', '--instance-id', 'console',
    '--state-dir', join(backend.dir, 'state'), '--store', 'cassandra', '--cassandra-keyspace', keyspace,
    ...kafka,
  ]);
  const row = page.locator('tbody tr', { hasText: '0b12c601-9287-3f5c-a78c-df508fe0f889' });
  await expect(row.filter({ hasText: 'DATA_PLAN_EXCEEDED' })).toBeVisible({ timeout: 30_000 });
  await expect(row.filter({ hasText: 'BILLING_PERIOD_CLOSED' })).toBeVisible({ timeout: 30_000 });
  // The records are in Cassandra, for the usage page.
  await page.goto(`${backend.url}/#/usage?agreement=0b12c601-9287-3f5c-a78c-df508fe0f889&period=2020-01`);
  await expect(page.getByText('30 records, newest first')).toBeVisible();
});
