import { type DragEvent, useState } from 'react';
import { formatBytes } from '../format.ts';

/**
 * Where files are dropped, and the file picker for those who do not drag (keyboard, screen
 * readers, phones): a real <input type="file"> with its label, styled as a button.
 */
export function UploadDropZone({ files, onChange }: { files: File[]; onChange: (files: File[]) => void }) {
  const [over, setOver] = useState(false);
  const add = (more: FileList | null) => {
    if (!more || more.length === 0) return;
    // The same file chosen twice is kept once (same name, size and date).
    const same = (a: File, b: File) =>
      a.name === b.name && a.size === b.size && a.lastModified === b.lastModified;
    onChange([...files, ...[...more].filter((file) => !files.some((kept) => same(kept, file)))]);
  };
  const drop = (event: DragEvent<HTMLFieldSetElement>) => {
    event.preventDefault();
    setOver(false);
    add(event.dataTransfer.files);
  };
  return (
    <div className="upload-files">
      {/* A group around the picker: dropping is the mouse's shortcut to what the picker does. */}
      <fieldset
        className={over ? 'upload-drop over' : 'upload-drop'}
        data-testid="upload-drop"
        onDragOver={(event) => {
          event.preventDefault();
          event.dataTransfer.dropEffect = 'copy';
          setOver(true);
        }}
        onDragLeave={() => setOver(false)}
        onDrop={drop}
      >
        <legend className="visually-hidden">Files to upload</legend>
        <p>Drop PDFs, images, DOCX or HTML files here, or</p>
        <label className="button upload-pick">
          Choose files
          <input
            className="visually-hidden"
            type="file"
            multiple
            onChange={(event) => {
              add(event.target.files);
              event.target.value = ''; // the same file may be chosen again after removing it
            }}
          />
        </label>
      </fieldset>
      {files.length > 0 ? (
        <ul className="upload-chosen" aria-label="Chosen files">
          {files.map((file, index) => (
            <li key={`${file.name}-${file.size}-${file.lastModified}`}>
              <span className="upload-name">{file.name}</span>
              <span className="hint">{formatBytes(file.size)}</span>
              <button
                type="button"
                className="link-button"
                aria-label={`Remove ${file.name}`}
                onClick={() => onChange(files.filter((_, k) => k !== index))}
              >
                Remove
              </button>
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
