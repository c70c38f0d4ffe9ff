/**
 * Safe XML for the text formats (ODT content.xml, EPUB container and OPF): fast-xml-parser in
 * ordered mode with entities left as written. A DTD's entities are never expanded (no billion
 * laughs), and text stays XML-escaped, which is what the HTML we build from it wants.
 */
import { XMLParser } from 'fast-xml-parser';
import { permanent } from '../../../core/errors.ts';

/** `{ tag: children, ':@': attributes }` or `{ '#text': text }`, as fast-xml-parser orders them. */
export type XmlNode = Record<string, unknown>;

/** Deeper than any real document nests; past it the input is hostile (and recursion would overflow). */
export const maxXmlDepth = 256;

const parser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '',
  processEntities: false,
  htmlEntities: false,
  trimValues: false,
  parseTagValue: false,
  parseAttributeValue: false,
});

export function parseXml(xml: string, what: string): XmlNode[] {
  checkDepth(xml, what);
  try {
    return parser.parse(xml) as XmlNode[];
  } catch (error) {
    throw permanent('PARSE_ERROR', `cannot read ${what}: ${(error as Error).message}`, error);
  }
}

/** Counts open tags before parsing: the parser and our walkers recurse per level. */
function checkDepth(xml: string, what: string): void {
  let depth = 0;
  const tags = /<(\/?)[A-Za-z_][^>]*?(\/?)>/g;
  for (let m = tags.exec(xml); m; m = tags.exec(xml)) {
    if (m[1]) depth--;
    else if (!m[2]) depth++;
    if (depth > maxXmlDepth) {
      throw permanent('PARSE_ERROR', `${what} nests elements more than ${maxXmlDepth} deep`);
    }
  }
}

export function tagOf(node: XmlNode): string | null {
  for (const key of Object.keys(node)) if (key !== ':@' && key !== '#text') return key;
  return null;
}

export function childrenOf(node: XmlNode): XmlNode[] {
  const tag = tagOf(node);
  return tag ? ((node[tag] as XmlNode[] | undefined) ?? []) : [];
}

export function attr(node: XmlNode, name: string): string | undefined {
  return (node[':@'] as Record<string, string> | undefined)?.[name];
}

/** The first descendant (depth first) with this tag. */
export function findFirst(nodes: XmlNode[], tag: string, depth = 0): XmlNode | null {
  if (depth > maxXmlDepth) return null;
  for (const node of nodes) {
    if (tagOf(node) === tag) return node;
    const found = findFirst(childrenOf(node), tag, depth + 1);
    if (found) return found;
  }
  return null;
}

/** Every descendant with this tag. */
export function findAll(nodes: XmlNode[], tag: string, out: XmlNode[] = [], depth = 0): XmlNode[] {
  if (depth > maxXmlDepth) return out;
  for (const node of nodes) {
    if (tagOf(node) === tag) out.push(node);
    findAll(childrenOf(node), tag, out, depth + 1);
  }
  return out;
}

/** The unescaped, trimmed text of the first element with this tag (a metadata field), or null. */
export function fieldText(nodes: XmlNode[], tag: string): string | null {
  const node = findFirst(nodes, tag);
  return node ? unescapeXml(textOf(childrenOf(node))).trim() || null : null;
}

/** The text under the nodes, still XML-escaped. */
export function textOf(nodes: XmlNode[], depth = 0): string {
  if (depth > maxXmlDepth) return '';
  return nodes
    .map((n) => (typeof n['#text'] === 'string' ? n['#text'] : textOf(childrenOf(n), depth + 1)))
    .join('');
}

export function unescapeXml(s: string): string {
  return s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&#(\d+);/g, (m, n: string) => safeCodePoint(Number(n)) ?? m)
    .replace(/&#x([0-9a-f]+);/gi, (m, n: string) => safeCodePoint(Number.parseInt(n, 16)) ?? m)
    .replace(/&amp;/g, '&');
}

function safeCodePoint(n: number): string | null {
  return n > 0 && n <= 0x10ffff && (n < 0xd800 || n > 0xdfff) ? String.fromCodePoint(n) : null;
}

export function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
