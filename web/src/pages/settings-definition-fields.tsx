import type { Extractor } from '@docjobs/client';
import { useId } from 'react';

/** What extractors and classifiers share, as the API answers and takes it. */
export type Engine = Extractor['engine'];
export interface DefinitionBase {
  id: string;
  version: number;
  name: string;
  description: string | null;
  prompt: string | null;
  engine: Engine;
  options: Record<string, unknown>;
  createdAt: string;
  updatedAt?: string;
}

export interface CommonFields {
  name: string;
  description: string;
  prompt: string;
  engine: Engine;
}

const engines: { value: Engine; label: string }[] = [
  { value: 'auto', label: 'auto: the LLM when one is configured, else built-in' },
  { value: 'builtin', label: 'builtin' },
  { value: 'llm', label: 'llm' },
];

export const commonFieldsOf = (item: DefinitionBase | null): CommonFields => ({
  name: item?.name ?? '',
  description: item?.description ?? '',
  prompt: item?.prompt ?? '',
  engine: item?.engine ?? 'auto',
});

/** The request's shared part: blanks are sent as null (the server drops them too). */
export const commonInput = (fields: CommonFields, options: Record<string, unknown> | undefined) => ({
  name: fields.name.trim(),
  description: fields.description.trim() || null,
  prompt: fields.prompt.trim() || null,
  engine: fields.engine,
  options: options ?? {},
});

/** A stored version's shared fields, as a request that saves them again (a restore). */
export const storedCommon = (item: DefinitionBase) => ({
  name: item.name,
  description: item.description,
  prompt: item.prompt,
  engine: item.engine,
  options: item.options,
});

export function CommonFieldInputs({
  fields,
  onChange,
}: {
  fields: CommonFields;
  onChange: (fields: CommonFields) => void;
}) {
  const id = useId();
  const set = <K extends keyof CommonFields>(key: K, value: CommonFields[K]) =>
    onChange({ ...fields, [key]: value });
  return (
    <>
      <label htmlFor={`${id}-name`}>Name</label>
      <input
        id={`${id}-name`}
        required
        maxLength={200}
        value={fields.name}
        onChange={(event) => set('name', event.target.value)}
      />
      <label htmlFor={`${id}-description`}>Description</label>
      <input
        id={`${id}-description`}
        value={fields.description}
        onChange={(event) => set('description', event.target.value)}
      />
      <label htmlFor={`${id}-engine`}>Engine</label>
      <select
        id={`${id}-engine`}
        value={fields.engine}
        onChange={(event) => set('engine', event.target.value as Engine)}
      >
        {engines.map((engine) => (
          <option key={engine.value} value={engine.value}>
            {engine.label}
          </option>
        ))}
      </select>
      <label htmlFor={`${id}-prompt`}>Prompt</label>
      <textarea
        id={`${id}-prompt`}
        rows={3}
        value={fields.prompt}
        aria-describedby={`${id}-prompt-hint`}
        onChange={(event) => set('prompt', event.target.value)}
      />
      <p id={`${id}-prompt-hint`} className="hint">
        Extra instructions for the LLM engine; the built-in engine ignores them.
      </p>
    </>
  );
}
