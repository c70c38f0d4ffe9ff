/**
 * The XML of slide decks (PresentationML, ODF) as an ordered tree: fast-xml-parser with
 * preserveOrder, because a paragraph's runs, line breaks and a group's shapes are read in
 * document order. Parts with a DOCTYPE are refused: neither format has one, and a DOCTYPE is how
 * entity expansion ("billion laughs") gets in.
 */
import { XMLParser } from 'fast-xml-parser';
import { permanent } from '../../../core/errors.ts';

/** One element: its name, attributes (unprefixed keys as written, e.g. `r:embed`) and children. */
export interface XmlElement {
  name: string;
  attrs: Record<string, string>;
  children: XmlNode[];
}
export type XmlNode = XmlElement | string;

type RawNode = Record<string, unknown>;

const parser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '',
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: false,
  processEntities: true,
  htmlEntities: false,
  // Real slides nest ~30 elements deep (groups in groups included); past this the part is refused.
  maxNestedTags: 256,
});

/**
 * Elements deeper than this are dropped while converting. Real decks nest a few levels (group
 * in group); thousands of levels are a hostile file, and walking them recursively would overflow
 * the stack.
 */
export const maxXmlDepth = 64;

export function parseXml(bytes: Uint8Array, part: string): XmlElement {
  const text = new TextDecoder().decode(bytes);
  if (/<!DOCTYPE/i.test(text.slice(0, 4096)) || /<!ENTITY/i.test(text)) {
    throw permanent('PARSE_ERROR', `${part} declares a DOCTYPE or entities, which slide files never do`);
  }
  let raw: RawNode[];
  try {
    raw = parser.parse(text) as RawNode[];
  } catch (error) {
    if (error instanceof RangeError || /nested tags/i.test((error as Error).message)) {
      throw permanent('PARSE_ERROR', `${part} nests elements more than 256 deep`, error);
    }
    throw permanent('PARSE_ERROR', `${part} is not well-formed XML: ${(error as Error).message}`, error);
  }
  return { name: '#document', attrs: {}, children: convert(raw, 0) };
}

function convert(raw: RawNode[], depth: number): XmlNode[] {
  if (depth > maxXmlDepth) return [];
  const out: XmlNode[] = [];
  for (const node of raw) {
    for (const [key, value] of Object.entries(node)) {
      if (key === ':@') continue;
      if (key === '#text') {
        out.push(String(value));
        continue;
      }
      if (key.startsWith('?')) continue; // <?xml …?>
      const attrs = (node[':@'] as Record<string, unknown> | undefined) ?? {};
      out.push({
        name: key,
        attrs: Object.fromEntries(Object.entries(attrs).map(([k, v]) => [k, String(v)])),
        children: Array.isArray(value) ? convert(value as RawNode[], depth + 1) : [],
      });
    }
  }
  return out;
}

export const elements = (node: XmlElement): XmlElement[] =>
  node.children.filter((c): c is XmlElement => typeof c !== 'string');

/** The first child element named `name` (any of several names when given a list). */
export function child(node: XmlElement | undefined, ...names: string[]): XmlElement | undefined {
  return node ? elements(node).find((c) => names.includes(c.name)) : undefined;
}

export function childrenNamed(node: XmlElement | undefined, name: string): XmlElement[] {
  return node ? elements(node).filter((c) => c.name === name) : [];
}

/** Follows a path of child names: path(sp, 'p:nvSpPr', 'p:cNvPr'). */
export function path(node: XmlElement | undefined, ...names: string[]): XmlElement | undefined {
  let at = node;
  for (const name of names) at = child(at, name);
  return at;
}

/** The first element named `name` anywhere below `node`, depth first (bounded by maxXmlDepth). */
export function find(node: XmlElement, name: string): XmlElement | undefined {
  for (const c of elements(node)) {
    if (c.name === name) return c;
    const deeper = find(c, name);
    if (deeper) return deeper;
  }
  return undefined;
}

/** Every text node below `node`, concatenated. */
export function textOf(node: XmlElement): string {
  return node.children.map((c) => (typeof c === 'string' ? c : textOf(c))).join('');
}
