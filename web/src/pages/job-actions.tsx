import { isTerminal, type Job } from '@docjobs/client';
import { useState } from 'react';
import { useClient } from '../client-context.tsx';
import { JobConfirmDialog } from '../components/job-confirm-dialog.tsx';
import { navigate } from '../router.tsx';
import { type Download, saveBlob } from './job-downloads.ts';

type Busy = 'cancel' | 'retry' | 'delete' | `download:${string}` | null;

/**
 * Cancel (while it runs, after a confirmation); once it has ended, retry (a new job over the same
 * document: its page opens) and delete (after a confirmation). The downloads are fetched through
 * the client, each as a Blob.
 */
export function JobActions({
  job,
  downloads,
  onChanged,
  onError,
}: {
  job: Job;
  downloads: Download[];
  onChanged: (job: Job) => void;
  onError: (error: Error) => void;
}) {
  const client = useClient();
  const [busy, setBusy] = useState<Busy>(null);
  const [confirming, setConfirming] = useState<'cancel' | 'delete' | null>(null);
  const [said, setSaid] = useState('');
  const terminal = isTerminal(job.status);

  async function run(action: Exclude<Busy, null>, work: () => Promise<void>) {
    setBusy(action);
    try {
      await work();
    } catch (caught) {
      onError(caught instanceof Error ? caught : new Error(String(caught)));
    } finally {
      setBusy(null);
    }
  }

  const cancel = () =>
    run('cancel', async () => {
      setConfirming(null);
      onChanged(await client.cancel(job.id));
      setSaid('The job was cancelled.');
    });
  const retry = () =>
    run('retry', async () => {
      const again = await client.retry(job.id);
      navigate(`/jobs/${encodeURIComponent(again.id)}`);
    });
  const remove = () =>
    run('delete', async () => {
      setConfirming(null);
      await client.delete(job.id);
      navigate('/jobs', { replace: true });
    });
  const download = (item: Download) =>
    run(`download:${item.key}`, async () => {
      saveBlob(await item.load(client, new AbortController().signal), item.fileName);
      setSaid(`${item.fileName} downloaded.`);
    });

  return (
    <div className="job-actions">
      {terminal ? null : (
        <button
          type="button"
          className="secondary"
          disabled={busy !== null}
          onClick={() => setConfirming('cancel')}
        >
          {busy === 'cancel' ? 'Cancelling…' : 'Cancel job'}
        </button>
      )}
      {terminal ? (
        <button type="button" className="secondary" disabled={busy !== null} onClick={retry}>
          {busy === 'retry' ? 'Retrying…' : 'Retry'}
        </button>
      ) : null}
      {terminal ? (
        <button
          type="button"
          className="danger"
          disabled={busy !== null}
          onClick={() => setConfirming('delete')}
        >
          {busy === 'delete' ? 'Deleting…' : 'Delete'}
        </button>
      ) : null}
      <details className="job-downloads">
        <summary>Download</summary>
        <ul>
          {downloads.map((item) => (
            <li key={item.key}>
              <button
                type="button"
                className="link-button"
                disabled={busy !== null}
                onClick={() => download(item)}
              >
                {item.label}
              </button>{' '}
              <span className="hint">{item.fileName}</span>
            </li>
          ))}
        </ul>
      </details>
      <p className="visually-hidden" aria-live="polite">
        {said}
      </p>
      <JobConfirmDialog
        open={confirming === 'delete'}
        title="Delete this job?"
        confirmLabel="Delete job"
        onConfirm={remove}
        onClose={() => setConfirming(null)}
      >
        <p>Its document, result, page images and trace are deleted. Usage already counted stays.</p>
      </JobConfirmDialog>
      <JobConfirmDialog
        open={confirming === 'cancel'}
        title="Cancel this job?"
        confirmLabel="Cancel job"
        onConfirm={cancel}
        onClose={() => setConfirming(null)}
      >
        <p>Its running work stops; it can be retried later as a new job.</p>
      </JobConfirmDialog>
    </div>
  );
}
