// What the README promises: after `mobilecs demo`, the command it prints opens the console over
// the demo's data, with its records and its two notifications.
import { expect, test } from '@playwright/test';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

import { binary, Mobilecs } from './server';

const server = new Mobilecs();
let data = '';

let address = '';

test.beforeAll(() => {
  data = join(server.dir, 'demo');
  const log = spawnSync(binary, ['demo', '--data-dir', data], { encoding: 'utf8' }).stderr;
  expect(log).toContain(`run --data-dir ${data} --http 8080`);
  address = /then open (http:\/\/127\.0\.0\.1:8080\/\?token=\S+)/.exec(log)![1];
});

test.afterAll(async () => server.stop());

test('the console shows the demo\'s records and its two notifications', async ({ page }) => {
  // As the demo says, with no credential configured: the data folder's token.
  await server.start((port) => ['run', '--data-dir', data, '--http', String(port)], { token: false });
  expect(server.stdout).toContain(`?token=${new URL(address).searchParams.get('token')}`);
  await page.goto(address.replace(':8080', `:${server.port}`) + '#/notifications');
  await expect(page.locator('tbody tr')).toHaveCount(2);
  await expect(page.locator('tbody tr[data-type="DATA_PLAN_EXCEEDED"]')).toContainText('5.31 GB');
  await expect(page.locator('tbody tr[data-type="BILLING_PERIOD_CLOSED"]')).toContainText('12.6 GB');
  await page.locator('tbody tr[data-type="BILLING_PERIOD_CLOSED"] a').click();
  await expect(page.getByText('30 records, newest first')).toBeVisible();
});
