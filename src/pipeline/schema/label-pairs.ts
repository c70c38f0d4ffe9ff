/**
 * Fields the engine has no concept for, from "Label: value" pairs: a short label ending in a colon
 * with its value after it in the same segment, or in the next segment of the line (a label and
 * its value set apart in two columns). The label gives the camelCase name and the description;
 * the value the type.
 */

import type { ValueKind } from '../extract/concepts.ts';
import { documentLines } from '../extract/doc-lines.ts';
import { describeField } from '../extract/field-descriptor.ts';
import { fold } from '../extract/fold.ts';
import type { ParsedDocument } from '../types.ts';
import { kindSchema } from './concept-fields.ts';
import { camelName } from './names.ts';
import { scalarField } from './scalar-field.ts';
import type { ProposedField } from './types.ts';
import { shapeSchema, valueShape } from './value-shape.ts';

/** A label: 1 to 4 words, mostly letters, no long numbers (then it is a value, not a label). */
const labelShape = /^[\p{L}][\p{L}\p{N} .'’/()#°&-]{0,38}$/u;
const maxLabelWords = 4;
const maxValueLength = 80;
/** More than this many free pairs is a form-like page; the first ones in reading order are kept. */
const maxPairs = 30;

interface Pair {
  label: string;
  value: string;
  page: number;
  text: string;
}

export function labelPairs(document: ParsedDocument): Pair[] {
  const pairs: Pair[] = [];
  const seen = new Set<string>();
  // The same pair read twice (a line's words and the page text) is kept once.
  const take = (page: number, text: string, segments: readonly string[]) => {
    for (const pair of segmentPairs(segments)) pushOnce(pairs, seen, { ...pair, page, text });
  };
  for (const line of documentLines(document)) {
    const segments = line.segments.map((start, i) =>
      line.words
        .slice(start, line.segments[i + 1] ?? line.words.length)
        .map((word) => word.text)
        .join(' '),
    );
    take(line.page, line.text, segments);
  }
  // The page text as well: text read from pictures on a page (a letterhead, a footer image) is in
  // the page's text but not in the lines the engine reads. Tabs and wide gaps part its segments.
  for (const page of document.pages) {
    const lines = page.text.split('\n').filter((line) => line.trim() !== '');
    for (const [n, line] of lines.entries()) {
      take(page.page, line.trim(), line.split(/\t| {3,}/));
      const below = lines[n + 1];
      if (below)
        for (const pair of labelsOverValues(line, below))
          pushOnce(pairs, seen, { ...pair, page: page.page, text: `${line.trim()} / ${below.trim()}` });
    }
    for (const block of page.blocks) {
      if (block.type !== 'table' || block.rows?.length !== 2) continue;
      const [labels, values] = block.rows as [string[], string[]];
      for (const [k, label] of labels.entries()) {
        const value = values[k]?.trim() ?? '';
        const cleaned = label.trim().replace(/\s*:$/, '');
        if (value && isLabel(cleaned) && !/\d/.test(cleaned))
          pushOnce(pairs, seen, { label: cleaned, value, page: page.page, text: block.text });
      }
    }
  }
  return pairs;
}

function pushOnce(pairs: Pair[], seen: Set<string>, pair: Pair): void {
  const key = `${pair.page}\u0000${pair.label}\u0000${pair.value}`;
  if (seen.has(key)) return;
  seen.add(key);
  pairs.push(pair);
}

/**
 * A row of labels each ending in a colon, nothing after them, over a row of as many values
 * ("Invoice Date: Due Date: Reference:" over "03/20/2023 04/04/2023 REF-1"): the labels' values,
 * in order. Values are told apart by tabs or wide gaps, else by spaces when that gives as many.
 */
function labelsOverValues(line: string, below: string): { label: string; value: string }[] {
  if (below.includes(':')) return [];
  const labels = inlinePairs(line);
  if (labels.length === 0) return headerCells(line, below);
  if (labels.length < 2 || labels.some((pair) => pair.value !== '')) return [];
  const bySegments = below.trim().split(/\t| {3,}/);
  const values = bySegments.length === labels.length ? bySegments : below.trim().split(/\s+/);
  if (values.length !== labels.length) return [];
  return labels.map((pair, k) => ({ label: pair.label, value: values[k]!.trim() }));
}

function segmentPairs(segments: readonly string[]): { label: string; value: string }[] {
  const out: { label: string; value: string }[] = [];
  for (let i = 0; i < segments.length; i++) {
    const found = inlinePairs(segments[i]!);
    if (found.length === 0) continue;
    const last = found.at(-1)!;
    // "Label:" alone, its value in the next segment (a label and its value set apart).
    if (last.value === '' && i + 1 < segments.length && !segments[i + 1]!.includes(':'))
      last.value = segments[++i]!.trim();
    for (const pair of found) {
      if (pair.value === '' || pair.value.length > maxValueLength) continue;
      // "http://…": a colon inside a value, not after a label.
      if (/^\/\//.test(pair.value)) continue;
      out.push(pair);
    }
  }
  return out;
}

/** A label before a colon: the words in label shape that end there (after a value or the start). */
const labelBeforeColon = /([\p{L}][\p{L}\p{N} .'’/()#°&-]{0,38}?)\s*:(?!\/\/)/gu;

/**
 * Every "Label: value" of one segment, a value running to the next label: "IBAN:NL58… BIC: RABO…"
 * is two pairs. A colon after a digit ("10:30") is a time, not a label's.
 */
function inlinePairs(segment: string): { label: string; value: string }[] {
  const labels: { label: string; start: number; end: number }[] = [];
  for (const match of segment.matchAll(labelBeforeColon)) {
    const start = match.index + match[0].length - match[0].trimStart().length;
    // The label is the last words before the colon that look like one: "BIC" of
    // "NL58RABO0198723202 BIC:", at most maxLabelWords of them.
    const words = match[1]!.trim().split(/\s+/);
    let label: string | null = null;
    for (let n = Math.min(maxLabelWords, words.length); n >= 1 && !label; n--) {
      const candidate = words.slice(-n).join(' ');
      if (isLabel(candidate) && !/\d$/.test(candidate)) label = candidate;
    }
    if (!label) continue;
    labels.push({
      label,
      start: start + match[0].trimStart().lastIndexOf(label),
      end: match.index + match[0].length,
    });
  }
  return labels.map((entry, k) => ({
    label: entry.label,
    value: segment.slice(entry.end, labels[k + 1]?.start ?? segment.length).trim(),
  }));
}

function isLabel(label: string): boolean {
  if (!labelShape.test(label)) return false;
  const words = label.split(/\s+/);
  // "ACCEA5E3GPBQJ9P9WID": a code, not a word of a label.
  if (words.some((word) => /\p{L}/u.test(word) && /\d/.test(word))) return false;
  const letters = label.replace(/[^\p{L}]/gu, '').length;
  return words.length <= maxLabelWords && letters >= 3 && letters >= 0.6 * label.replace(/\s/g, '').length;
}

/**
 * Pairs as fields, leaving out those whose label names a concept already proposed (the concept's
 * field reads it better) and names already taken. All values under one name decide its type.
 */
export function pairFields(document: ParsedDocument, concepts: readonly ProposedField[]): ProposedField[] {
  const taken = new Set(concepts.map((field) => field.name));
  // The labels the concept fields were read by ("Factuurdatum" of `date`): the same pair again.
  const printedLabels = new Set(
    concepts.flatMap((field) => (field.evidence.label ? [fold(field.evidence.label)] : [])),
  );
  const byName = new Map<string, { pair: Pair; values: string[]; kind: ValueKind | null }>();
  for (const pair of labelPairs(document)) {
    const own = camelName(pair.label, 5, false);
    if (!own || taken.has(own) || printedLabels.has(fold(pair.label))) continue;
    // A label that names a known concept ("Kvk nummer", "E-mail") gives the concept's name, as a
    // field the engine found itself would have; one the engine already proposed is not repeated.
    const concept = describeField(scalarField(own), false).concept;
    if (concept && taken.has(concept.id)) continue;
    const name = concept?.id ?? own;
    const entry = byName.get(name);
    if (entry) entry.values.push(pair.value);
    else if (byName.size < maxPairs)
      byName.set(name, { pair, values: [pair.value], kind: concept?.kind ?? null });
  }
  return [...byName].map(([name, { pair, values, kind }]) => {
    const shape = valueShape(values);
    // The concept's kind says more than a few values: an id of digits is still a string.
    const schema =
      kind && kind !== 'text' && kind !== 'name' && kind !== 'address'
        ? kindSchema(kind)
        : shapeSchema(shape);
    return {
      name,
      schema: { ...schema, description: pair.label },
      evidence: { field: name, source: 'label', label: pair.label, page: pair.page, text: pair.text },
    };
  });
}

/**
 * A row of short labels without colons over a row of as many values, both set apart by tabs
 * ("GSTIN\tCIN" over "06AAB…\tU6309…"): every label cell is label-shaped and every value cell
 * holds a digit, an @ or is a word of its own (a value, not another label row).
 */
function headerCells(line: string, below: string): { label: string; value: string }[] {
  const labels = line.split('\t').map((cell) => cell.trim());
  const values = below.split('\t').map((cell) => cell.trim());
  if (labels.length < 2 || labels.length !== values.length) return [];
  const pairs = labels.flatMap((label, k) =>
    label === '' && values[k] === '' ? [] : [{ label, value: values[k]! }],
  );
  if (pairs.length < 2) return [];
  const fits = pairs.every(
    ({ label, value }) => isLabel(label) && !/\d/.test(label) && value !== '' && /[\d@]/.test(value),
  );
  return fits ? pairs : [];
}
