import { useState } from 'react';

import { ApiError, putJson, type DataRecord } from '../api';

// Adds or replaces one data record through PUT /api/data-records/{agreementId}. What the API
// says is wrong is shown next to the form, in its own words.
export function UpsertForm({
  agreementId,
  onSaved,
}: {
  agreementId: string;
  onSaved: (record: DataRecord) => void;
}) {
  const [recordedAt, setRecordedAt] = useState(() => new Date().toISOString().slice(0, 16) + 'Z');
  const [recordId, setRecordId] = useState<string>(() => crypto.randomUUID());
  const [bytes, setBytes] = useState('1048576');
  const [problem, setProblem] = useState<string | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: React.FormEvent) {
    event.preventDefault();
    setProblem(null);
    setSaved(null);
    if (!/^\d+$/.test(bytes.trim())) {
      setProblem('recordedBytes must be a whole number of bytes');
      return;
    }
    setBusy(true);
    try {
      const record = await putJson<DataRecord>(
        `/api/data-records/${encodeURIComponent(agreementId)}`,
        {
          recordedAt: recordedAt.trim(),
          internalRecordId: recordId.trim(),
          recordedBytes: Number(bytes.trim()),
        },
      );
      setSaved(`Saved in billing period ${record.key.year}-${String(record.key.month).padStart(2, '0')}.`);
      setRecordId(crypto.randomUUID());
      onSaved(record);
    } catch (error) {
      setProblem(error instanceof ApiError ? error.message : String(error));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="upsert" onSubmit={submit} aria-describedby="upsert-status">
      <h3>Add or replace a record</h3>
      <label>
        Recorded at
        <input
          name="recordedAt"
          value={recordedAt}
          onChange={(e) => setRecordedAt(e.target.value)}
          placeholder="2020-01-10T12:00Z or 2020-01-10T13:00+01:00[Europe/Warsaw]"
          required
        />
      </label>
      <label>
        Internal record id
        <input
          name="internalRecordId"
          className="mono"
          value={recordId}
          onChange={(e) => setRecordId(e.target.value)}
          required
        />
      </label>
      <label>
        Recorded bytes
        <input
          name="recordedBytes"
          inputMode="numeric"
          value={bytes}
          onChange={(e) => setBytes(e.target.value)}
          required
        />
      </label>
      <button type="submit" disabled={busy}>
        {busy ? 'Saving…' : 'Save record'}
      </button>
      <div id="upsert-status" aria-live="polite">
        {problem && (
          <p className="field-error" role="alert">
            {problem}
          </p>
        )}
        {saved && <p className="ok">{saved}</p>}
      </div>
    </form>
  );
}
