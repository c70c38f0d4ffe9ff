/**
 * Text the service keeps must be text PostgreSQL can store and people can read back safely.
 *
 * - U+0000: `text` columns refuse it ("invalid byte sequence for encoding UTF8: 0x00") and `jsonb`
 *   refuses "\u0000" ("unsupported Unicode escape sequence"): without this check the INSERT fails
 *   and the client gets a 500.
 * - Unpaired surrogates ("\ud800" in JSON): valid JSON, but not Unicode text; `jsonb` refuses them
 *   too, and UTF-8 has no encoding for them.
 *
 * File names have stricter rules: they are shown in lists, exports and Content-Disposition headers.
 */

export interface TextFault {
  /** Where: `metadata.k`, `schema.properties.a.description`, `fileName`. */
  field: string;
  message: string;
}

const nul = '\u0000';

function reasonOf(text: string): string | null {
  if (text.includes(nul)) return 'contains U+0000 (NUL), which cannot be stored';
  if (!text.isWellFormed()) return 'contains an unpaired surrogate (\\ud800–\\udfff): not Unicode text';
  return null;
}

/** A path as a chain of keys, joined into text only for the one fault reported. */
interface PathLink {
  key: string | number;
  parent: PathLink | null;
}

function pathText(link: PathLink | null, root: string): string {
  const keys: (string | number)[] = [];
  for (let at = link; at; at = at.parent) keys.push(at.key);
  return keys
    .reverse()
    .reduce<string>(
      (path, key) => (typeof key === 'number' ? `${path}[${key}]` : path ? `${path}.${key}` : key),
      root,
    );
}

/**
 * The first string or object key in `value` that cannot be stored, or null. Iterative, and the
 * path is built only for a fault: a value nested a million deep is walked in linear time.
 */
export function findUnstorableText(value: unknown, root = ''): TextFault | null {
  const stack: [unknown, PathLink | null][] = [[value, null]];
  const fault = (link: PathLink | null, reason: string, key = false) => {
    const at = pathText(link, root);
    return {
      field: at || 'body',
      message: `${key ? `a key in ${at || 'the body'}` : at || 'the body'} ${reason}`,
    };
  };
  for (let entry = stack.pop(); entry; entry = stack.pop()) {
    const [item, link] = entry;
    if (typeof item === 'string') {
      const reason = reasonOf(item);
      if (reason) return fault(link, reason);
    } else if (Array.isArray(item)) {
      for (let i = item.length - 1; i >= 0; i--) stack.push([item[i], { key: i, parent: link }]);
    } else if (item !== null && typeof item === 'object') {
      const entries = Object.entries(item);
      for (let i = entries.length - 1; i >= 0; i--) {
        const [key, child] = entries[i]!;
        const reason = reasonOf(key);
        if (reason) return fault(link, reason, true);
        stack.push([child, { key, parent: link }]);
      }
    }
  }
  return null;
}

export const maxFileNameLength = 255;

/**
 * C0 and C1 controls and DEL (a newline splits a log line or a header; NUL cannot be stored), and
 * the bidirectional embedding, override and isolate controls: with U+202E "invoice\u202efdp.exe"
 * shows as "invoiceexe.pdf" (CVE-2021-42574, "Trojan Source"). The marks U+200E/U+200F, which
 * right-to-left names legitimately carry, stay allowed.
 */
const forbiddenInNames = /[\p{Cc}\u202a-\u202e\u2066-\u2069]/u;

/**
 * A file name is a label (documents are stored under the job id, never under it), so `../` is
 * harmless; what a name may not be is unprintable, misleading or unbounded. U+FFFD is refused
 * because it is what a multipart parser puts in place of bytes that were not UTF-8.
 */
export function checkFileName(name: string | null | undefined, field = 'fileName'): TextFault | null {
  if (name === null || name === undefined) return null;
  const fault = (message: string) => ({ field, message: `${field} ${message}` });
  if (name.length > maxFileNameLength)
    return fault(`is ${name.length} characters; at most ${maxFileNameLength}`);
  const reason = reasonOf(name);
  if (reason) return fault(reason);
  const forbidden = forbiddenInNames.exec(name);
  if (forbidden) {
    const code = forbidden[0].codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0');
    return fault(`contains U+${code}, a control character file names may not carry`);
  }
  if (name.includes('\ufffd')) return fault('contains U+FFFD: its bytes were not UTF-8');
  return null;
}
