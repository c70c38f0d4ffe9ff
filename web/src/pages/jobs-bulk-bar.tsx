import type { BulkAction, BulkResult } from '@docjobs/client';
import { useEffect, useRef, useState } from 'react';
import { useClient } from '../client-context.tsx';
import { ErrorMessage } from '../components/error-message.tsx';

const verbs: Record<BulkAction, { label: string; done: string }> = {
  cancel: { label: 'Cancel', done: 'cancelled' },
  reprocess: { label: 'Reprocess', done: 'reprocessed' },
  delete: { label: 'Delete', done: 'deleted' },
};

interface Report {
  action: BulkAction;
  result: BulkResult;
}

/**
 * Cancel, reprocess or delete the selected jobs in one request (POST /v1/jobs/bulk/ACTION with
 * their ids). Delete cannot be undone, so it asks first; the answer is reported job by job.
 */
interface BulkBarProps {
  /** The selected jobs of the page shown. */
  selected: string[];
  pageSize: number;
  onToggleAll: (select: boolean) => void;
  onDone: () => void;
}

export function JobsBulkBar({ selected, pageSize, onToggleAll, onDone }: BulkBarProps) {
  const client = useClient();
  const [busy, setBusy] = useState<BulkAction | null>(null);
  const [report, setReport] = useState<Report | null>(null);
  const [error, setError] = useState<Error | null>(null);
  const [confirming, setConfirming] = useState(false);

  async function run(action: BulkAction) {
    setBusy(action);
    setError(null);
    setReport(null);
    try {
      const result = await client.bulk(action, { ids: selected });
      setReport({ action, result });
      onDone();
    } catch (caught) {
      setError(caught instanceof Error ? caught : new Error(String(caught)));
    } finally {
      setBusy(null);
    }
  }

  const none = selected.length === 0;
  return (
    <div className="jobs-bulk">
      <label className="inline jobs-select-all" htmlFor="jobs-select-all">
        <SelectAll
          checked={!none && selected.length === pageSize}
          mixed={!none && selected.length < pageSize}
          onChange={onToggleAll}
        />
        Select all on this page
      </label>
      <p className="jobs-bulk-count" aria-live="polite">
        {none ? 'None selected' : `${selected.length} selected`}
      </p>
      <div className="jobs-bulk-buttons">
        <button
          type="button"
          className="secondary"
          disabled={none || busy !== null}
          onClick={() => run('cancel')}
        >
          {busy === 'cancel' ? 'Cancelling…' : 'Cancel jobs'}
        </button>
        <button
          type="button"
          className="secondary"
          disabled={none || busy !== null}
          onClick={() => run('reprocess')}
        >
          {busy === 'reprocess' ? 'Reprocessing…' : 'Reprocess'}
        </button>
        <button
          type="button"
          className="danger"
          disabled={none || busy !== null}
          onClick={() => setConfirming(true)}
        >
          {busy === 'delete' ? 'Deleting…' : 'Delete'}
        </button>
      </div>
      {confirming ? (
        <ConfirmDelete
          count={selected.length}
          onClose={(confirmed) => {
            setConfirming(false);
            if (confirmed) void run('delete');
          }}
        />
      ) : null}
      {error ? <ErrorMessage error={error} /> : null}
      <div role="status" className="jobs-bulk-report">
        {report ? <BulkReport report={report} /> : null}
      </div>
    </div>
  );
}

function BulkReport({ report }: { report: Report }) {
  const { result, action } = report;
  return (
    <>
      <p>
        {result.succeeded} of {result.matched} {result.matched === 1 ? 'job' : 'jobs'} {verbs[action].done}
        {result.errors.length > 0 ? `; ${result.errors.length} not:` : '.'}
      </p>
      {result.errors.length > 0 ? (
        <ul className="jobs-bulk-errors">
          {result.errors.map((failure) => (
            <li key={failure.jobId}>
              <code>{failure.jobId}</code> — {failure.code}: {failure.message}
            </li>
          ))}
        </ul>
      ) : null}
    </>
  );
}

/** A checkbox that shows "some" (indeterminate) when part of the page is selected. */
function SelectAll({
  checked,
  mixed,
  onChange,
}: {
  checked: boolean;
  mixed: boolean;
  onChange: (select: boolean) => void;
}) {
  const box = useRef<HTMLInputElement>(null);
  useEffect(() => {
    if (box.current) box.current.indeterminate = mixed;
  }, [mixed]);
  return (
    <input ref={box} type="checkbox" checked={checked} onChange={(event) => onChange(event.target.checked)} />
  );
}

/**
 * A modal <dialog>: the browser traps focus in it, puts it on the first button ("Keep them", the
 * safe answer) and closes it on Escape (a "no").
 */
function ConfirmDelete({ count, onClose }: { count: number; onClose: (confirmed: boolean) => void }) {
  const dialog = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    dialog.current?.showModal();
  }, []);
  return (
    <dialog
      ref={dialog}
      className="jobs-dialog"
      aria-labelledby="delete-title"
      aria-describedby="delete-text"
      onClose={() => onClose(dialog.current?.returnValue === 'delete')}
    >
      <form method="dialog">
        <h2 id="delete-title">
          Delete {count} {count === 1 ? 'job' : 'jobs'}?
        </h2>
        <p id="delete-text">
          Their documents and results are deleted for good (usage is kept). Jobs still running are not
          deleted: cancel them first.
        </p>
        <div className="jobs-dialog-buttons">
          <button type="submit" value="keep" className="secondary">
            Keep them
          </button>
          <button type="submit" value="delete" className="danger">
            Delete
          </button>
        </div>
      </form>
    </dialog>
  );
}
