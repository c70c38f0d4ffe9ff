/**
 * Propose a JSON Schema for a document (issue 19, the `schema` job): from an AcroForm PDF, its
 * fields (form-schema.ts); otherwise from what the parsed pages show — the business fields the
 * engine knows by their labels (concept-fields.ts), the other "Label: value" pairs
 * (label-pairs.ts) and the line-item table (item-fields.ts). The schema is checked with the
 * `extract` job's own check before it is handed out: what this returns, `extract` accepts as it is.
 */
import { DocjobsError } from '../../core/errors.ts';
import { checkExtractionSchema } from '../extract/schema-check.ts';
import type { FormField } from '../forms/read-form-fields.ts';
import type { ParsedDocument } from '../types.ts';
import { conceptFields } from './concept-fields.ts';
import { formFields } from './form-schema.ts';
import { itemFields } from './item-fields.ts';
import { pairFields } from './label-pairs.ts';
import type { ProposedField, ProposedFieldEvidence, SchemaProposal } from './types.ts';

export type { ProposedFieldEvidence, SchemaProposal } from './types.ts';

const draft2020 = 'https://json-schema.org/draft/2020-12/schema';

/**
 * `form`: the PDF's AcroForm fields (readFormFields), or null/[] for a document without a form.
 * A form with fields to fill wins: its fields are what the document asks for.
 */
export function proposeSchema(
  document: ParsedDocument,
  form: readonly FormField[] | null,
  signal?: AbortSignal,
): SchemaProposal {
  const fromForm = form ? formFields(form) : [];
  if (fromForm.length > 0) return proposal('form', fromForm);
  const fields = conceptFields(document);
  fields.push(...impliedFields(fields));
  signal?.throwIfAborted();
  fields.push(...pairFields(document, fields));
  const items = itemFields(document);
  if (items) fields.push(items);
  return proposal('document', fields);
}

/**
 * An invoice or receipt (it has a document number or a total) always names its issuer and the
 * issuer's address, even where no label says so (a letterhead, a logo, a footer), and one that
 * shows its tax has an amount before tax: these are proposed when the engine did not read them
 * with confidence, so a schema made from one sample still asks for them on the next.
 */
function impliedFields(found: readonly ProposedField[]): ProposedField[] {
  const names = new Set(found.map((field) => field.name));
  if (!names.has('invoiceNumber') && !names.has('total')) return [];
  const implied: [string, string, string][] = [
    ['vendorName', 'string', 'Name of the company that issued the document'],
    ['address', 'string', 'Address of the company that issued the document'],
  ];
  // Tax is charged on an amount: a document that shows its tax has an amount before tax.
  if (names.has('tax')) implied.push(['subtotal', 'number', 'Amount before tax']);
  return implied
    .filter(([name]) => !names.has(name))
    .map(([name, type, description]) => ({
      name,
      schema: { type, description },
      evidence: { field: name, source: 'implied', label: null, page: null, text: null },
    }));
}

function proposal(source: SchemaProposal['source'], fields: ProposedField[]): SchemaProposal {
  const schema = {
    $schema: draft2020,
    type: 'object',
    properties: Object.fromEntries(fields.map((field) => [field.name, field.schema])),
  };
  const check = checkExtractionSchema(schema);
  // A bug of ours, not the document's fault: fail loudly rather than hand out a schema extract refuses.
  if (!check.ok) throw new DocjobsError('INTERNAL_ERROR', `the proposed schema is invalid: ${check.message}`);
  const evidence: ProposedFieldEvidence[] = fields.flatMap((field) => [
    field.evidence,
    ...(field.columns ?? []),
  ]);
  return { source, schema, fields: evidence };
}
