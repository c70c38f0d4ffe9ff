/**
 * A `schema` job's result for /openapi.json (documentation only; the producer is
 * pipeline/schema/propose-schema.ts, engine/run-job.ts adds `type` and `pages`).
 */
import { component, ref } from './registry.ts';

component('ProposedFieldEvidence', {
  type: 'object',
  description: 'Why a field of the proposed schema is there: what it was read from',
  additionalProperties: false,
  required: ['field', 'source', 'label', 'page', 'text'],
  properties: {
    field: { type: 'string', description: 'Its path in the schema: `invoiceNumber`, `lineItems[].quantity`' },
    source: {
      type: 'string',
      enum: ['label', 'table', 'value', 'form', 'implied'],
      description:
        "label: a printed label before a value; table: a column of the item table (its header, or rows read without one); value: a value known by its shape (no label); form: an AcroForm field; implied: what every document of its kind has (an invoice's issuer and address), though no label names it",
    },
    label: {
      type: ['string', 'null'],
      description:
        'The label, column header or form field tooltip/name as printed; null for a value found by its shape',
    },
    page: { type: ['integer', 'null'], description: '1-based page' },
    text: { type: ['string', 'null'], description: 'The line (or header row) it was read from' },
  },
});

component('SchemaResult', {
  type: 'object',
  description:
    'GET /v1/jobs/{id}/result of a schema job (?format=json): the proposed JSON Schema, which an extract job accepts as it is (POST /v1/jobs with type extract and this `schema`), and the evidence of each field. From an AcroForm PDF, each property carries the form field it fills in `x-field-name`',
  additionalProperties: false,
  required: ['type', 'pages', 'source', 'schema', 'fields'],
  properties: {
    type: { type: 'string', enum: ['schema'] },
    pages: { type: 'integer', minimum: 0, description: 'Pages the job read' },
    source: {
      type: 'string',
      enum: ['document', 'form'],
      description: "document: from the pages' labels and tables; form: from the PDF's AcroForm fields",
    },
    schema: {
      type: 'object',
      additionalProperties: true,
      description:
        'JSON Schema draft 2020-12: camelCase properties typed string/number/integer/boolean (formats date, email, uri), descriptions from the printed labels, `lineItems` an array of objects from the item table header',
    },
    fields: { type: 'array', items: ref('ProposedFieldEvidence') },
  },
});
