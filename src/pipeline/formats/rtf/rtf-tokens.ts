/**
 * RTF tokens: groups, control words with their numeric parameter, control symbols, \'hh bytes and
 * plain text runs. \binN's raw bytes are skipped here, so nothing downstream sees binary data.
 */

export type RtfToken =
  | { type: 'open' }
  | { type: 'close' }
  | { type: 'word'; word: string; param: number | null }
  | { type: 'symbol'; symbol: string }
  | { type: 'byte'; value: number }
  | { type: 'text'; text: string };

const letter = (c: number) => (c >= 97 && c <= 122) || (c >= 65 && c <= 90);
const digit = (c: number) => c >= 48 && c <= 57;

/** `source` is the file read as latin1: one character per byte. */
export function* rtfTokens(source: string): Generator<RtfToken> {
  const n = source.length;
  let i = 0;
  while (i < n) {
    const c = source.charCodeAt(i);
    if (c === 123) {
      i++;
      yield { type: 'open' };
    } else if (c === 125) {
      i++;
      yield { type: 'close' };
    } else if (c === 92) {
      const next = source.charCodeAt(i + 1);
      if (letter(next)) {
        let j = i + 1;
        while (j < n && letter(source.charCodeAt(j))) j++;
        const word = source.slice(i + 1, j);
        let k = j;
        if (source[k] === '-' && digit(source.charCodeAt(k + 1))) k++;
        while (k < n && digit(source.charCodeAt(k)) && k - j < 11) k++;
        const param = k > j ? Number(source.slice(j, k)) : null;
        // One space after a control word is its delimiter, not text.
        i = source[k] === ' ' ? k + 1 : k;
        if (word === 'bin' && param !== null && param > 0) {
          i += param;
          continue;
        }
        yield { type: 'word', word, param };
      } else if (next === 39) {
        const value = Number.parseInt(source.slice(i + 2, i + 4), 16);
        i += 4;
        if (!Number.isNaN(value)) yield { type: 'byte', value };
      } else if (Number.isNaN(next)) {
        i++;
      } else {
        i += 2;
        // A backslash before a line break is \par in old writers.
        const symbol = next === 10 || next === 13 ? 'par' : String.fromCharCode(next);
        yield symbol === 'par' ? { type: 'word', word: 'par', param: null } : { type: 'symbol', symbol };
      }
    } else if (c === 10 || c === 13) {
      i++;
    } else {
      let j = i + 1;
      while (j < n) {
        const d = source.charCodeAt(j);
        if (d === 123 || d === 125 || d === 92 || d === 10 || d === 13) break;
        j++;
      }
      yield { type: 'text', text: source.slice(i, j) };
      i = j;
    }
  }
}
