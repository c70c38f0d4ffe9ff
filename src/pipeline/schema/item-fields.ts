/**
 * Line items: an array of objects whose properties are the columns of the document's item table.
 * The header row is found the way the extract engine finds it (extract/item-columns.ts: a line
 * mostly made of known column names, in five languages), so `extract` reads the same table back;
 * a table the parser found with a header row but no known column names gives its header cells,
 * camelCased, typed by the values under them.
 */
import { extractBuiltIn } from '../extract/built-in-engine.ts';
import { columnConcepts } from '../extract/column-concepts.ts';
import { documentLines } from '../extract/doc-lines.ts';
import { describeField } from '../extract/field-descriptor.ts';
import { headerLines } from '../extract/item-columns.ts';
import type { Block, ParsedDocument } from '../types.ts';
import { camelName, uniqueName } from './names.ts';
import { scalarField } from './scalar-field.ts';
import type { ProposedField, ProposedFieldEvidence } from './types.ts';
import { shapeSchema, valueShape } from './value-shape.ts';

export const itemsName = 'lineItems';
/** Item columns are read as the columns of line items. */
const itemContext = ['line', 'items'];

/** Column concept → property name and type; the names a person would write. */
const columnNames: Record<string, { name: string; type: 'string' | 'number' }> = {
  description: { name: 'description', type: 'string' },
  code: { name: 'code', type: 'string' },
  quantity: { name: 'quantity', type: 'number' },
  unitPrice: { name: 'unitPrice', type: 'number' },
  discountColumn: { name: 'discount', type: 'number' },
  taxRateColumn: { name: 'taxRate', type: 'number' },
  lineAmount: { name: 'amount', type: 'number' },
};

export function itemFields(document: ParsedDocument): ProposedField | null {
  return fromHeaderLine(document) ?? fromTableBlock(document) ?? fromHeaderlessRows(document);
}

const probeItems = {
  type: 'object',
  properties: {
    [itemsName]: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          description: { type: 'string' },
          quantity: { type: 'number' },
          unitPrice: { type: 'number' },
          amount: { type: 'number' },
        },
      },
    },
  },
};

/**
 * Rows of a description and amounts without a header row (a summary of charges): the engine's own
 * reading of items without a header, asked for the usual columns; the columns it filled on two
 * rows or more are proposed.
 */
function fromHeaderlessRows(document: ParsedDocument): ProposedField | null {
  const found = extractBuiltIn(document, { schema: probeItems, prompt: null });
  const rows = found.data[itemsName];
  if (!Array.isArray(rows) || rows.length < 2) return null;
  const columns = Object.keys(
    probeItems.properties[itemsName].items.properties,
  ) as (keyof typeof columnTypes)[];
  const filled = columns.filter(
    (column) => rows.filter((row: Record<string, unknown>) => row?.[column] != null).length >= 2,
  );
  const first = found.evidence[`${itemsName}[0].description`] ?? found.evidence[`${itemsName}[0].amount`];
  const page = first?.page ?? 1;
  const text = first?.text ?? '';
  const properties = Object.fromEntries(
    filled.map((column) => [column, { type: columnTypes[column], description: columnMeanings[column] }]),
  );
  const evidence = filled.map((column) => ({ ...columnEvidence(column, '', page, text), label: null }));
  return itemsField(properties, evidence, page, text);
}

const columnTypes = {
  description: 'string',
  quantity: 'number',
  unitPrice: 'number',
  amount: 'number',
} as const;
const columnMeanings = {
  description: 'What the row is for',
  quantity: 'How many',
  unitPrice: 'Price of one',
  amount: 'Row total',
} as const;

function fromHeaderLine(document: ParsedDocument): ProposedField | null {
  const described = columnConcepts.map((concept) => {
    const { name, type } = columnNames[concept.id] ?? { name: concept.id, type: 'string' as const };
    return {
      property: scalarField(name, type, null, itemContext),
      descriptor: describeField(scalarField(name, type, null, itemContext), true),
    };
  });
  const headers = headerLines(described, documentLines(document));
  const header = headers.sort((a, b) => b.columns.length - a.columns.length)[0];
  if (!header) return null;
  const properties: Record<string, Record<string, unknown>> = {};
  const evidence: ProposedFieldEvidence[] = [];
  for (const column of header.columns) {
    if (!column.property) continue;
    const printed = column.hit.line.words
      .slice(column.hit.from, column.hit.to)
      .map((word) => word.text)
      .join(' ')
      .replace(/[\s:]+$/u, '');
    properties[column.property.name] = { type: column.property.type, description: printed };
    evidence.push(columnEvidence(column.property.name, printed, header.line.page, header.line.text));
  }
  return itemsField(properties, evidence, header.line.page, header.line.text);
}

/** The parser's tables with a header row: the one with the most body rows. */
function fromTableBlock(document: ParsedDocument): ProposedField | null {
  let best: { block: Block; page: number } | null = null;
  for (const page of document.pages) {
    for (const block of page.blocks) {
      if (block.type !== 'table' || !block.rows || (block.headerRows ?? 0) < 1) continue;
      if ((block.rows[0]?.length ?? 0) < 2) continue;
      if (!best || block.rows.length > (best.block.rows?.length ?? 0)) best = { block, page: page.page };
    }
  }
  if (!best) return null;
  const rows = best.block.rows!;
  const headerRows = best.block.headerRows!;
  const header = rows[headerRows - 1]!;
  const body = rows.slice(headerRows);
  const properties: Record<string, Record<string, unknown>> = {};
  const evidence: ProposedFieldEvidence[] = [];
  const headerText = header.join(' | ');
  for (const [col, cell] of header.entries()) {
    const printed = cell.trim();
    const base = camelName(printed);
    if (!base) continue;
    const name = uniqueName(base, new Set(Object.keys(properties)));
    const shape = valueShape(body.map((row) => row[col] ?? ''));
    properties[name] = { ...shapeSchema(shape), description: printed };
    evidence.push(columnEvidence(name, printed, best.page, headerText));
  }
  return itemsField(properties, evidence, best.page, headerText);
}

const columnEvidence = (name: string, label: string, page: number, text: string): ProposedFieldEvidence => ({
  field: `${itemsName}[].${name}`,
  source: 'table',
  label,
  page,
  text,
});

function itemsField(
  properties: Record<string, Record<string, unknown>>,
  columns: ProposedFieldEvidence[],
  page: number,
  text: string,
): ProposedField | null {
  if (Object.keys(properties).length < 2) return null;
  return {
    name: itemsName,
    schema: {
      type: 'array',
      description: 'Line items: one object per row of the table',
      items: { type: 'object', properties },
    },
    evidence: { field: itemsName, source: 'table', label: null, page, text },
    columns,
  };
}
