import { type FormEvent, useState } from 'react';
import { useClient } from '../client-context.tsx';
import { UploadDropZone } from './upload-drop-zone.tsx';
import { UploadMetadataEditor } from './upload-editors.tsx';
import { buildSubmit, initialForm, type UploadForm } from './upload-form.ts';
import { UploadOptions } from './upload-options.tsx';
import { UploadProgressList } from './upload-progress.tsx';
import { useUploads } from './upload-tracker.ts';
import './upload-page.css';

/**
 * Upload one or many documents as jobs of one type with one set of options, then follow them:
 * each file's bytes on the way, then its job's status, live, with a link to the job's page.
 */
export function UploadPage() {
  const client = useClient();
  const [files, setFiles] = useState<File[]>([]);
  const [form, setForm] = useState<UploadForm>(initialForm);
  const [problems, setProblems] = useState<string[]>([]);
  const { entries, upload, clearFinished } = useUploads(client, files.length > 0);
  const change = (part: Partial<UploadForm>) => {
    setForm((now) => ({ ...now, ...part }));
    setProblems([]);
  };

  function submit(event: FormEvent) {
    event.preventDefault();
    if (files.length === 0) {
      setProblems(['Choose or drop at least one file.']);
      return;
    }
    // Refused here, before any byte is sent: a schema that is not JSON, a page list that is not one …
    const built = buildSubmit(form);
    if (!built.ok) {
      setProblems(built.problems);
      return;
    }
    setProblems([]);
    upload(files, built.fields);
    setFiles([]);
  }

  return (
    <section aria-labelledby="upload-title" className="upload-page">
      <h1 id="upload-title">Upload</h1>
      <form onSubmit={submit} noValidate>
        <div className="upload-columns">
          <UploadDropZone files={files} onChange={setFiles} />
          <UploadOptions form={form} onChange={change} />
          <div className="upload-metadata">
            <UploadMetadataEditor rows={form.metadata} onChange={(metadata) => change({ metadata })} />
          </div>
        </div>
        {problems.length > 0 ? (
          <div role="alert" className="error">
            <strong>Not sent: </strong>
            {problems.length === 1 ? (
              problems[0]
            ) : (
              <ul>
                {problems.map((problem) => (
                  <li key={problem}>{problem}</li>
                ))}
              </ul>
            )}
          </div>
        ) : null}
        <button type="submit" className="upload-submit">
          {files.length > 1
            ? `Upload ${files.length} files as ${form.type} jobs`
            : `Upload as ${/^[aeiou]/.test(form.type) ? 'an' : 'a'} ${form.type} job`}
        </button>
      </form>
      {entries.length > 0 ? (
        <section aria-labelledby="uploads-title">
          <div className="upload-list-head">
            <h2 id="uploads-title">Uploads</h2>
            <button type="button" className="secondary" onClick={clearFinished}>
              Clear finished
            </button>
          </div>
          <UploadProgressList entries={entries} />
        </section>
      ) : null}
    </section>
  );
}
