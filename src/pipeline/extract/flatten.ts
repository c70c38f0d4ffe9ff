/**
 * An extraction's data as a table, for `GET /v1/jobs/{id}/result?format=csv|jsonl`.
 *
 * Columns come from the schema alone, in its property order, so every job run with the same
 * schema (a saved extractor) gives the same columns, whatever it found, and their exports line up:
 * - a scalar field is a column named by its path: `vendor.name`;
 * - the line items, an array of objects, give one row per item with the item's fields as columns
 *   (`lines.description`, `lines.amount`) and every other column repeated on each row; no item is
 *   one row with the item columns empty;
 * - when the schema has several arrays of objects, the line items are the shallowest, the first
 *   in property order among equals (`lines` before `vendor.contacts`); the fields of the others
 *   are columns too, each holding its values over all their items joined with "; ";
 * - an array of scalars is one column, its values joined with "; ";
 * - an object the schema leaves open (no `properties`) is one column holding its JSON.
 */
import { csvLine } from '../../core/csv.ts';
import type { JsonSchema } from './types.ts';

export type Cell = string | number | boolean | null;

export type Row = Record<string, Cell>;

export const listSeparator = '; ';

interface Column {
  name: string;
  path: string[];
  /** Gathers values across arrays, other than the line items: joined into one text. */
  many: boolean;
}

// The schemas we accept nest at most 10 levels (schema-check.ts); this only stops a schema that
// was not checked from walking forever.
const maxDepth = 32;

type Node = Record<string, unknown>;

const isObject = (value: unknown): value is Node =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

export function extractionRows(
  schema: JsonSchema,
  data: Record<string, unknown>,
): { columns: string[]; rows: Row[] } {
  const shape = new SchemaShape(schema);
  const itemsPath = shape.lineItems();
  const columns = shape.columns(itemsPath);
  const views = itemsPath ? perItem(data, itemsPath) : [data];
  const rows = views.map((view) =>
    Object.fromEntries(columns.map((column) => [column.name, cell(view, column)])),
  );
  return { columns: columns.map((column) => column.name), rows };
}

/** What the schema says the data looks like: its $refs followed, its nullable types unwrapped. */
class SchemaShape {
  readonly root: JsonSchema;
  constructor(root: JsonSchema) {
    this.root = root;
  }

  /** A local reference (`#/$defs/address`) followed; anything else is the schema itself. */
  resolve(schema: unknown): Node {
    let node: unknown = schema;
    for (let hops = 0; isObject(node) && typeof node.$ref === 'string' && hops < maxDepth; hops++) {
      const ref = node.$ref as string;
      if (!ref.startsWith('#')) break;
      let target: unknown = this.root;
      for (const segment of decodeURIComponent(ref.slice(1)).split('/').slice(1)) {
        const key = segment.replaceAll('~1', '/').replaceAll('~0', '~');
        target = isObject(target) ? target[key] : undefined;
      }
      node = target;
    }
    return isObject(node) ? node : {};
  }

  kind(schema: Node): 'record' | 'open' | 'array' | 'scalar' {
    const types = ([] as unknown[]).concat(schema.type ?? []).filter((type) => type !== 'null');
    if (types.includes('array') || (types.length === 0 && 'items' in schema)) return 'array';
    const isObjectType = types.includes('object') || (types.length === 0 && 'properties' in schema);
    if (!isObjectType) return 'scalar';
    return isObject(schema.properties) && Object.keys(schema.properties).length > 0 ? 'record' : 'open';
  }

  properties(schema: Node): [string, Node][] {
    return Object.entries(schema.properties as Node).map(([name, property]) => [
      name,
      this.resolve(property),
    ]);
  }

  /** The path of the line items: the shallowest array of records not inside another array. */
  lineItems(): string[] | null {
    let level: [string[], Node][] = [[[], this.resolve(this.root)]];
    for (let depth = 0; level.length > 0 && depth < maxDepth; depth++) {
      const next: [string[], Node][] = [];
      for (const [path, node] of level) {
        if (this.kind(node) !== 'record') continue;
        for (const [name, property] of this.properties(node)) {
          const kind = this.kind(property);
          if (kind === 'array' && this.kind(this.resolve(property.items)) === 'record')
            return [...path, name];
          if (kind === 'record') next.push([[...path, name], property]);
        }
      }
      level = next;
    }
    return null;
  }

  columns(itemsPath: string[] | null): Column[] {
    const columns: Column[] = [];
    const walk = (schema: Node, path: string[], many: boolean) => {
      const kind = path.length > maxDepth ? 'open' : this.kind(schema);
      const name = path.join('.') || 'value';
      if (kind === 'record') {
        for (const [key, property] of this.properties(schema)) walk(property, [...path, key], many);
      } else if (kind === 'array') {
        const items = this.resolve(schema.items);
        const isLineItems = itemsPath !== null && path.join('\0') === itemsPath.join('\0');
        if (this.kind(items) === 'record') walk(items, path, many || !isLineItems);
        else columns.push({ name, path, many: true });
      } else {
        columns.push({ name, path, many });
      }
    };
    walk(this.resolve(this.root), [], false);
    return columns;
  }
}

/** The data once per line item, the array replaced by that item (once, with no item, when empty). */
function perItem(data: Record<string, unknown>, path: string[]): Record<string, unknown>[] {
  const items = valueAt(data, path);
  const list = Array.isArray(items) && items.length > 0 ? items : [undefined];
  return list.map((item) => withValueAt(data, path, item));
}

function valueAt(data: unknown, path: string[]): unknown {
  let node = data;
  for (const key of path) node = isObject(node) ? node[key] : undefined;
  return node;
}

function withValueAt(data: Node, path: string[], value: unknown): Node {
  const [key, ...rest] = path;
  if (key === undefined) return data;
  const child = data[key];
  return {
    ...data,
    [key]: rest.length === 0 ? value : withValueAt(isObject(child) ? child : {}, rest, value),
  };
}

/** Every value at `path`, stepping into each element of the arrays on the way. */
function gather(node: unknown, path: string[]): unknown[] {
  if (node === null || node === undefined) return [];
  if (Array.isArray(node)) return node.flatMap((element) => gather(element, path));
  const [key, ...rest] = path;
  if (key === undefined) return [node];
  return isObject(node) ? gather(node[key], rest) : [];
}

function cell(view: Node, column: Column): Cell {
  if (column.many) {
    const values = gather(view, column.path);
    return values.length === 0 ? null : values.map(asText).join(listSeparator);
  }
  const value = valueAt(view, column.path);
  if (value === null || value === undefined) return null;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  return JSON.stringify(value);
}

const asText = (value: unknown) => (typeof value === 'object' ? JSON.stringify(value) : String(value));

/** A header line, then one line per row (RFC 4180, text that could run as a formula neutralised). */
export function toCsv(columns: string[], rows: Row[]): string {
  return csvLine(columns) + rows.map((row) => csvLine(columns.map((column) => row[column] ?? null))).join('');
}

/** The same rows as JSON Lines: one object per line, keys in column order. */
export function toJsonl(rows: Row[]): string {
  return rows.map((row) => `${JSON.stringify(row)}\n`).join('');
}
