/**
 * The document's known business fields (invoice number, dates, totals, IBAN, parties… in the five
 * languages of extract/concepts.ts): the built-in engine is run over a probe schema holding every
 * concept, and the fields it reads with some confidence are proposed, under the concept's name,
 * typed by its kind, described by the label printed before the value. Probing with the engine that
 * will later fill the schema means a proposed field is one `extract` can find again.
 */
import { extractBuiltIn } from '../extract/built-in-engine.ts';
import { type Concept, documentConcepts, type ValueKind } from '../extract/concepts.ts';
import { abstainBelow } from '../extract/confidence.ts';
import { type DocLine, documentLines } from '../extract/doc-lines.ts';
import { describeField } from '../extract/field-descriptor.ts';
import { findLabelHits } from '../extract/labels.ts';
import type { FieldEvidence } from '../extract/types.ts';
import type { ParsedDocument } from '../types.ts';
import { scalarField } from './scalar-field.ts';
import type { ProposedField } from './types.ts';

/**
 * A concept is proposed when the engine would return its value: at or above its abstain line
 * (extract/confidence.ts abstainBelow), the same bar an extract job's answers pass.
 */
const minConfidence = abstainBelow;

/** What a concept's value is, for the schema. Names and addresses are free text. */
export function kindSchema(kind: ValueKind): Record<string, unknown> {
  switch (kind) {
    case 'date':
      return { type: 'string', format: 'date' };
    case 'amount':
    case 'percent':
    case 'number':
      return { type: 'number' };
    case 'email':
      return { type: 'string', format: 'email' };
    case 'uri':
      return { type: 'string', format: 'uri' };
    case 'boolean':
      return { type: 'boolean' };
    default:
      return { type: 'string' };
  }
}

/** What each concept is, in words, when the document prints no label for it (found by its shape). */
const meanings: Record<string, string> = {
  invoiceNumber: 'Number of the document (invoice or receipt number)',
  date: 'Date the document was issued',
  total: 'Total amount, tax included',
  subtotal: 'Amount before tax',
  tax: 'Tax amount',
  currency: 'Currency of the amounts (ISO 4217 code)',
  vendorName: 'Name of the company that issued the document',
  customerName: 'Name of the customer',
};

const probeSchema = {
  type: 'object',
  properties: Object.fromEntries(documentConcepts.map((c) => [c.id, kindSchema(c.kind)])),
};

export function conceptFields(document: ParsedDocument): ProposedField[] {
  const found = extractBuiltIn(document, { schema: probeSchema, prompt: null });
  const lines = documentLines(document);
  const fields: ProposedField[] = [];
  for (const concept of documentConcepts) {
    const confidence = found.confidence[concept.id] ?? 0;
    const value = found.data[concept.id];
    if (value === null || value === undefined || confidence < minConfidence) continue;
    const evidence = found.evidence[concept.id];
    const label = evidence ? printedLabel(concept, evidence, lines) : null;
    const description = label ?? meanings[concept.id] ?? concept.triggers[0]!;
    fields.push({
      name: concept.id,
      schema: { ...kindSchema(concept.kind), description },
      evidence: {
        field: concept.id,
        source: label ? 'label' : 'value',
        label,
        page: evidence?.page ?? null,
        text: evidence?.text ?? null,
      },
    });
  }
  return fields;
}

/** The concept's label as printed on the value's line ("Factuurnummer", "Invoice Date"), if any. */
function printedLabel(concept: Concept, evidence: FieldEvidence, lines: readonly DocLine[]): string | null {
  const onLine = lines.filter(
    (line) =>
      line.page === evidence.page && (evidence.text.includes(line.text) || line.text.includes(evidence.text)),
  );
  if (onLine.length === 0) return null;
  const descriptor = describeField(
    scalarField(
      concept.id,
      ['amount', 'number', 'percent'].includes(concept.kind) ? 'number' : 'string',
      concept.kind === 'date' ? 'date' : null,
    ),
    false,
  );
  const hit = findLabelHits(onLine, descriptor).sort((a, b) => b.strength - a.strength)[0];
  if (!hit) return null;
  const printed = hit.line.words
    .slice(hit.from, hit.to)
    .map((word) => word.text)
    .join(' ');
  const label = hit.rest ? printed.slice(0, printed.length - hit.rest.length) : printed;
  const cleaned = label
    .replace(/[\s:#./\-–]+$/u, '')
    .replace(/^[(\s]+/u, '')
    .trim();
  // "www" or "http://www" before a web address is the value's start, not a label.
  return cleaned && !/^(https?|www)\b/i.test(cleaned) ? cleaned : null;
}
