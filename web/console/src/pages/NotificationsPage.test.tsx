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

class FakeEventSource {
  static last: FakeEventSource | null = null;
  onopen: (() => void) | null = null;
  onerror: (() => void) | null = null;
  listeners = new Map<string, (e: MessageEvent) => void>();
  constructor(readonly url: string) {
    FakeEventSource.last = this;
  }
  addEventListener(type: string, listener: (e: MessageEvent) => void) {
    this.listeners.set(type, listener);
  }
  close() {}
}

describe('NotificationsPage', () => {
  beforeEach(() => vi.stubGlobal('EventSource', FakeEventSource));
  afterEach(() => {
    cleanup();
    vi.unstubAllGlobals();
  });

  it('filters by type, agreement and billing period', () => {
    const n = notification(1, 'DATA_PLAN_EXCEEDED');
    expect(matches(n, { type: '', agreement: '', period: null })).toBe(true);
    expect(matches(n, { type: 'BILLING_PERIOD_CLOSED', agreement: '', period: null })).toBe(false);
    expect(matches(n, { type: '', agreement: n.value.agreementId, period: { year: 2020, month: 1 } })).toBe(true);
    expect(matches(n, { type: '', agreement: '', period: { year: 2020, month: 2 } })).toBe(false);
  });

  it('shows the history with links to the subscriber page, then what comes live', async () => {
    const fetch = vi.fn().mockResolvedValue(
      new Response(JSON.stringify([notification(2, 'BILLING_PERIOD_CLOSED'), notification(1, 'DATA_PLAN_EXCEEDED')])),
    );
    vi.stubGlobal('fetch', fetch);
    render(<NotificationsPage params={new URLSearchParams('type=&period=2020-01')} />);
    expect(fetch.mock.calls[0][0]).toBe('/api/notifications?limit=200&year=2020&month=1');
    const links = await screen.findAllByRole('link', { name: '0b12c601-9287-3f5c-a78c-df508fe0f889' });
    expect(links).toHaveLength(2);
    expect(links[0].getAttribute('href')).toBe(
      '#/usage?agreement=0b12c601-9287-3f5c-a78c-df508fe0f889&period=2020-01',
    );
    expect(screen.getAllByText('5.31 GB')).toHaveLength(2);

    const live = notification(3, 'DATA_PLAN_EXCEEDED');
    FakeEventSource.last!.listeners.get('notification')!(
      new MessageEvent('notification', { data: JSON.stringify(live) }),
    );
    expect((await screen.findByText('3')).closest('tr')?.getAttribute('data-type')).toBe('DATA_PLAN_EXCEEDED');
  });

  it('keeps a live notification that came before the history answered', async () => {
    let answer: (r: Response) => void = () => {};
    vi.stubGlobal('fetch', vi.fn().mockReturnValue(new Promise<Response>((resolve) => (answer = resolve))));
    render(<NotificationsPage params={new URLSearchParams()} />);
    FakeEventSource.last!.listeners.get('notification')!(
      new MessageEvent('notification', { data: JSON.stringify(notification(3, 'DATA_PLAN_EXCEEDED')) }),
    );
    expect(await screen.findByText('3')).toBeTruthy();
    // The history was read before notification 3 was published: it holds 2 and 1 only.
    answer(new Response(JSON.stringify([notification(2, 'BILLING_PERIOD_CLOSED'), notification(1, 'DATA_PLAN_EXCEEDED')])));
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
