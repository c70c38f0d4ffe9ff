import { useState } from 'react';
import { useClient } from '../client-context.tsx';
import { ErrorMessage } from '../components/error-message.tsx';
import { exportQuery, type JobsView } from './jobs-filters.ts';

type Format = 'csv' | 'json';

/**
 * Every job of the view (all pages, not only the one shown) as a file, from GET /v1/jobs/export.
 * The API key travels in a header, so a plain link cannot fetch it: the client reads the stream
 * into a Blob and a temporary object URL hands it to the browser's download.
 */
export function JobsExport({ view }: { view: JobsView }) {
  const client = useClient();
  const [format, setFormat] = useState<Format>('csv');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<Error | null>(null);

  async function download() {
    setBusy(true);
    setError(null);
    try {
      const stream = await client.export(exportQuery(view, format));
      const blob = await new Response(stream).blob();
      const type = format === 'csv' ? 'text/csv' : 'application/json';
      const url = URL.createObjectURL(new Blob([blob], { type }));
      const link = document.createElement('a');
      link.href = url;
      link.download = `docjobs-jobs-${new Date().toISOString().slice(0, 10)}.${format}`;
      document.body.append(link);
      link.click();
      link.remove();
      // The download has the bytes once click() returns; the URL is only the handle to them.
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
    } catch (caught) {
      setError(caught instanceof Error ? caught : new Error(String(caught)));
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="jobs-export">
      <label htmlFor="export-format" className="inline">
        Export as
      </label>
      <select id="export-format" value={format} onChange={(e) => setFormat(e.target.value as Format)}>
        <option value="csv">CSV</option>
        <option value="json">JSON</option>
      </select>
      <button type="button" className="secondary" onClick={download} disabled={busy}>
        {busy ? 'Exporting…' : 'Export filtered jobs'}
      </button>
      {error ? <ErrorMessage error={error} /> : null}
    </div>
  );
}
