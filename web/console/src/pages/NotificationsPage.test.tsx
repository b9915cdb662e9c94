import { cleanup, render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

import type { Notification } from '../api';
import { matches, NotificationsPage } from './NotificationsPage';

const notification = (sequence: number, type: Notification['value']['type']): Notification => ({
  sequence,
  timestamp: 1580511599999,
  key: '0b12c601-9287-3f5c-a78c-df508fe0f889',
  value: {
    agreementId: '0b12c601-9287-3f5c-a78c-df508fe0f889',
    year: 2020,
    month: 1,
    latestRecordedAt: 'Fri Jan 10 23:00:00 UTC 2020',
    latestInternalRecordId: '523d8cc7-e611-3508-90bc-fab260b2973e',
    totalRecordedBytes: 5697948758,
    billingPeriodTimeZone: 'Europe/Warsaw',
    maxBytesInBillingPeriod: 5368709120,
    type,
  },
});

// The server's side of the two requests the page makes: the history (REST) and the live feed
// (a text/event-stream body the test writes frames into). `history` may be a promise, to
// answer late.
function fakeServer(history: Notification[] | Promise<Notification[]>) {
  let feed: ReadableStreamDefaultController<Uint8Array> | null = null;
  const encoder = new TextEncoder();
  const fetch = vi.fn((url: string, init?: RequestInit) => {
    if (url.startsWith('/api/notifications/stream')) {
      const headers = new Headers(init?.headers);
      expect(headers.get('Authorization')).toBe('Bearer test-token');
      const body = new ReadableStream<Uint8Array>({ start: (c) => void (feed = c) });
      return Promise.resolve(new Response(body, { headers: { 'Content-Type': 'text/event-stream' } }));
    }
    return Promise.resolve(history).then((h) => new Response(JSON.stringify(h)));
  });
  const push = (n: Notification) =>
    feed!.enqueue(
      encoder.encode(`id: ${n.sequence}\nevent: notification\ndata: ${JSON.stringify(n)}\n\n: keep-alive\n\n`),
    );
  return { fetch, push, connected: () => feed !== null };
}

describe('NotificationsPage', () => {
  beforeEach(() => sessionStorage.setItem('mobilecs-token', 'test-token'));
  afterEach(() => {
    cleanup();
    vi.unstubAllGlobals();
    sessionStorage.clear();
  });

  it('filters by type, agreement and billing period', () => {
    const n = notification(1, 'DATA_PLAN_EXCEEDED');
    expect(matches(n, { type: '', agreement: '', period: null })).toBe(true);
    expect(matches(n, { type: 'BILLING_PERIOD_CLOSED', agreement: '', period: null })).toBe(false);
    expect(matches(n, { type: '', agreement: n.value.agreementId, period: { year: 2020, month: 1 } })).toBe(true);
    expect(matches(n, { type: '', agreement: '', period: { year: 2020, month: 2 } })).toBe(false);
  });

  it('shows the history with links to the subscriber page, then what comes live', async () => {
    const server = fakeServer([notification(2, 'BILLING_PERIOD_CLOSED'), notification(1, 'DATA_PLAN_EXCEEDED')]);
    vi.stubGlobal('fetch', server.fetch);
    render(<NotificationsPage params={new URLSearchParams('type=&period=2020-01')} />);
    const urls = server.fetch.mock.calls.map((call) => call[0]);
    expect(urls).toContain('/api/notifications?limit=200&year=2020&month=1');
    const history = server.fetch.mock.calls.find((call) => call[0].startsWith('/api/notifications?'))!;
    expect(new Headers(history[1]?.headers).get('Authorization')).toBe('Bearer test-token');
    const links = await screen.findAllByRole('link', { name: '0b12c601-9287-3f5c-a78c-df508fe0f889' });
    expect(links).toHaveLength(2);
    expect(links[0].getAttribute('href')).toBe(
      '#/usage?agreement=0b12c601-9287-3f5c-a78c-df508fe0f889&period=2020-01',
    );
    expect(screen.getAllByText('5.31 GB')).toHaveLength(2);

    await vi.waitFor(() => expect(server.connected()).toBe(true));
    server.push(notification(3, 'DATA_PLAN_EXCEEDED'));
    expect((await screen.findByText('3')).closest('tr')?.getAttribute('data-type')).toBe('DATA_PLAN_EXCEEDED');
  });

  it('keeps a live notification that came before the history answered', async () => {
    let answer: (h: Notification[]) => void = () => {};
    const server = fakeServer(new Promise<Notification[]>((resolve) => (answer = resolve)));
    vi.stubGlobal('fetch', server.fetch);
    render(<NotificationsPage params={new URLSearchParams()} />);
    await vi.waitFor(() => expect(server.connected()).toBe(true));
    server.push(notification(3, 'DATA_PLAN_EXCEEDED'));
    expect(await screen.findByText('3')).toBeTruthy();
    // The history was read before notification 3 was published: it holds 2 and 1 only.
    answer([notification(2, 'BILLING_PERIOD_CLOSED'), notification(1, 'DATA_PLAN_EXCEEDED')]);
    expect(await screen.findByText('1')).toBeTruthy();
    const sequences = screen.getAllByRole('row').map((row) => row.querySelector('td')?.textContent);
    expect(sequences.filter(Boolean)).toEqual(['3', '2', '1']);
  });

  it('says what went wrong when the server does not answer', async () => {
    vi.stubGlobal('fetch', vi.fn().mockRejectedValue(new TypeError('Failed to fetch')));
    render(<NotificationsPage params={new URLSearchParams()} />);
    expect((await screen.findByRole('alert')).textContent).toContain(
      'The mobilecs server does not answer',
    );
  });
});
