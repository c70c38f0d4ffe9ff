import { type ReactNode, useId } from 'react';
import { useClient } from '../client-context.tsx';
import { ErrorMessage } from '../components/error-message.tsx';
import { type Load, useLoad } from '../use-load.ts';
import { UploadCategoriesEditor, UploadSchemaEditor } from './upload-editors.tsx';
import {
  ocrEngines,
  ocrModes,
  ocrSettings,
  type UploadForm,
  type UploadType,
  uploadTypes,
} from './upload-form.ts';

const typeHelp: Record<UploadType, string> = {
  parse: 'Text, tables and layout as markdown and JSON.',
  chunk: 'Parse, then cut into chunks for retrieval.',
  extract: 'Fill the fields of a JSON Schema from the document.',
  classify: 'Choose the category the document belongs to.',
  split: 'Cut a packet of documents into its parts.',
};

type Change = (change: Partial<UploadForm>) => void;

/** The job type and its options; each field is one the API takes for that type. */
export function UploadOptions({ form, onChange }: { form: UploadForm; onChange: Change }) {
  const id = useId();
  return (
    <div className="upload-options">
      <fieldset>
        <legend>Job type</legend>
        <div className="upload-types">
          {uploadTypes.map((type) => (
            <label key={type} className="upload-type">
              <input
                type="radio"
                name={`${id}-type`}
                value={type}
                checked={form.type === type}
                onChange={() => onChange({ type })}
              />
              <span>
                <strong>{type}</strong>
                <span className="hint">{typeHelp[type]}</span>
              </span>
            </label>
          ))}
        </div>
      </fieldset>
      {form.type === 'extract' ? <ExtractOptions form={form} onChange={onChange} /> : null}
      {form.type === 'classify' ? <ClassifyOptions form={form} onChange={onChange} /> : null}
      {form.type === 'split' ? (
        <TextOption
          label="Parts (page ranges)"
          hint="Like 1-3,4-6. Empty: cut where one document ends and the next begins."
          value={form.ranges}
          onChange={(ranges) => onChange({ ranges })}
        />
      ) : null}
      <fieldset className="upload-reading">
        <legend>Reading</legend>
        <Choice label="OCR" value={form.ocr} choices={ocrSettings} onChange={(ocr) => onChange({ ocr })} />
        <Choice
          label="OCR engine"
          value={form.ocrEngine}
          choices={ocrEngines}
          onChange={(ocrEngine) => onChange({ ocrEngine })}
        />
        <Choice
          label="OCR mode"
          value={form.ocrMode}
          choices={ocrModes}
          onChange={(ocrMode) => onChange({ ocrMode })}
        />
        <TextOption
          label="Pages"
          hint="Like 1-3,7. Empty: every page."
          value={form.pages}
          onChange={(pages) => onChange({ pages })}
        />
      </fieldset>
    </div>
  );
}

function ExtractOptions({ form, onChange }: { form: UploadForm; onChange: Change }) {
  const client = useClient();
  const saved = useLoad(
    async (signal) => (await client.extractors.listPage({ limit: 100 }, { signal })).extractors ?? [],
    [client],
  );
  return (
    <OwnOrSaved
      legend="Extraction"
      own={form.extractSource === 'schema'}
      ownLabel="Type a schema"
      onOwn={(own) => onChange({ extractSource: own ? 'schema' : 'saved' })}
      saved={saved}
      savedLabel="Saved extractor"
      savedId={form.extractorId}
      onSavedId={(extractorId) => onChange({ extractorId })}
    >
      <UploadSchemaEditor text={form.schemaText} onChange={(schemaText) => onChange({ schemaText })} />
    </OwnOrSaved>
  );
}

function ClassifyOptions({ form, onChange }: { form: UploadForm; onChange: Change }) {
  const client = useClient();
  const saved = useLoad(
    async (signal) => (await client.classifiers.listPage({ limit: 100 }, { signal })).classifiers ?? [],
    [client],
  );
  return (
    <OwnOrSaved
      legend="Classification"
      own={form.classifySource === 'categories'}
      ownLabel="Name the categories"
      onOwn={(own) => onChange({ classifySource: own ? 'categories' : 'saved' })}
      saved={saved}
      savedLabel="Saved classifier"
      savedId={form.classifierId}
      onSavedId={(classifierId) => onChange({ classifierId })}
    >
      <UploadCategoriesEditor rows={form.categories} onChange={(categories) => onChange({ categories })} />
    </OwnOrSaved>
  );
}

type SavedItem = { id: string; name: string; version: number };

/** The definition typed here (`children`), or one saved under Settings, chosen by name. */
function OwnOrSaved({
  legend,
  own,
  ownLabel,
  onOwn,
  saved,
  savedLabel,
  savedId,
  onSavedId,
  children,
}: {
  legend: string;
  own: boolean;
  ownLabel: string;
  onOwn: (own: boolean) => void;
  saved: Load<SavedItem[]>;
  savedLabel: string;
  savedId: string;
  onSavedId: (id: string) => void;
  children: ReactNode;
}) {
  const id = useId();
  const items = saved.data ?? [];
  return (
    <fieldset>
      <legend>{legend}</legend>
      <div className="upload-source" role="radiogroup" aria-label="Source">
        <label className="upload-inline">
          <input type="radio" name={id} checked={own} onChange={() => onOwn(true)} />
          {ownLabel}
        </label>
        <label className="upload-inline">
          <input type="radio" name={id} checked={!own} onChange={() => onOwn(false)} />
          Use a {savedLabel.toLowerCase()} ({items.length})
        </label>
      </div>
      {saved.state === 'error' ? <ErrorMessage error={saved.error} /> : null}
      {own ? children : <SavedPicker label={savedLabel} value={savedId} items={items} onChange={onSavedId} />}
    </fieldset>
  );
}

function SavedPicker({
  label,
  value,
  items,
  onChange,
}: {
  label: string;
  value: string;
  items: SavedItem[];
  onChange: (id: string) => void;
}) {
  const id = useId();
  if (items.length === 0) return <p className="hint">None saved yet: they are made under Settings.</p>;
  return (
    <>
      <label htmlFor={id}>{label}</label>
      <select id={id} value={value} onChange={(event) => onChange(event.target.value)}>
        <option value="">Choose…</option>
        {items.map((item) => (
          <option key={item.id} value={item.id}>
            {item.name} (v{item.version})
          </option>
        ))}
      </select>
    </>
  );
}

function Choice<T extends string>({
  label,
  value,
  choices,
  onChange,
}: {
  label: string;
  value: T;
  choices: readonly T[];
  onChange: (value: T) => void;
}) {
  const id = useId();
  return (
    <div className="upload-field">
      <label htmlFor={id}>{label}</label>
      <select id={id} value={value} onChange={(event) => onChange(event.target.value as T)}>
        {choices.map((choice) => (
          <option key={choice}>{choice}</option>
        ))}
      </select>
    </div>
  );
}

function TextOption({
  label,
  hint,
  value,
  onChange,
}: {
  label: string;
  hint: string;
  value: string;
  onChange: (value: string) => void;
}) {
  const id = useId();
  return (
    <div className="upload-field">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        value={value}
        aria-describedby={`${id}-hint`}
        onChange={(event) => onChange(event.target.value)}
      />
      <p id={`${id}-hint`} className="hint">
        {hint}
      </p>
    </div>
  );
}
