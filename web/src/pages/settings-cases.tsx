import type { Case } from '@docjobs/client';
import { type FormEvent, useState } from 'react';
import { useClient } from '../client-context.tsx';
import { formatDate } from '../format.ts';
import { Link } from '../router.tsx';
import { ConfirmDialog, useAction } from './settings-dialog.tsx';
import { useCursorList } from './settings-paging.ts';
import { CursorTable, InlineForm, NameCell } from './settings-table.tsx';

/** Cases: long-lived collections of documents; a case's jobs are the jobs list filtered by it. */
export function CasesSection() {
  const client = useClient();
  const list = useCursorList(
    (cursor, signal) =>
      client.cases
        .listPage({ limit: 50, cursor }, { signal })
        .then((page) => ({ ...page, items: page.cases })),
    [client],
  );
  const create = useAction();
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const [notice, setNotice] = useState('');
  const [deleting, setDeleting] = useState<Case | null>(null);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setNotice('');
    const made = await create.run(() =>
      client.cases.create({
        name: name.trim(),
        ...(description.trim() ? { description: description.trim() } : {}),
      }),
    );
    if (!made) return;
    setName('');
    setDescription('');
    setNotice(`Created case ${made.name} (${made.id}): submit jobs with caseId ${made.id}.`);
    list.restart();
  };

  return (
    <section aria-labelledby="cases-title">
      <h2 id="cases-title">Cases</h2>
      <p className="hint">A case gathers the documents of one matter; jobs join it with caseId.</p>
      <InlineForm
        title="New case"
        submitLabel="Create case"
        busy={create.busy}
        error={create.error}
        onSubmit={submit}
      >
        <label htmlFor="case-name">Name</label>
        <input id="case-name" required value={name} onChange={(event) => setName(event.target.value)} />
        <label htmlFor="case-description">Description</label>
        <input
          id="case-description"
          value={description}
          onChange={(event) => setDescription(event.target.value)}
        />
      </InlineForm>
      <p role="status" className="settings-notice">
        {notice}
      </p>
      <CursorTable
        list={list}
        labelledBy="cases-title"
        columns={['Name', 'Id', 'Jobs', 'Created']}
        empty="No cases yet."
        row={(item) => (
          <tr key={item.id}>
            <NameCell name={item.name} description={item.description} />
            <td data-label="Id">
              <code>{item.id}</code>
            </td>
            <td data-label="Jobs">{item.jobCount}</td>
            <td data-label="Created">{formatDate(item.createdAt)}</td>
            <td data-label="Actions">
              <div className="settings-row-actions">
                <Link href={`/jobs?caseId=${encodeURIComponent(item.id)}`} className="button secondary">
                  Open jobs<span className="visually-hidden"> of {item.name}</span>
                </Link>
                <button type="button" className="secondary" onClick={() => setDeleting(item)}>
                  Delete<span className="visually-hidden"> {item.name}</span>
                </button>
              </div>
            </td>
          </tr>
        )}
      />
      {deleting ? (
        <ConfirmDialog
          title={`Delete case ${deleting.name}?`}
          message={
            <p>
              Its {deleting.jobCount} job{deleting.jobCount === 1 ? '' : 's'} are deleted with it: their
              documents, results and traces. This cannot be undone.
            </p>
          }
          confirmLabel="Delete case and its jobs"
          onConfirm={async () => {
            const outcome = await client.cases.delete(deleting.id);
            setNotice(`Deleted case ${deleting.name} and ${outcome.jobsDeleted} job(s).`);
            list.restart();
          }}
          onClose={() => setDeleting(null)}
        />
      ) : null}
    </section>
  );
}
