import { locateJsonFault } from './settings-json-locate.ts';

/**
 * Live feedback for the JSON-Schema editor: where a JSON text is broken (line and column, which a
 * person can find in a textarea, rather than the parser's character offset), and the shape faults
 * a schema has before the server's full check (src/pipeline/extract/schema-check.ts) sees it.
 * Only shape: the server stays the judge of what an extract job can fill.
 */

export type JsonParse =
  | { ok: true; value: unknown }
  | { ok: false; message: string; line: number; column: number };

/** Line and column (both from 1) of a character offset in `text`. */
export function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, Math.max(0, Math.min(offset, text.length)));
  const lines = before.split('\n');
  return { line: lines.length, column: (lines.at(-1)?.length ?? 0) + 1 };
}

export function parseJson(text: string): JsonParse {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (error) {
    // The scanner agrees with JSON.parse on what is JSON; should it ever not, the parser's own
    // words are shown at the end of the text rather than nothing.
    const fault = locateJsonFault(text) ?? {
      offset: text.length,
      message: error instanceof Error ? error.message : String(error),
    };
    return { ok: false, message: fault.message, ...lineAndColumn(text, fault.offset) };
  }
}

/** A fault in a schema: the JSON Pointer of the node, and what is wrong with it. */
export interface SchemaProblem {
  pointer: string;
  message: string;
}

const typeNames = new Set(['string', 'number', 'integer', 'boolean', 'object', 'array', 'null']);

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const segment = (key: string) => key.replaceAll('~', '~0').replaceAll('/', '~1');

/**
 * The shape faults of an extraction schema: the root is an object schema, every
 * `type` names JSON types, `properties` holds schemas, `required` names properties that exist,
 * `items` is a schema. At most `most` faults, so a pasted wrong document does not flood the page.
 */
export function schemaProblems(schema: unknown, most = 8): SchemaProblem[] {
  const problems: SchemaProblem[] = [];
  const report = (pointer: string, message: string) => {
    if (problems.length < most) problems.push({ pointer: pointer || '(root)', message });
  };
  if (!isObject(schema)) {
    report('', 'the schema must be a JSON object');
    return problems;
  }
  if (schema.type !== 'object') report('/type', 'the root must be {"type": "object"}');
  walk(schema, '', report, 0);
  return problems;
}

function walk(node: unknown, pointer: string, report: (p: string, m: string) => void, depth: number): void {
  if (!isObject(node)) {
    report(pointer, 'must be a schema object');
    return;
  }
  if (depth > 10) {
    report(pointer, 'nests deeper than 10 levels');
    return;
  }
  const { type } = node;
  const types = Array.isArray(type) ? type : type === undefined ? [] : [type];
  for (const name of types) {
    if (typeof name !== 'string' || !typeNames.has(name)) {
      report(`${pointer}/type`, `"${String(name)}" is not a JSON type (${[...typeNames].join(', ')})`);
    }
  }
  if (node.properties !== undefined) {
    if (!isObject(node.properties)) report(`${pointer}/properties`, 'must be an object of schemas');
    else {
      for (const [key, child] of Object.entries(node.properties)) {
        walk(child, `${pointer}/properties/${segment(key)}`, report, depth + 1);
      }
    }
  }
  if (node.required !== undefined) {
    if (!Array.isArray(node.required) || node.required.some((name) => typeof name !== 'string')) {
      report(`${pointer}/required`, 'must be a list of property names');
    } else {
      const known = isObject(node.properties) ? node.properties : {};
      for (const name of node.required as string[]) {
        if (!(name in known)) report(`${pointer}/required`, `"${name}" is not one of the properties`);
      }
    }
  }
  if (node.items !== undefined) walk(node.items, `${pointer}/items`, report, depth + 1);
  if (node.enum !== undefined && (!Array.isArray(node.enum) || node.enum.length === 0)) {
    report(`${pointer}/enum`, 'must be a non-empty list');
  }
}
