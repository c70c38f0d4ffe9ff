/**
 * OCR misreads a letter now and then ("T0TAL", "lnvoice", "Neti"): a printed word one edit away
 * from a known label word of five letters or more still matches it. Found through the label
 * words' one-letter deletions (a symmetric-delete index), so a document's words are compared
 * with the few label words they could be, not with every label: ~0.02 ms a word instead of
 * ~0.5 ms for the label lists of a whole schema.
 */
import { levenshtein } from '../text-similarity.ts';
import { columnConcepts } from './column-concepts.ts';
import { documentConcepts } from './concepts.ts';

const minLength = 5;
let index: Map<string, string[]> | null = null;

function deletions(word: string): string[] {
  const out: string[] = [];
  for (let k = 0; k < word.length; k++) out.push(word.slice(0, k) + word.slice(k + 1));
  return out;
}

function labelIndex(): Map<string, string[]> {
  if (index) return index;
  index = new Map();
  const words = new Set<string>();
  for (const c of [...documentConcepts, ...columnConcepts]) {
    for (const phrase of [...c.labels, ...c.weakLabels])
      for (const w of phrase.split(' ')) if (w.length >= minLength) words.add(w);
  }
  for (const word of words) {
    for (const key of [word, ...deletions(word)]) {
      const list = index.get(key) ?? [];
      list.push(word);
      index.set(key, list);
    }
  }
  return index;
}

const codes = (s: string) => Array.from(s, (c) => c.charCodeAt(0));
const near = new Map<string, readonly string[]>();

/** Label words (not `printed` itself) within one edit of a printed word. */
export function nearLabelWords(printed: string): readonly string[] {
  let found = near.get(printed);
  if (found) return found;
  const out = new Set<string>();
  if (printed.length >= minLength - 1) {
    const idx = labelIndex();
    for (const key of [printed, ...deletions(printed)]) {
      for (const word of idx.get(key) ?? []) {
        if (word !== printed && levenshtein(codes(printed), codes(word)) <= 1) out.add(word);
      }
    }
  }
  found = [...out];
  // Bounded: a long-running worker reads many documents' words.
  if (near.size > 100_000) near.clear();
  near.set(printed, found);
  return found;
}
