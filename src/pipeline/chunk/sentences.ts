/**
 * Where text may be cut: between sentences, else between words, else (a run of characters with no
 * space longer than a chunk: a hash, a base64 blob) between characters.
 */
import type { Tokenizer } from './tokenizer.ts';

/**
 * Words a full stop ends without ending the sentence: titles, Latin and citation abbreviations,
 * in the languages OCR reads (English, German, French, Spanish). Lower-cased, without the stop.
 */
const abbreviations = new Set([
  'mr',
  'mrs',
  'ms',
  'dr',
  'prof',
  'sr',
  'jr',
  'st',
  'vs',
  'etc',
  'cf',
  'al',
  'eg',
  'ie',
  'approx',
  'fig',
  'figs',
  'eq',
  'eqs',
  'ref',
  'refs',
  'sec',
  'secs',
  'ch',
  'chap',
  'vol',
  'no',
  'nos',
  'pp',
  'p',
  'ed',
  'eds',
  'tab',
  'inc',
  'ltd',
  'co',
  'corp',
  'dept',
  'univ',
  'jan',
  'feb',
  'mar',
  'apr',
  'jun',
  'jul',
  'aug',
  'sep',
  'sept',
  'oct',
  'nov',
  'dec',
  'z',
  'bzw',
  'ca',
  'nr',
  'vgl',
  'usw',
  'mme',
  'mlle',
  'sra',
  'sr',
  'dra',
  'pág',
  'núm',
]);

/**
 * A stop (. ! ? or their CJK forms), closing quotes or brackets, then space and a capital, digit,
 * opening quote or bracket; or a CJK stop and anything.
 */
const boundary = /([.!?…]["'”’)\]]*)\s+(?=[\p{Lu}\p{N}"'“‘([])|([。！？]["'”’)\]」』]*)\s*(?=\S)/gu;

/** The sentences of a text, whitespace at the cuts dropped (the caller joins them with a space). */
export function splitSentences(text: string): string[] {
  const sentences: string[] = [];
  let start = 0;
  for (const match of text.matchAll(boundary)) {
    const end = match.index + (match[1] ?? match[2] ?? '').length;
    if (match[1] !== undefined && !endsSentence(text.slice(start, end))) continue;
    sentences.push(text.slice(start, end).trim());
    start = match.index + match[0].length;
  }
  const rest = text.slice(start).trim();
  if (rest !== '') sentences.push(rest);
  return sentences.filter((sentence) => sentence !== '');
}

/** Not after an abbreviation or an initial ("J. Smith", "e.g. The", "Fig. 3 shows"). */
function endsSentence(sentence: string): boolean {
  const last = sentence.match(/(\S+?)["'”’)\]]*[.!?…]+["'”’)\]]*$/u)?.[1];
  if (last === undefined) return true;
  const word = last
    .replace(/^[("'“‘[]+/u, '')
    .replace(/\./g, '')
    .toLowerCase();
  if (sentence.endsWith('.') && abbreviations.has(word)) return false;
  // A single letter ("J.", "A.") is an initial or a list label, not a sentence.
  return !(sentence.endsWith('.') && /^\p{L}$/u.test(word));
}

export const splitWords = (text: string) => text.split(/\s+/).filter((word) => word !== '');

/** Runs of at most `budget` tokens, cut between characters (never inside a surrogate pair). */
export function splitCharacters(text: string, budget: number, tokenizer: Tokenizer): string[] {
  const chars = Array.from(text);
  const parts: string[] = [];
  let start = 0;
  while (start < chars.length) {
    // The longest run that fits, by halving: a few counts per part on a rare path.
    let low = 1;
    let high = chars.length - start;
    while (low < high) {
      const middle = Math.ceil((low + high) / 2);
      if (tokenizer.count(chars.slice(start, start + middle).join('')) <= budget) low = middle;
      else high = middle - 1;
    }
    parts.push(chars.slice(start, start + low).join(''));
    start += low;
  }
  return parts;
}
