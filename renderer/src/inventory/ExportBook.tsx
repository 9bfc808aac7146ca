// Export the book in the layout the import reads, so an exported file imports back unchanged.
import { useState } from 'react';
import { api } from '../api/index.ts';
import { failureText } from './call.ts';
import { CSV_TYPE, XLSX_TYPE, saveFile } from '../api/download.ts';

export function ExportBook({ customerId }: { customerId?: string }) {
  const [busy, setBusy] = useState<string | null>(null);
  const [message, setMessage] = useState<{ error: boolean; text: string } | null>(null);
  const run = async (format: 'csv' | 'xlsx') => {
    setBusy(format);
    setMessage(null);
    try {
      const r = await api.call('export.book', { format, customer_id: customerId });
      saveFile(r.file_name, r.data, format === 'csv' ? CSV_TYPE : XLSX_TYPE);
      setMessage({ error: false, text: `Exported ${r.rows.toLocaleString('en-US')} rows to ${r.file_name}.` });
    } catch (e) {
      setMessage({ error: true, text: `The book was not exported: ${failureText(e)}` });
    } finally {
      setBusy(null);
    }
  };
  return (
    <section className="inv-card" aria-labelledby="inv-export-title">
      <h2 id="inv-export-title">Export the book</h2>
      <p>One row per service, in the same columns the import reads.</p>
      <div className="inv-actions">
        <button type="button" onClick={() => void run('csv')} disabled={busy !== null}>
          {busy === 'csv' ? 'Exporting…' : 'Export book as CSV'}
        </button>
        <button type="button" onClick={() => void run('xlsx')} disabled={busy !== null}>
          {busy === 'xlsx' ? 'Exporting…' : 'Export book as XLSX'}
        </button>
      </div>
      <p role={message?.error ? 'alert' : 'status'} className={message?.error ? 'inv-error' : undefined}>
        {message?.text ?? ''}
      </p>
    </section>
  );
}
