import { useId } from 'react';
import { type CategoryRow, type MetadataRow, rowKey } from './upload-form.ts';
import { checkSchemaText } from './upload-schema-check.ts';

/** The JSON Schema of an extraction, checked as it is typed (upload-schema-check.ts). */
export function UploadSchemaEditor({ text, onChange }: { text: string; onChange: (text: string) => void }) {
  const id = useId();
  const check = checkSchemaText(text);
  return (
    <div className="upload-schema">
      <label htmlFor={id}>JSON Schema of the fields to extract</label>
      <textarea
        id={id}
        value={text}
        spellCheck={false}
        rows={10}
        aria-describedby={`${id}-check`}
        aria-invalid={!check.ok}
        onChange={(event) => onChange(event.target.value)}
      />
      <p id={`${id}-check`} className={check.ok ? 'upload-check ok' : 'upload-check bad'} aria-live="polite">
        {check.ok
          ? `✓ Valid JSON; ${check.fields} field${check.fields === 1 ? '' : 's'} at the top level.`
          : `✗ ${check.problem}`}
      </p>
    </div>
  );
}

/** The categories of a classification: a name each, and a description that helps choose. */
export function UploadCategoriesEditor(props: {
  rows: CategoryRow[];
  onChange: (rows: CategoryRow[]) => void;
}) {
  return (
    <RowsEditor
      {...props}
      legend="Categories"
      noun="category"
      columns={[
        { field: 'name', label: 'Name of category' },
        { field: 'description', label: 'Description of category' },
      ]}
      blank={() => ({ key: rowKey(), name: '', description: '' })}
    />
  );
}

/** Your own labels of the jobs (metadata), key = value. */
export function UploadMetadataEditor(props: {
  rows: MetadataRow[];
  onChange: (rows: MetadataRow[]) => void;
}) {
  return (
    <RowsEditor
      {...props}
      legend="Metadata"
      noun="metadata"
      hint="Labels to find the jobs by later, like customer = 42."
      columns={[
        { field: 'name', label: 'Key' },
        { field: 'value', label: 'Value' },
      ]}
      blank={() => ({ key: rowKey(), name: '', value: '' })}
    />
  );
}

type Row = { key: number; name: string } & Record<string, string | number>;

/** Rows of text fields with add and remove; each field labelled with its row's number. */
function RowsEditor<R extends Row>({
  rows,
  onChange,
  legend,
  noun,
  hint,
  columns,
  blank,
}: {
  rows: R[];
  onChange: (rows: R[]) => void;
  legend: string;
  noun: string;
  hint?: string;
  columns: { field: keyof R & string; label: string }[];
  blank: () => R;
}) {
  const set = (key: number, field: keyof R, value: string) =>
    onChange(rows.map((row) => (row.key === key ? { ...row, [field]: value } : row)));
  return (
    <fieldset className="upload-rows">
      <legend>{legend}</legend>
      {rows.length === 0 && hint ? <p className="hint">{hint}</p> : null}
      {rows.map((row, index) => (
        <div className="upload-row" key={row.key}>
          {columns.map((column) => (
            <label key={column.field}>
              {column.label} {index + 1}
              <input
                value={String(row[column.field])}
                onChange={(event) => set(row.key, column.field, event.target.value)}
              />
            </label>
          ))}
          <button
            type="button"
            className="secondary"
            aria-label={`Remove ${noun} ${index + 1}${row.name ? ` (${row.name})` : ''}`}
            onClick={() => onChange(rows.filter((other) => other.key !== row.key))}
          >
            Remove
          </button>
        </div>
      ))}
      <button type="button" className="secondary" onClick={() => onChange([...rows, blank()])}>
        Add {noun === 'category' ? 'a category' : noun}
      </button>
    </fieldset>
  );
}
