import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';

import { UpsertForm } from './UpsertForm';

function answer(status: number, body: unknown) {
  return vi.fn().mockResolvedValue(
    new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } }),
  );
}

describe('UpsertForm', () => {
  afterEach(() => {
    cleanup();
    vi.unstubAllGlobals();
  });

  it('shows the API\'s own message next to the form when it refuses the record', async () => {
    const fetch = answer(400, {
      status: 400,
      error: 'Bad Request',
      message: "field 'recordedAt': '2020-13-01T00:00Z': no such calendar date",
    });
    vi.stubGlobal('fetch', fetch);
    const saved = vi.fn();
    render(<UpsertForm agreementId="0b12c601-9287-3f5c-a78c-df508fe0f889" onSaved={saved} />);
    fireEvent.change(screen.getByLabelText('Recorded at'), { target: { value: '2020-13-01T00:00Z' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save record' }));
    expect((await screen.findByRole('alert')).textContent).toBe(
      "field 'recordedAt': '2020-13-01T00:00Z': no such calendar date",
    );
    expect(saved).not.toHaveBeenCalled();
    const [url, init] = fetch.mock.calls[0];
    expect(url).toBe('/api/data-records/0b12c601-9287-3f5c-a78c-df508fe0f889');
    expect(init.method).toBe('PUT');
    expect(JSON.parse(init.body)).toMatchObject({ recordedAt: '2020-13-01T00:00Z', recordedBytes: 1048576 });
  });

  it('checks the bytes before asking, and reports a saved record', async () => {
    const record = {
      key: { agreementId: 'a', year: 2020, month: 2, recordedAt: 'x', internalRecordId: 'y' },
      recordedBytes: 5,
    };
    vi.stubGlobal('fetch', answer(200, record));
    const saved = vi.fn();
    render(<UpsertForm agreementId="a" onSaved={saved} />);
    fireEvent.change(screen.getByLabelText('Recorded bytes'), { target: { value: 'lots' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save record' }));
    expect((await screen.findByRole('alert')).textContent).toContain('whole number');
    fireEvent.change(screen.getByLabelText('Recorded bytes'), { target: { value: '5' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save record' }));
    await waitFor(() => expect(saved).toHaveBeenCalledWith(record));
    expect(screen.getByText('Saved in billing period 2020-02.')).toBeTruthy();
  });
});
