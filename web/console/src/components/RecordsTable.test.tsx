import { cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';

import type { DataRecord } from '../api';
import { PAGE_SIZE, RecordsTable } from './RecordsTable';

// 60 records, newest first, one an hour back from 2020-01-31T10:00Z.
const records: DataRecord[] = Array.from({ length: 60 }, (_, i) => ({
  key: {
    agreementId: 'a',
    year: 2020,
    month: 1,
    recordedAt: new Date(Date.UTC(2020, 0, 31, 10) - i * 3_600_000).toISOString(),
    internalRecordId: `00000000-0000-3000-8000-${String(i).padStart(12, '0')}`,
  },
  recordedBytes: 1024 * (i + 1),
}));

describe('RecordsTable', () => {
  afterEach(cleanup);

  it('shows a page of records newest first and pages through the rest', () => {
    render(<RecordsTable records={records} timeZone="UTC" />);
    const rows = () => within(screen.getByRole('table')).getAllByRole('row').slice(1);
    expect(rows()).toHaveLength(PAGE_SIZE);
    expect(rows()[0].textContent).toContain('2020-01-31 10:00');
    expect(rows()[0].textContent).toContain('1.00 KB');
    expect(screen.getByText('Page 1 of 3')).toBeTruthy();
    expect((screen.getByRole('button', { name: 'Newer' }) as HTMLButtonElement).disabled).toBe(true);

    fireEvent.click(screen.getByRole('button', { name: 'Older' }));
    expect(rows()[0].textContent).toContain(records[PAGE_SIZE].key.internalRecordId);
    fireEvent.click(screen.getByRole('button', { name: 'Older' }));
    expect(rows()).toHaveLength(60 - 2 * PAGE_SIZE);
    expect((screen.getByRole('button', { name: 'Older' }) as HTMLButtonElement).disabled).toBe(true);
  });

  it('says so when the period has no records', () => {
    render(<RecordsTable records={[]} timeZone="UTC" />);
    expect(screen.getByText('No records in this billing period.')).toBeTruthy();
  });
});
