/**
 * The template language of a `generate` job: a Mustache/Handlebars subset, small enough to parse
 * here (no eval, no helpers to register). `{{path}}` writes a value escaped for the markup,
 * `{{{path}}}` as it is; `{{#each path}}…{{else}}…{{/each}}` loops over an array (`this`, `@index`,
 * `@number` = index + 1, `@first`, `@last` inside); `{{#if path}}…{{else}}…{{/if}}` and `#unless`;
 * `{{! comment }}`. A path is dotted (`customer.address.city`, `items.0.name`) and is looked up
 * from the innermost loop item outwards, as Mustache does; `../name` starts one loop up.
 * A path found nowhere is written as nothing and reported in `missing`, never silently blank.
 */

export class TemplateSyntaxError extends Error {
  readonly line: number;
  readonly column: number;
  constructor(message: string, line: number, column: number) {
    super(`line ${line}, column ${column}: ${message}`);
    this.name = 'TemplateSyntaxError';
    this.line = line;
    this.column = column;
  }
}

export type TemplateNode =
  | { kind: 'text'; text: string }
  | { kind: 'value'; path: string; raw: boolean }
  | {
      kind: 'block';
      helper: 'each' | 'if' | 'unless';
      path: string;
      body: TemplateNode[];
      otherwise: TemplateNode[];
    };

const pathPattern =
  /^(?:\.\.\/)*(?:this|@index|@number|@first|@last|[\p{L}_$][\p{L}\p{N}_$-]*)(?:\.[\p{L}\p{N}_$-]+)*$/u;
const helpers = ['each', 'if', 'unless'] as const;
/** Nesting past this is a template bug (or an attack on the stack), not a document. */
const maxDepth = 32;

export function parseTemplate(source: string): TemplateNode[] {
  const root: TemplateNode[] = [];
  const open: { node: Extract<TemplateNode, { kind: 'block' }>; inElse: boolean; at: number }[] = [];
  const target = () => {
    const top = open.at(-1);
    return top ? (top.inElse ? top.node.otherwise : top.node.body) : root;
  };
  const where = (offset: number) => position(source, offset);
  let at = 0;
  while (at < source.length) {
    const start = source.indexOf('{{', at);
    if (start === -1) {
      target().push({ kind: 'text', text: source.slice(at) });
      break;
    }
    if (start > at) target().push({ kind: 'text', text: source.slice(at, start) });
    const raw = source.startsWith('{{{', start);
    const close = raw ? '}}}' : '}}';
    const end = source.indexOf(close, start + close.length);
    const nextOpen = source.indexOf('{{', start + 2 + (raw ? 1 : 0));
    if (end === -1 || (nextOpen !== -1 && nextOpen < end))
      throw new TemplateSyntaxError(
        `"${close.replaceAll('}', '{')}" is not closed by "${close}"`,
        ...where(start),
      );
    const tag = source.slice(start + close.length, end).trim();
    at = end + close.length;
    if (tag.startsWith('!')) continue;
    if (raw) {
      target().push({ kind: 'value', path: checkPath(tag, where(start)), raw: true });
    } else if (tag.startsWith('#')) {
      const [helper = '', path = '', ...rest] = tag.slice(1).trim().split(/\s+/);
      if (!(helpers as readonly string[]).includes(helper))
        throw new TemplateSyntaxError(
          `unknown block {{#${helper}}}; use #each, #if or #unless`,
          ...where(start),
        );
      if (!path || rest.length > 0)
        throw new TemplateSyntaxError(
          `{{#${helper}}} takes one path, like {{#${helper} items}}`,
          ...where(start),
        );
      if (open.length >= maxDepth)
        throw new TemplateSyntaxError(`blocks nested deeper than ${maxDepth}`, ...where(start));
      const node = {
        kind: 'block' as const,
        helper: helper as (typeof helpers)[number],
        path: checkPath(path, where(start)),
        body: [],
        otherwise: [],
      };
      target().push(node);
      open.push({ node, inElse: false, at: start });
    } else if (tag.startsWith('/')) {
      const helper = tag.slice(1).trim();
      const top = open.pop();
      if (!top) throw new TemplateSyntaxError(`{{/${helper}}} closes no block`, ...where(start));
      if (top.node.helper !== helper)
        throw new TemplateSyntaxError(
          `{{/${helper}}} closes {{#${top.node.helper} ${top.node.path}}} (opened at line ${where(top.at).join(', column ')})`,
          ...where(start),
        );
    } else if (tag === 'else') {
      const top = open.at(-1);
      if (!top || top.inElse) throw new TemplateSyntaxError('{{else}} outside a block', ...where(start));
      top.inElse = true;
    } else {
      target().push({ kind: 'value', path: checkPath(tag, where(start)), raw: false });
    }
  }
  const unclosed = open.at(-1);
  if (unclosed)
    throw new TemplateSyntaxError(
      `{{#${unclosed.node.helper} ${unclosed.node.path}}} is never closed by {{/${unclosed.node.helper}}}`,
      ...where(unclosed.at),
    );
  return root;
}

function checkPath(path: string, [line, column]: [number, number]): string {
  if (path === '') throw new TemplateSyntaxError('an empty {{ }}', line, column);
  if (!pathPattern.test(path))
    throw new TemplateSyntaxError(
      `"${path}" is not a path like customer.name or items.0.price`,
      line,
      column,
    );
  return path;
}

function position(source: string, offset: number): [number, number] {
  const before = source.slice(0, offset);
  const line = before.split('\n').length;
  return [line, offset - before.lastIndexOf('\n')];
}

/** One loop level: its item, and its place in the array. */
interface Scope {
  value: unknown;
  index?: number;
  count?: number;
  /** How `missing` names paths under this scope: "items[]". */
  prefix: string;
}

export interface Rendered {
  text: string;
  /** Paths found nowhere in the data, as the template wrote them (under a loop: "items[].sku"). */
  missing: string[];
}

/** `escape`: how a value is made literal text in the markup (markup-escape.ts). */
export function renderTemplate(
  nodes: TemplateNode[],
  data: unknown,
  escapeValue: (text: string) => string,
): Rendered {
  const missing = new Set<string>();
  const out: string[] = [];
  const walk = (list: TemplateNode[], scopes: Scope[]) => {
    for (const node of list) {
      if (node.kind === 'text') {
        out.push(node.text);
        continue;
      }
      const found = lookup(node.path, scopes);
      const name = `${scopes.at(-1)!.prefix}${node.path}`;
      if (node.kind === 'value') {
        if (!found.ok) missing.add(name);
        else out.push(node.raw ? display(found.value) : escapeValue(display(found.value)));
      } else if (node.helper === 'each') {
        if (!found.ok) missing.add(name);
        const items = found.ok ? eachItems(found.value) : [];
        if (items.length === 0) walk(node.otherwise, scopes);
        for (const [index, item] of items.entries())
          walk(node.body, [...scopes, { value: item, index, count: items.length, prefix: `${name}[].` }]);
      } else {
        // An absent optional field is what #if is for: false, not missing.
        const truthy = found.ok && isTruthy(found.value);
        walk(truthy === (node.helper === 'if') ? node.body : node.otherwise, scopes);
      }
    }
  };
  walk(nodes, [{ value: data, prefix: '' }]);
  return { text: out.join(''), missing: [...missing] };
}

function lookup(path: string, scopes: Scope[]): { ok: true; value: unknown } | { ok: false } {
  let up = 0;
  let rest = path;
  while (rest.startsWith('../')) {
    up += 1;
    rest = rest.slice(3);
  }
  const available = scopes.slice(0, Math.max(1, scopes.length - up));
  const innermost = available.at(-1)!;
  const [head, ...tail] = rest.split('.');
  if (head === '@index')
    return innermost.index === undefined ? { ok: false } : { ok: true, value: innermost.index };
  if (head === '@number')
    return innermost.index === undefined ? { ok: false } : { ok: true, value: innermost.index + 1 };
  if (head === '@first')
    return innermost.index === undefined ? { ok: false } : { ok: true, value: innermost.index === 0 };
  if (head === '@last')
    return innermost.index === undefined
      ? { ok: false }
      : { ok: true, value: innermost.index === innermost.count! - 1 };
  if (head === 'this') return walkPath(innermost.value, tail);
  for (let k = available.length - 1; k >= 0; k--) {
    const scope = available[k]!.value;
    if (isRecord(scope) && Object.hasOwn(scope, head!)) return walkPath(scope, [head!, ...tail]);
  }
  return { ok: false };
}

function walkPath(value: unknown, keys: string[]): { ok: true; value: unknown } | { ok: false } {
  let current = value;
  for (const key of keys) {
    if (!isRecord(current) || !Object.hasOwn(current, key)) return { ok: false };
    current = (current as Record<string, unknown>)[key];
  }
  return { ok: true, value: current };
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null;

function eachItems(value: unknown): unknown[] {
  if (Array.isArray(value)) return value;
  // An object loops over its values (Handlebars does too); anything else once, as itself.
  if (isRecord(value)) return Object.values(value);
  return value === null || value === undefined || value === false ? [] : [value];
}

function isTruthy(value: unknown): boolean {
  if (Array.isArray(value)) return value.length > 0;
  return Boolean(value);
}

/** A value as text: null as nothing, a list as its items joined, an object as JSON. */
function display(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint')
    return String(value);
  if (Array.isArray(value)) return value.map(display).join(', ');
  return JSON.stringify(value);
}
