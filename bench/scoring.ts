/**
 * Scoring shared by the OCR benches: SROIE ground truth, CER, bag-of-words F1 and key values
 * (bench/ocr-receipts.ts), and olmOCR-bench's present/absent/order tests (bench/olmocr.ts).
 * Pure functions over strings; the edit distance is the one of src/pipeline/text-similarity.ts.
 */
import { levenshtein } from '../src/pipeline/text-similarity.ts';

export { levenshtein };

/** Code points, so an astral character costs one edit, not two UTF-16 units. */
export const codePoints = (text: string): Int32Array => Int32Array.from(text, (c) => c.codePointAt(0)!);

/**
 * SROIE box/NNN.csv: `x1,y1,...,y4,transcript` per line; the transcript keeps its own commas
 * (e.g. "12, JALAN TAMPOI 7/4,KAWASAN PERINDUSTRIAN"), so split on the first 8 commas only.
 */
export function sroieTranscripts(csv: string): string[] {
  const lines = csv.replace(/^\uFEFF/, '').split(/\r?\n/);
  const out: string[] = [];
  for (const [n, line] of lines.entries()) {
    if (line.trim() === '') continue;
    let at = -1;
    for (let field = 0; field < 8; field++) {
      at = line.indexOf(',', at + 1);
      if (at < 0) throw new Error(`line ${n + 1}: fewer than 9 fields: ${JSON.stringify(line)}`);
    }
    out.push(line.slice(at + 1));
  }
  return out;
}

/**
 * For CER: reading order between lines and spacing should not dominate, so NFKC (ligatures such
 * as "ﬁ" become "fi"), every whitespace run (line breaks included) becomes one space, trimmed,
 * upper-cased (SROIE transcripts are upper-case).
 */
export const normaliseOcr = (text: string): string =>
  text.normalize('NFKC').replace(/\s+/g, ' ').trim().toUpperCase();

/** Edits and reference length of one page, over normalised text; sum them for a micro average. */
export function cerCounts(output: string, reference: string): { edits: number; chars: number } {
  const ref = codePoints(normaliseOcr(reference));
  return { edits: levenshtein(codePoints(normaliseOcr(output)), ref), chars: ref.length };
}

/**
 * An order-free CER, after the flexible character accuracy of Clausner, Pletschacher and
 * Antonacopoulos (2020): where the reference's line order is an annotator's and not a reading order
 * (SROIE lists a receipt's labels, then its quantities, then its prices, each as a column), the
 * order-sensitive CER charges the engine for reading rows as rows. Each reference line, longest
 * first, takes the stretch of the output that matches it best and is charged that match's edits;
 * the stretch is then used up, so no output character serves two lines. A line with no match
 * better than deleting it costs its length, and the output's characters no line used (spaces
 * aside) are charged as insertions: missing and invented text both count, order does not.
 */
export function orderFreeCerCounts(
  output: string,
  referenceLines: readonly string[],
): { edits: number; chars: number } {
  const text = codePoints(normaliseOcr(output));
  const used = new Uint8Array(text.length);
  const lines = referenceLines.map((l) => codePoints(normaliseOcr(l))).filter((l) => l.length > 0);
  lines.sort((a, b) => b.length - a.length);
  let edits = 0;
  let chars = 0;
  for (const line of lines) {
    chars += line.length;
    const best = bestUnusedMatch(line, text, used);
    if (!best || best.edits >= line.length) {
      edits += line.length;
      continue;
    }
    edits += best.edits;
    used.fill(1, best.start, best.end);
  }
  const space = 32;
  for (const [i, c] of text.entries()) if (!used[i] && c !== space) edits++;
  return { edits, chars };
}

/** Semi-global alignment of `line` in each run of unused output characters: start and end free. */
function bestUnusedMatch(line: Int32Array, text: Int32Array, used: Uint8Array) {
  let best: { edits: number; start: number; end: number } | null = null;
  let runStart = 0;
  for (let j = 0; j <= text.length; j++) {
    if (j < text.length && !used[j]) continue;
    if (j > runStart) {
      const found = alignIn(line, text, runStart, j);
      if (!best || found.edits < best.edits) best = found;
    }
    runStart = j + 1;
  }
  return best;
}

function alignIn(line: Int32Array, text: Int32Array, from: number, to: number) {
  const m = line.length;
  let prev = Int32Array.from({ length: m + 1 }, (_, i) => i);
  let prevStart = new Int32Array(m + 1).fill(from);
  let curr = new Int32Array(m + 1);
  let currStart = new Int32Array(m + 1);
  let best = { edits: prev[m]!, start: from, end: from };
  for (let j = from + 1; j <= to; j++) {
    curr[0] = 0;
    currStart[0] = j;
    const c = text[j - 1];
    for (let i = 1; i <= m; i++) {
      const diagonal = prev[i - 1]! + (line[i - 1] === c ? 0 : 1);
      const skipText = prev[i]! + 1;
      const skipLine = curr[i - 1]! + 1;
      if (diagonal <= skipText && diagonal <= skipLine) {
        curr[i] = diagonal;
        currStart[i] = prevStart[i - 1]!;
      } else if (skipText <= skipLine) {
        curr[i] = skipText;
        currStart[i] = prevStart[i]!;
      } else {
        curr[i] = skipLine;
        currStart[i] = currStart[i - 1]!;
      }
    }
    if (curr[m]! < best.edits) best = { edits: curr[m]!, start: currStart[m]!, end: j };
    [prev, curr] = [curr, prev];
    [prevStart, currStart] = [currStart, prevStart];
  }
  return best;
}

export interface WordCounts {
  /** Words of the output that match a reference word, each reference word used once. */
  matched: number;
  output: number;
  reference: number;
}

/** Order-insensitive word overlap (multiset intersection), as in SROIE task 2's token P/R/F1. */
export function bagOfWords(output: string, reference: string): WordCounts {
  const split = (text: string) => normaliseOcr(text).split(' ').filter(Boolean);
  const left = new Map<string, number>();
  const ref = split(reference);
  for (const word of ref) left.set(word, (left.get(word) ?? 0) + 1);
  const out = split(output);
  let matched = 0;
  for (const word of out) {
    const n = left.get(word) ?? 0;
    if (n > 0) {
      matched++;
      left.set(word, n - 1);
    }
  }
  return { matched, output: out.length, reference: ref.length };
}

/**
 * Key values (SROIE key/NNN.json: company, date, address, total) that appear verbatim in the text,
 * whitespace runs collapsed on both sides: what any extractor could reach on this reading. The
 * values are upper-case transcripts of receipts that often print "03 Mar 2018" or "Malaysia", so
 * the headline figure ignores case (the 63 % for tesseract.js is that figure).
 */
export function keyValuesPresent(text: string, values: readonly string[], ignoreCase = true): number {
  const collapse = (s: string) => {
    const one = s.replace(/\s+/g, ' ').trim();
    return ignoreCase ? one.toUpperCase() : one;
  };
  const hay = collapse(text);
  return values.filter((v) => collapse(v) !== '' && hay.includes(collapse(v))).length;
}

export function f1({ matched, output, reference }: WordCounts): number {
  if (output === 0 || reference === 0) return output === reference ? 1 : 0;
  const precision = matched / output;
  const recall = matched / reference;
  return precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
}

// ---- olmOCR-bench (olmocr/bench/tests.py: normalize_text, TextPresenceTest, TextOrderTest) ----

const asciiOf: Record<string, string> = {
  '\u2018': "'",
  '\u2019': "'",
  '\u201a': "'",
  '\u201c': '"',
  '\u201d': '"',
  '\u201e': '"',
  '\uff3f': '_',
  '\u2013': '-',
  '\u2014': '-',
  '\u2011': '-',
  '\u2012': '-',
  '\u2212': '-',
  '\u00b5': '\u03bc',
};
const fancy = new RegExp(`[${Object.keys(asciiOf).join('')}]`, 'g');

/** The steps of olmOCR's normalize_text, in its order: markdown emphasis out, spaces, NFC, ASCII. */
export function normaliseOlmocr(markdown: string): string {
  return markdown
    .replace(/<br\/?>/g, ' ')
    .replace(/\*\*(.*?)\*\*/g, '$1')
    .replace(/__(.*?)__/g, '$1')
    .replace(/<\/?[bi]>/g, '')
    .replace(/(\*|_)(.*?)\1/g, '$2')
    .replace(/\s+/g, ' ')
    .normalize('NFC')
    .replace(fancy, (c) => asciiOf[c]!);
}

/**
 * Sellers' approximate substring search: every end offset (in code points) of a substring of
 * `text` within `maxDiffs` edits of `pattern`. O(|pattern|·|text|): 200 × 20k chars is 4·10^6
 * cells, a few ms.
 */
function matchEnds(pattern: Int32Array, text: Int32Array, maxDiffs: number): number[] {
  const m = pattern.length;
  let prev = Int32Array.from({ length: m + 1 }, (_, i) => i);
  let curr = new Int32Array(m + 1);
  const ends = prev[m]! <= maxDiffs ? [0] : [];
  for (let j = 1; j <= text.length; j++) {
    const c = text[j - 1];
    for (let i = 1; i <= m; i++) {
      curr[i] = Math.min(prev[i]! + 1, curr[i - 1]! + 1, prev[i - 1]! + (pattern[i - 1] === c ? 0 : 1));
    }
    if (curr[m]! <= maxDiffs) ends.push(j);
    [prev, curr] = [curr, prev];
  }
  return ends;
}

/** Start offsets (code points) of the approximate matches: the ends of the reversed search. */
export function fuzzyStarts(pattern: string, text: string, maxDiffs = 0): number[] {
  const rev = (s: string) => codePoints(s).reverse();
  const n = codePoints(text).length;
  return matchEnds(rev(pattern), rev(text), maxDiffs)
    .map((end) => n - end)
    .reverse();
}

export const fuzzyContains = (pattern: string, text: string, maxDiffs = 0): boolean =>
  maxDiffs === 0 ? text.includes(pattern) : fuzzyStarts(pattern, text, maxDiffs).length > 0;

export interface OlmocrTest {
  pdf: string;
  page: number;
  id: string;
  type: string;
  text?: string;
  before?: string;
  after?: string;
  max_diffs?: number;
  case_sensitive?: boolean;
  first_n?: number;
  last_n?: number;
  cell?: string;
  up?: string;
  down?: string;
  left?: string;
  right?: string;
  top_heading?: string;
  left_heading?: string;
  /** Heading tests (ours, not olmOCR's): true, `text` is a heading line; false, it is on the page but on no heading line. */
  heading?: boolean;
}

export const scoredTypes = ['present', 'absent', 'order', 'table'] as const;

/**
 * Pass or fail of a present/absent/order test on one page's markdown. Unlike tests.py, which now
 * scores present/absent with rapidfuzz partial_ratio ≥ 1 - max_diffs/len, both use the edit-bounded
 * substring search (fuzzysearch's semantics, as its order test does); identical when max_diffs is 0.
 */
export function passes(test: OlmocrTest, markdown: string): boolean {
  const maxDiffs = test.max_diffs ?? 0;
  if (test.type === 'table') return passesTable(test, markdown);
  if (test.type === 'heading') return passesHeading(test, markdown);
  let page = normaliseOlmocr(markdown);
  if (test.type === 'order') {
    const before = fuzzyStarts(normaliseOlmocr(test.before ?? ''), page, maxDiffs);
    const after = fuzzyStarts(normaliseOlmocr(test.after ?? ''), page, maxDiffs);
    return before.length > 0 && after.length > 0 && before[0]! < after[after.length - 1]!;
  }
  if (test.type !== 'present' && test.type !== 'absent') throw new Error(`unscored type ${test.type}`);
  let text = normaliseOlmocr(test.text ?? '');
  if (test.case_sensitive === false) {
    text = text.toLowerCase();
    page = page.toLowerCase();
  }
  const chars = Array.from(page);
  const head = test.first_n ? chars.slice(0, test.first_n) : [];
  const tail = test.last_n ? chars.slice(-test.last_n) : [];
  if (test.first_n || test.last_n) page = [...head, ...tail].join('');
  const found = fuzzyContains(text, page, maxDiffs);
  return test.type === 'present' ? found : !found;
}

// ---- heading tests (bench/layout-generated.ts; olmOCR-bench has none) ----

/** The ATX heading lines of markdown (`## 2.1 Method`), normalised as olmOCR does, without the #s. */
export function markdownHeadings(markdown: string): string[] {
  return [...markdown.matchAll(/^ {0,3}#{1,6}[ \t]+(.+?)[ \t#]*$/gm)].map((m) =>
    normaliseOlmocr(m[1]!).trim(),
  );
}

/**
 * A heading test passes when some heading line is the text, give or take a few characters
 * (fuzz ratio ≥ 0.8: a page number or stray mark on the line is forgiven, a heading merged with
 * the body sentence after it is not). A non-heading test passes when the text is on the page and
 * no heading line of 8 characters or more contains it or is part of it (a paragraph's first line
 * promoted to a heading fails it).
 */
export function passesHeading(test: OlmocrTest, markdown: string): boolean {
  const text = normaliseOlmocr(test.text ?? '').trim();
  const headings = markdownHeadings(markdown);
  if (test.heading !== false) return headings.some((h) => h.includes(text) && fuzzRatio(text, h) >= 0.8);
  const onPage = fuzzyContains(text, normaliseOlmocr(markdown), test.max_diffs ?? 0);
  return onPage && !headings.some((h) => h.includes(text) || (h.length >= 8 && text.includes(h)));
}

// ---- olmOCR-bench table tests (olmocr/bench/tests.py: TableTest, parse_markdown_tables, parse_html_tables) ----

/** rapidfuzz fuzz.ratio / 100: 2·LCS / (|a| + |b|) over code points (1 for two empty strings). */
export function fuzzRatio(a: string, b: string): number {
  const x = Array.from(a);
  const y = Array.from(b);
  if (x.length + y.length === 0) return 1;
  let prev = new Int32Array(y.length + 1);
  let curr = new Int32Array(y.length + 1);
  for (let i = 1; i <= x.length; i++) {
    for (let j = 1; j <= y.length; j++) {
      curr[j] = x[i - 1] === y[j - 1] ? prev[j - 1]! + 1 : Math.max(prev[j]!, curr[j - 1]!);
    }
    [prev, curr] = [curr, prev];
  }
  return (2 * prev[y.length]!) / (x.length + y.length);
}

/** A table as tests.py's TableData: a full grid (spans repeated into every slot they cover) and its header rows. */
export interface ScoredTable {
  grid: string[][];
  headerRows: Set<number>;
  /** Column → texts of the header cells covering it (tests.py's col_headers). */
  colHeaders: Map<number, string[]>;
}

/** Pipe tables: a row line, then a |---| rule, then rows; the first row is the header. */
export function markdownTables(content: string): ScoredTable[] {
  const tables: ScoredTable[] = [];
  const lines = content.split('\n');
  const isRow = (l: string) => /^\s*\|.*\|\s*$/.test(l);
  const isRule = (l: string) => /^\s*\|?(\s*:?-{3,}:?\s*\|)+\s*(:?-*:?)?\s*$/.test(l);
  const cellsOf = (l: string) =>
    l
      .trim()
      .replace(/^\||\|$/g, '')
      .split(/(?<!\\)\|/)
      .map((c) => c.trim().replace(/\\\|/g, '|'));
  for (let i = 0; i + 1 < lines.length; i++) {
    if (!isRow(lines[i]!) || !isRule(lines[i + 1]!)) continue;
    const rows = [cellsOf(lines[i]!)];
    let j = i + 2;
    for (; j < lines.length && isRow(lines[j]!) && !isRule(lines[j]!); j++) rows.push(cellsOf(lines[j]!));
    const width = Math.max(...rows.map((r) => r.length));
    const grid = rows.map((r) => Array.from({ length: width }, (_, k) => r[k] ?? ''));
    const colHeaders = new Map(grid[0]!.map((text, k) => [k, [text]] as [number, string[]]));
    tables.push({ grid, headerRows: new Set([0]), colHeaders });
    i = j - 1;
  }
  return tables;
}

const decodeEntities = (s: string) =>
  s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&nbsp;/g, ' ')
    .replace(/&amp;/g, '&');

/** HTML tables: rowspan/colspan fill every slot they cover; rows of <th> or inside <thead> are header rows. */
export function htmlTables(content: string): ScoredTable[] {
  const tables: ScoredTable[] = [];
  for (const [, body] of content.matchAll(/<table\b[^>]*>([\s\S]*?)<\/table>/gi)) {
    const grid: string[][] = [];
    const headerRows = new Set<number>();
    const colHeaders = new Map<number, string[]>();
    let r = 0;
    for (const [, rowBody] of body!.matchAll(/<tr\b[^>]*>([\s\S]*?)<\/tr>/gi)) {
      grid[r] ??= [];
      let c = 0;
      let allTh = true;
      for (const m of rowBody!.matchAll(/<(td|th)\b([^>]*)>([\s\S]*?)<\/\1>/gi)) {
        const isTh = m[1]!.toLowerCase() === 'th';
        if (!isTh) allTh = false;
        const rowSpan = Number(/rowspan\s*=\s*"?(\d+)/i.exec(m[2]!)?.[1] ?? 1);
        const colSpan = Number(/colspan\s*=\s*"?(\d+)/i.exec(m[2]!)?.[1] ?? 1);
        const text = decodeEntities(m[3]!.replace(/<br\s*\/?>/gi, ' ').replace(/<[^>]+>/g, '')).trim();
        while (grid[r]![c] !== undefined) c++;
        for (let dr = 0; dr < rowSpan; dr++) {
          grid[r + dr] ??= [];
          for (let dc = 0; dc < colSpan; dc++) grid[r + dr]![c + dc] = text;
        }
        if (isTh) {
          for (let dc = 0; dc < colSpan; dc++) {
            const list = colHeaders.get(c + dc) ?? [];
            list.push(text);
            colHeaders.set(c + dc, list);
          }
        }
        c += colSpan;
      }
      if (allTh && grid[r]!.length > 0) headerRows.add(r);
      r++;
    }
    const width = Math.max(0, ...grid.map((row) => row.length));
    if (width === 0) continue;
    const full = grid.map((row) => Array.from({ length: width }, (_, k) => row[k] ?? ''));
    tables.push({ grid: full, headerRows, colHeaders });
  }
  return tables;
}

/** TableTest.run: some cell matching `cell` has every given neighbour/heading matching too. */
export function passesTable(test: OlmocrTest, content: string): boolean {
  const norm = (s: string | undefined) => normaliseOlmocr(s ?? '').trim();
  const maxDiffs = test.max_diffs ?? 0;
  const threshold = (s: string) => Math.max(0.5, 1 - maxDiffs / (s.length || 1));
  const matches = (want: string, got: string) => fuzzRatio(want, norm(got)) >= threshold(want);
  const target = norm(test.cell);
  const [up, down, left, right] = [norm(test.up), norm(test.down), norm(test.left), norm(test.right)];
  const [topHeading, leftHeading] = [norm(test.top_heading), norm(test.left_heading)];
  for (const table of [...markdownTables(content), ...htmlTables(content)]) {
    const g = table.grid;
    for (let i = 0; i < g.length; i++) {
      for (let j = 0; j < g[i]!.length; j++) {
        if (!matches(target, g[i]![j]!)) continue;
        if (up && i > 0 && !matches(up, g[i - 1]![j]!)) continue;
        if (down && i < g.length - 1 && !matches(down, g[i + 1]![j]!)) continue;
        if (left && j > 0 && !matches(left, g[i]![j - 1]!)) continue;
        if (right && j < g[i]!.length - 1 && !matches(right, g[i]![j + 1]!)) continue;
        if (topHeading && !headingMatches(topHeading, headingCandidates(table, i, j, 'top'))) continue;
        if (leftHeading && !headingMatches(leftHeading, headingCandidates(table, i, j, 'left'))) continue;
        return true;
      }
    }
  }
  return false;

  function headingMatches(want: string, [headers, headerRows, anyBefore]: string[][]): boolean {
    // tests.py: the column's header cells, then header rows above; any non-empty cell before it
    // only when none of those is even slightly similar (best_match stayed empty).
    const best = Math.max(0, ...[...headers!, ...headerRows!].map((t) => fuzzRatio(want, norm(t))));
    if (best >= threshold(want)) return true;
    if (best > 0) return false;
    return anyBefore!.some((t) => fuzzRatio(want, norm(t)) >= threshold(want));
  }
}

/** Header texts for a cell, in tests.py's order: col_headers, header rows above, any cell above (or to the left). */
function headingCandidates(table: ScoredTable, i: number, j: number, side: 'top' | 'left'): string[][] {
  const g = table.grid;
  if (side === 'top') {
    const above = g
      .slice(0, i)
      .map((row) => row[j]!)
      .filter((t) => t.trim() !== '');
    const headers = [...table.headerRows].sort((a, b) => a - b).filter((r) => r < i);
    return [
      table.colHeaders.get(j) ?? [],
      headers.map((r) => g[r]![j]!).filter((t) => t.trim() !== ''),
      above,
    ];
  }
  // No header columns in either parser here (tests.py's row_headers come from <th> in a body row; rare).
  return [[], [], g[i]!.slice(0, j).filter((t) => t.trim() !== '')];
}
