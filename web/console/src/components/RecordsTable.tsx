import { useState } from 'react';

import type { DataRecord } from '../api';
import { formatBytes, formatCount, formatInstant } from '../format';

export const PAGE_SIZE = 25;

// The billing period's records, newest first (as the API gives them), a page at a time.
export function RecordsTable({ records, timeZone }: { records: DataRecord[]; timeZone: string }) {
  const [page, setPage] = useState(0);
  const pages = Math.max(1, Math.ceil(records.length / PAGE_SIZE));
  const current = Math.min(page, pages - 1);
  const shown = records.slice(current * PAGE_SIZE, (current + 1) * PAGE_SIZE);
  if (records.length === 0) return <p className="muted">No records in this billing period.</p>;
  return (
    <div>
      <table className="records">
        <caption>
          {formatCount(records.length)} records, newest first (times in {timeZone})
        </caption>
        <thead>
          <tr>
            <th scope="col">Recorded at</th>
            <th scope="col">Internal record id</th>
            <th scope="col" className="number">
              Bytes
            </th>
          </tr>
        </thead>
        <tbody>
          {shown.map((r) => (
            <tr key={`${r.key.recordedAt}/${r.key.internalRecordId}`}>
              <td>{formatInstant(Date.parse(r.key.recordedAt), timeZone)}</td>
              <td className="mono">{r.key.internalRecordId}</td>
              <td className="number" title={`${formatCount(r.recordedBytes)} bytes`}>
                {formatBytes(r.recordedBytes)}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <div className="pager" role="navigation" aria-label="Record pages">
        <button type="button" onClick={() => setPage(current - 1)} disabled={current === 0}>
          Newer
        </button>
        <span>
          Page {current + 1} of {pages}
        </span>
        <button type="button" onClick={() => setPage(current + 1)} disabled={current + 1 >= pages}>
          Older
        </button>
      </div>
    </div>
  );
}
