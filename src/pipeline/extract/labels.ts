/**
 * Where a field's label is printed: every line whose words contain one of its label phrases,
 * with how sure the match is. Words of five letters or more also match at one edit
 * (label-lexicon.ts).
 */
import type { DocLine } from './doc-lines.ts';
import { segmentOf } from './doc-lines.ts';
import type { FieldDescriptor } from './field-descriptor.ts';
import { nearLabelWords } from './label-lexicon.ts';

export interface LabelHit {
  line: DocLine;
  /** Words [from, to) hold the label; the value starts after them (or in `rest`). */
  from: number;
  to: number;
  /** What is left of the label's last word after the label ("Date:03/03/18" → "03/03/18"). */
  rest: string;
  /** 0..1: 1 for the concept's own label, less for a generic word or a fuzzy match. */
  strength: number;
}

interface Token {
  text: string;
  word: number;
  /** Index of the token within its word. */
  part: number;
}

const tokenCache = new WeakMap<DocLine, Token[]>();

function lineTokens(line: DocLine): Token[] {
  let tokens = tokenCache.get(line);
  if (!tokens) {
    tokens = line.words.flatMap((w, word) => w.tokens.map((text, part) => ({ text, word, part })));
    tokenCache.set(line, tokens);
  }
  return tokens;
}

/** 1 for the same word, 0.9 for one edit on a long word, 0 otherwise. */
function wordMatch(printed: string, label: string): number {
  if (printed === label) return 1;
  return label.length >= 5 && nearLabelWords(printed).includes(label) ? 0.9 : 0;
}

function matchAt(tokens: readonly Token[], at: number, phrase: readonly string[]): number {
  let score = 1;
  for (let k = 0; k < phrase.length; k++) {
    const token = tokens[at + k];
    if (!token) return 0;
    score *= wordMatch(token.text, phrase[k]!);
    if (score === 0) return 0;
  }
  return score;
}

function containsPhrase(
  tokens: readonly Token[],
  from: number,
  to: number,
  phrase: readonly string[],
): boolean {
  for (let i = from; i + phrase.length <= to; i++) if (matchAt(tokens, i, phrase) === 1) return true;
  return false;
}

/** Whether phrase `inner` is a run of `outer`'s words. */
function containsWords(outer: readonly string[], inner: readonly string[]): boolean {
  return ` ${outer.join(' ')} `.includes(` ${inner.join(' ')} `);
}

/** The part of a word after its first `parts` tokens ("Date:03/03" after 1 → "03/03"). */
function restOfWord(word: string, parts: number): string {
  const runs = [...word.matchAll(/[\p{L}\p{N}\p{M}%_]+|#/gu)];
  const next = runs[parts];
  return next ? word.slice(next.index) : '';
}

export function findLabelHits(lines: readonly DocLine[], field: FieldDescriptor): LabelHit[] {
  const phrases = [
    ...field.labels.map((p) => ({ p, strength: 1 })),
    ...field.weakLabels.map((p) => ({ p, strength: 0.7 })),
  ];
  // Phrases by their first word, so each printed word is checked against the few it could start.
  const byFirst = new Map<string, typeof phrases>();
  for (const entry of phrases) {
    const list = byFirst.get(entry.p[0]!) ?? [];
    list.push(entry);
    byFirst.set(entry.p[0]!, list);
  }
  const hits: LabelHit[] = [];
  for (const line of lines) {
    const tokens = lineTokens(line);
    let best: LabelHit | null = null;
    for (let at = 0; at < tokens.length; at++) {
      const text = tokens[at]!.text;
      const starting = [text, ...nearLabelWords(text)].flatMap((w) => byFirst.get(w) ?? []);
      for (const { p, strength } of starting) {
        const match = matchAt(tokens, at, p);
        if (match === 0) continue;
        const last = tokens[at + p.length - 1]!;
        const from = tokens[at]!.word;
        const wholeWord = last.part === line.words[last.word]!.tokens.length - 1;
        const hit: LabelHit = {
          line,
          from,
          to: last.word + 1,
          rest: wholeWord ? '' : restOfWord(line.words[last.word]!.text, last.part + 1),
          strength: strength * match,
        };
        // A label opens its segment ("Total: 12.00", "Grand total 12.00"); a match deep in a
        // sentence is prose, and a one-word label after other words ("removed debris from
        // case") needs its colon to count.
        const before = wordsBefore(line, from);
        const colon = /:$/.test(line.words[last.word]!.text);
        const prose = p.length === 1 && before > 0 && !colon;
        // "Removed debris from case": a name or an address is never read out of a sentence.
        if (prose && (field.kind === 'name' || field.kind === 'address')) continue;
        if (before > 2 || prose) hit.strength *= 0.5;
        const zone = labelZone(line, tokens, at, at + p.length);
        // An exclude inside a longer label of the field's own does not apply: "TOTAL (GST INCL)"
        // is the total although "total gst" (the tax's total) is in it.
        const excluded = field.excludes.some(
          (x) =>
            containsPhrase(tokens, zone[0], zone[1], x) &&
            !field.labels.some(
              (l) =>
                l.length > x.length && containsWords(l, x) && containsPhrase(tokens, zone[0], zone[1], l),
            ),
        );
        if (excluded) continue;
        if (
          strength < 1 &&
          field.boosters.some((b) => containsPhrase(tokens, zone[0], zone[1], b.split(' ')))
        ) {
          hit.strength *= 0.95 / 0.7;
        } else if (strength < 1 && zone[0] === at && zone[1] === at + p.length) {
          // A generic label standing alone ("TOTAL: 38.00", "Date: 3/3/18") means the main one.
          hit.strength *= 0.85 / 0.7;
        }
        if (
          !best ||
          hit.strength > best.strength ||
          (hit.strength === best.strength && hit.to - hit.from > best.to - best.from)
        )
          best = hit;
      }
    }
    if (best) hits.push(best);
  }
  return hits;
}

/** Words between a label and the start of its segment or the last separator ("BANK X – Account holder: Y"). */
function wordsBefore(line: DocLine, word: number): number {
  const [segStart] = segmentOf(line, word);
  let n = 0;
  for (let k = word - 1; k >= segStart; k--) {
    const text = line.words[k]!.text;
    if (/^[-–—|•·]$/.test(text) || /[,;:.]$/.test(text)) break;
    n++;
  }
  return n;
}

/**
 * The tokens that make up a label around a match: from its segment's start to the first token
 * with a digit after it ("Total Sales (Excluding GST) 439.00" → total sales excluding gst).
 */
function labelZone(line: DocLine, tokens: readonly Token[], start: number, end: number): [number, number] {
  const [segStart, segEnd] = segmentOf(line, tokens[start]!.word);
  let from = start;
  while (from > 0 && tokens[from - 1]!.word >= segStart && !/\d/.test(tokens[from - 1]!.text)) from--;
  let to = end;
  while (to < tokens.length && tokens[to]!.word < segEnd && !/\d/.test(tokens[to]!.text)) to++;
  return [from, to];
}
