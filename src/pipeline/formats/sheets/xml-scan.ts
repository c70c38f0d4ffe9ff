/**
 * A forward-only scan over XML text for the sheet readers: tags with their attributes, and text.
 * No DOM (a 1 M-cell sheet is ~100 MB of XML; a tree of it would not fit the worker's heap) and
 * no DTD: entities other than the five predefined ones and character references are left as
 * written, so an entity-expansion bomb ("billion laughs") expands to nothing.
 */

export interface XmlTag {
  /** Qualified name as written, e.g. `c`, `table:table-cell`. */
  name: string;
  closing: boolean;
  selfClosing: boolean;
  /** The raw attribute text; read one with `attr`. */
  attrs: string;
}

export type XmlToken = { tag: XmlTag } | { text: string };

const tokenPattern =
  /<(\/?)([A-Za-z_][\w:.-]*)((?:[^>"']|"[^"]*"|'[^']*')*?)(\/?)>|<\?[\s\S]*?\?>|<!--[\s\S]*?-->|<!\[CDATA\[([\s\S]*?)\]\]>|<![^>]*>|([^<]+)/g;

/** Every tag and text run of `xml`, in order. */
export function* scanXml(xml: string): Generator<XmlToken> {
  // A pattern of its own: two scans may be open at once.
  const pattern = new RegExp(tokenPattern.source, 'g');
  for (let m = pattern.exec(xml); m; m = pattern.exec(xml)) {
    if (m[2] !== undefined) {
      yield { tag: { name: m[2], closing: m[1] === '/', selfClosing: m[4] === '/', attrs: m[3] ?? '' } };
    } else if (m[5] !== undefined) {
      yield { text: m[5] };
    } else if (m[6] !== undefined) {
      yield { text: decodeXml(m[6]) };
    }
  }
}

const attrPatterns = new Map<string, RegExp>();

/** One attribute's decoded value, or null. `name` is matched as written (with its prefix). */
export function attr(attrs: string, name: string): string | null {
  let pattern = attrPatterns.get(name);
  if (!pattern) {
    const escaped = name.replace(/[.:-]/g, '\\$&');
    pattern = new RegExp(`(?:^|\\s)${escaped}\\s*=\\s*(?:"([^"]*)"|'([^']*)')`);
    attrPatterns.set(name, pattern);
  }
  const m = pattern.exec(attrs);
  if (!m) return null;
  return decodeXml(m[1] ?? m[2] ?? '');
}

const named: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

export function decodeXml(s: string): string {
  if (!s.includes('&')) return s;
  return s.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|lt|gt|amp|quot|apos);/g, (whole, ref: string) => {
    if (ref[0] !== '#') return named[ref] ?? whole;
    const code = ref[1] === 'x' ? Number.parseInt(ref.slice(2), 16) : Number.parseInt(ref.slice(1), 10);
    return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
  });
}

/**
 * `scanXml` over UTF-8 bytes, a slice at a time: a 200 MB sheet part decoded whole would be a
 * 200-400 MB string. Slices end just after a `>` (preferably after `cutAfter`), so no tag is cut;
 * a text run may be, and callers append text runs rather than assume one per element.
 */
export function* scanXmlBytes(
  bytes: Uint8Array,
  cutAfter: string,
  sliceBytes = 8 * 2 ** 20,
): Generator<XmlToken> {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const decoder = new TextDecoder();
  let start = 0;
  while (start < buffer.length) {
    let end = buffer.length;
    if (end - start > sliceBytes) {
      const limit = start + sliceBytes;
      const preferred = buffer.lastIndexOf(cutAfter, limit);
      const anyTag = buffer.lastIndexOf('>', limit);
      end = preferred > start ? preferred + cutAfter.length : anyTag > start ? anyTag + 1 : limit;
    }
    yield* scanXml(decoder.decode(buffer.subarray(start, end)));
    start = end;
  }
}
