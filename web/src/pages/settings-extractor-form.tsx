import type { Extractor, ExtractorInput } from '@docjobs/client';
import { type FormEvent, useState } from 'react';
import {
  CommonFieldInputs,
  commonFieldsOf,
  commonInput,
  storedCommon,
} from './settings-definition-fields.tsx';
import type { DefinitionForm, DefinitionKind } from './settings-definition-kind.ts';
import { readSchemaDraft, SchemaEditor } from './settings-schema-editor.tsx';

/** A starting point that passes the server's check: people edit an example faster than a blank. */
const exampleSchema = {
  type: 'object',
  properties: {
    invoiceNumber: { type: 'string', description: 'The invoice number' },
    total: { type: 'number', description: 'The amount due' },
  },
  required: ['invoiceNumber'],
};

const ExtractorForm: DefinitionForm<Extractor, ExtractorInput> = ({
  initial,
  submitLabel,
  busy,
  onSubmit,
}) => {
  const [fields, setFields] = useState(() => commonFieldsOf(initial));
  const [schemaText, setSchemaText] = useState(() =>
    JSON.stringify(initial?.schema ?? exampleSchema, null, 2),
  );
  const draft = readSchemaDraft(schemaText);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!draft.ok) return;
    void onSubmit({ ...commonInput(fields, initial?.options), schema: draft.schema });
  };
  return (
    <form onSubmit={submit} className="settings-form">
      <CommonFieldInputs fields={fields} onChange={setFields} />
      <SchemaEditor value={schemaText} onChange={setSchemaText} />
      <div className="settings-actions">
        <button type="submit" disabled={busy || !draft.ok}>
          {busy ? 'Saving…' : submitLabel}
        </button>
      </div>
    </form>
  );
};

const inputOf = (item: Extractor): ExtractorInput => ({ ...storedCommon(item), schema: item.schema });

function ExtractorSummary({ item }: { item: Extractor }) {
  return (
    <>
      <p className="hint">Engine: {item.engine}</p>
      <pre className="result-text settings-code">{JSON.stringify(item.schema, null, 2)}</pre>
    </>
  );
}

export const extractorKind: DefinitionKind<Extractor, ExtractorInput> = {
  noun: 'extractor',
  title: 'Extractors',
  blurb: 'Saved JSON Schemas (and prompts) for extract jobs: submit with extractorId.',
  Form: ExtractorForm,
  Summary: ExtractorSummary,
  inputOf,
  itemsOf: (page) => (page as { extractors?: Extractor[] }).extractors ?? [],
  api: (client) => client.extractors,
};
