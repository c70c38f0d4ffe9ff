/**
 * The built-in extraction engine: deterministic, no network. Fills a JSON Schema from a parsed
 * document by reading each field's labels and values off the page (labels.ts, locate.ts),
 * knowing common business fields and how documents print them (concepts.ts), and reading line
 * items from table columns (line-items.ts). A field it cannot find is null with confidence 0.
 *
 * Pure and synchronous. ~1-5 ms for a receipt or a two-page invoice (bench/extract-*.ts).
 */
import type { ParsedDocument } from '../types.ts';
import { documentCurrency } from './currencies.ts';
import { customerBlock } from './customer-block.ts';
import { documentDayFirst } from './dates.ts';
import { documentLines } from './doc-lines.ts';
import { fitToSchema } from './fit-schema.ts';
import { addressAfter } from './header-address.ts';
import { headerName } from './header-party.ts';
import { readLineItems } from './line-items.ts';
import { type DocContext, type FieldResult, notFound, readScalar } from './read-field.ts';
import { readScalarList } from './scalar-list.ts';
import { type FieldNode, type ObjectField, schemaFields } from './schema-fields.ts';
import { type TotalsCheck, totalsCheck } from './totals.ts';
import type { ExtractionOutput, ExtractionRequest } from './types.ts';

export function extractBuiltIn(document: ParsedDocument, request: ExtractionRequest): ExtractionOutput {
  const root = schemaFields(request.schema);
  const ctx = documentContext(document);
  const output: ExtractionOutput = { data: {}, confidence: {}, evidence: {} };
  output.data = fillObject(root, '', ctx, output);
  return fitToSchema(request.schema, output);
}

function documentContext(document: ParsedDocument): DocContext {
  const lines = documentLines(document);
  const texts = lines.map((l) => l.text);
  const currency = documentCurrency(texts);
  const dayFirst = documentDayFirst(texts, currency?.code === 'USD');
  const customerLines = customerBlock(lines);
  let header: ReturnType<DocContext['header']> | null = null;
  let totals: TotalsCheck | null = null;
  return {
    lines,
    dayFirst,
    customerLines,
    header: () => {
      if (!header) {
        const name = headerName(lines, customerLines);
        header = { name, address: name ? addressAfter(lines, name) : null };
      }
      return header;
    },
    totals: () => {
      totals ??= totalsCheck(lines, dayFirst);
      return totals;
    },
  };
}

function record(output: ExtractionOutput, path: string, result: FieldResult): unknown {
  output.confidence[path] = result.confidence;
  if (result.evidence && result.value !== null) output.evidence[path] = result.evidence;
  return result.value;
}

function fillObject(
  field: ObjectField,
  path: string,
  ctx: DocContext,
  output: ExtractionOutput,
): Record<string, unknown> {
  const data: Record<string, unknown> = {};
  for (const property of field.properties) {
    const at = path ? `${path}.${property.name}` : property.name;
    data[property.name] = fillNode(property, at, ctx, output);
  }
  return data;
}

function fillNode(node: FieldNode, path: string, ctx: DocContext, output: ExtractionOutput): unknown {
  switch (node.kind) {
    case 'object':
      return fillObject(node, path, ctx, output);
    case 'scalar':
      return record(output, path, readScalar(node, ctx));
    case 'array': {
      const items = node.items;
      const results =
        items.kind === 'object'
          ? readLineItems(items, ctx)
          : items.kind === 'scalar'
            ? readScalarList(items, ctx)
            : null;
      if (!results || results.length === 0) return record(output, path, notFound);
      return results.map((item, k) => {
        const at = `${path}[${k}]`;
        if (item instanceof Map) {
          const data: Record<string, unknown> = {};
          for (const [name, result] of item) data[name] = record(output, `${at}.${name}`, result);
          return data;
        }
        return record(output, at, item);
      });
    }
  }
}
