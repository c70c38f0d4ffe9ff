/**
 * A schema job's result as a table (GET …/result?format=csv|jsonl): one row per proposed field,
 * line-item columns as `lineItems[].name`, with its type, format, description and where it was read.
 */
import type { Row } from '../pipeline/extract/flatten.ts';
import type { ProposedFieldEvidence } from '../pipeline/schema/propose-schema.ts';

type Node = Record<string, unknown>;

export function schemaRows(result: { schema?: Node; fields?: ProposedFieldEvidence[] }): {
  columns: string[];
  rows: Row[];
} {
  const columns = ['field', 'type', 'format', 'description', 'source', 'label', 'page', 'formField'];
  const evidence = new Map((result.fields ?? []).map((field) => [field.field, field]));
  const rows: Row[] = [];
  const add = (path: string, node: Node) => {
    const found = evidence.get(path);
    rows.push({
      field: path,
      type: typeof node.type === 'string' ? node.type : null,
      format: typeof node.format === 'string' ? node.format : null,
      description: typeof node.description === 'string' ? node.description : null,
      source: found?.source ?? null,
      label: found?.label ?? null,
      page: found?.page ?? null,
      formField: typeof node['x-field-name'] === 'string' ? node['x-field-name'] : null,
    });
  };
  for (const [name, node] of Object.entries((result.schema?.properties ?? {}) as Record<string, Node>)) {
    add(name, node);
    const items = node.items as Node | undefined;
    for (const [column, inner] of Object.entries((items?.properties ?? {}) as Record<string, Node>))
      add(`${name}[].${column}`, inner);
  }
  return { columns, rows };
}
