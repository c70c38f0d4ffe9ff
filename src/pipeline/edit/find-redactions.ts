/**
 * Which words of a parsed page a redaction takes out: text rules (strings, regular expressions)
 * matched on each line's words joined by spaces, so "John Smith" matches across two words and
 * "4411" inside "4411-2233" takes the whole word; evidence boxes take the words they cover.
 */
import type { RedactOperation } from '../../core/edit-operations.ts';
import type { BoundingBox, ParsedPage } from '../types.ts';

export interface RedactionRule {
  rule: 'string' | 'regex' | 'evidence';
  value: string;
  /** Text rules: a global expression; evidence: null. */
  pattern: RegExp | null;
}

export interface RuleCount {
  rule: RedactionRule['rule'];
  value: string;
  matches: number;
  words: number;
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

export function textRules(operation: RedactOperation): RedactionRule[] {
  const flags = operation.caseSensitive ? 'gu' : 'giu';
  return [
    ...operation.strings.map((value) => ({
      rule: 'string' as const,
      value,
      pattern: new RegExp(escapeRegExp(value), flags),
    })),
    ...operation.regexes.map((value) => ({
      rule: 'regex' as const,
      value,
      pattern: new RegExp(value, flags),
    })),
  ];
}

/** Every match of a global expression in `text` as [start, end), empty matches skipped. */
export function matchSpans(pattern: RegExp, text: string): [number, number][] {
  const spans: [number, number][] = [];
  pattern.lastIndex = 0;
  for (let match = pattern.exec(text); match !== null; match = pattern.exec(text)) {
    if (match[0].length === 0) {
      pattern.lastIndex += 1;
      continue;
    }
    spans.push([match.index, match.index + match[0].length]);
  }
  return spans;
}

/** A line's words joined by single spaces, with where each word starts. */
function lineText(words: readonly { text: string }[]): { text: string; starts: number[] } {
  const starts: number[] = [];
  let text = '';
  for (const word of words) {
    if (text !== '') text += ' ';
    starts.push(text.length);
    text += word.text;
  }
  return { text, starts };
}

/** Adds the rule's matches on `page` to `removed` (`line:word` keys); returns matches and words newly taken. */
export function redactText(
  page: ParsedPage,
  rule: RedactionRule,
  removed: Set<string>,
): { matches: number; words: number } {
  let matches = 0;
  let words = 0;
  for (const [l, line] of (page.lines ?? []).entries()) {
    const { text, starts } = lineText(line.words);
    for (const [from, to] of matchSpans(rule.pattern!, text)) {
      matches += 1;
      line.words.forEach((word, w) => {
        const start = starts[w]!;
        if (start < to && start + word.text.length > from && !removed.has(`${l}:${w}`)) {
          removed.add(`${l}:${w}`);
          words += 1;
        }
      });
    }
  }
  return { matches, words };
}

/** The words whose centre lies in `box` (an extraction's evidence box). */
export function redactBox(page: ParsedPage, box: BoundingBox, removed: Set<string>): number {
  let words = 0;
  for (const [l, line] of (page.lines ?? []).entries()) {
    line.words.forEach((word, w) => {
      const [x0, y0, x1, y1] = word.bbox;
      const cx = (x0 + x1) / 2;
      const cy = (y0 + y1) / 2;
      if (cx >= box[0] && cx <= box[2] && cy >= box[1] && cy <= box[3] && !removed.has(`${l}:${w}`)) {
        removed.add(`${l}:${w}`);
        words += 1;
      }
    });
  }
  return words;
}

/** The boxes to paint for the removed words, a point wider each way (anti-aliased glyph edges). */
export function removedBoxes(page: ParsedPage, removed: ReadonlySet<string>): BoundingBox[] {
  const boxes: BoundingBox[] = [];
  for (const [l, line] of (page.lines ?? []).entries()) {
    line.words.forEach((word, w) => {
      if (!removed.has(`${l}:${w}`)) return;
      const [x0, y0, x1, y1] = word.bbox;
      boxes.push([x0 - 1, y0 - 1, x1 + 1, y1 + 1]);
    });
  }
  return boxes;
}
