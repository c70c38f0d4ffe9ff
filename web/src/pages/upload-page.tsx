import { type FormEvent, useState } from 'react';
import { useClient } from '../client-context.tsx';
import { ErrorMessage } from '../components/error-message.tsx';
import { navigate } from '../router.tsx';

/** Submit one document as a parse job, then open its page. */
export function UploadPage() {
  const client = useClient();
  const [file, setFile] = useState<File | null>(null);
  const [error, setError] = useState<Error | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (!file) return;
    setBusy(true);
    setError(null);
    try {
      const job = await client.submit({ file, fileName: file.name });
      navigate(`/jobs/${encodeURIComponent(job.id)}`);
    } catch (caught) {
      setError(caught instanceof Error ? caught : new Error(String(caught)));
      setBusy(false);
    }
  }

  return (
    <section aria-labelledby="upload-title">
      <h1 id="upload-title">Upload</h1>
      <form onSubmit={submit}>
        <label htmlFor="upload-file">Document (PDF, image, DOCX, HTML)</label>
        <input id="upload-file" type="file" onChange={(event) => setFile(event.target.files?.[0] ?? null)} />
        {error ? <ErrorMessage error={error} /> : null}
        <button type="submit" disabled={!file || busy}>
          {busy ? 'Uploading…' : 'Submit'}
        </button>
      </form>
    </section>
  );
}
