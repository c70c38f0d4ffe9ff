/** What the schema stage proposes: a JSON Schema the `extract` job accepts, and why each field is in it. */
import type { JsonSchema } from '../../core/task.ts';

/** Where a proposed field came from. */
/**
 * label: a printed label before its value; table: the item table; value: a value known by its
 * shape; form: an AcroForm field; implied: what every document of its kind has (an invoice's
 * issuer), proposed though the page does not label it.
 */
export type FieldSource = 'label' | 'table' | 'value' | 'form' | 'implied';

export interface ProposedFieldEvidence {
  /** The field's path in the schema: `invoiceNumber`, `lineItems[].quantity`. */
  field: string;
  source: FieldSource;
  /** The label (or column header, or form field name) as printed; null for a value found by its shape. */
  label: string | null;
  /** 1-based page; null when the source has no page (a form field without a widget). */
  page: number | null;
  /** The line (or header row) it was read from. */
  text: string | null;
}

export interface SchemaProposal {
  /** document: from the parsed pages' labels and tables; form: from the PDF's AcroForm fields. */
  source: 'document' | 'form';
  schema: JsonSchema;
  fields: ProposedFieldEvidence[];
}

/** One property of the proposed schema, with its evidence. */
export interface ProposedField {
  name: string;
  schema: Record<string, unknown>;
  evidence: ProposedFieldEvidence;
  /** An array of objects' columns (line items), each with its own evidence. */
  columns?: ProposedFieldEvidence[];
}
