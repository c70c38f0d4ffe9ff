/**
 * The customer's block: the lines a "Bill to" / "Customer" / "Factuuradres" label introduces.
 * They are not the issuer's (header-party.ts skips them), and they hold the customer's name
 * (first) and address (the lines under it, in the label's column).
 */

import { findDates } from './dates.ts';
import { type DocLine, lineHeight, segmentOf, unionBox } from './doc-lines.ts';
import { describeField, type FieldDescriptor } from './field-descriptor.ts';
import { findEmails, findPhones } from './identifiers.ts';
import { findLabelHits, type LabelHit } from './labels.ts';
import { type Candidate, candidatesFromHit } from './locate.ts';

const customer: FieldDescriptor = describeField(
  {
    kind: 'scalar',
    name: 'customer',
    title: '',
    description: '',
    nullable: true,
    context: [],
    type: 'string',
    format: null,
    enum: null,
    hasConst: false,
    constValue: undefined,
  },
  false,
);

/** Only the concept's own labels ("bill to", "customer"): no generic words. */
export const customerHits = (lines: readonly DocLine[]): LabelHit[] =>
  findLabelHits(lines, { ...customer, weakLabels: [] });

/**
 * The label's line and the four after it, on its page, stopping at a line set above the label
 * (reading order went on to another column: the issuer's name at the top right of a page whose
 * left column holds the "Bill to" block was taken for the customer's).
 */
export function customerBlock(lines: readonly DocLine[]): Set<DocLine> {
  const block = new Set<DocLine>();
  for (const hit of customerHits(lines)) {
    const top = hit.line.bbox?.[1];
    for (let i = hit.line.index; i < Math.min(lines.length, hit.line.index + 5); i++) {
      const line = lines[i]!;
      if (line.page !== hit.line.page) break;
      if (top !== undefined && line.bbox && line.bbox[3] < top) break;
      block.add(line);
    }
  }
  return block;
}

/** Stops an address: a phone, an e-mail, a date, a label. */
const notAddress = (text: string) =>
  findEmails(text).length > 0 ||
  findPhones(text).length > 0 ||
  findDates(text).length > 0 ||
  /^\p{L}[\p{L} .]*:/u.test(text);

/**
 * The customer's address: the lines under the customer's name, in the column the name is in,
 * until a gap, a label or contact details. Sure only to the extent OCR read every line.
 */
export function customerAddress(lines: readonly DocLine[], dayFirst: boolean): Candidate | null {
  let best: Candidate | null = null;
  for (const hit of customerHits(lines)) {
    const name = candidatesFromHit(hit, customer, lines, dayFirst).sort((a, b) => b.score - a.score)[0];
    if (!name) continue;
    const picked: { line: DocLine; text: string; bbox: Candidate['bbox'] }[] = [];
    let previous = name.line;
    const left = name.bbox?.[0] ?? null;
    for (let i = name.line.index + 1; i < lines.length && picked.length < 4; i++) {
      const line = lines[i]!;
      if (line.page !== previous.page) break;
      const height = Math.max(lineHeight(previous), 1);
      if (line.bbox && previous.bbox && line.bbox[1] - previous.bbox[3] > 1.5 * height) break;
      // The words of this line in the name's column: from its left edge to the next gap.
      const first =
        left === null ? 0 : line.words.findIndex((w) => w.bbox && Math.abs(w.bbox[0] - left) < 2 * height);
      if (first < 0) break;
      const [, end] = segmentOf(line, first);
      const words = line.words.slice(first, end);
      const text = words.map((w) => w.text).join(' ');
      if (notAddress(text)) break;
      picked.push({ line, text, bbox: unionBox(words.map((w) => w.bbox)) });
      previous = line;
    }
    if (picked.length === 0) continue;
    const text = picked.map((p) => p.text).join(' ');
    const allRight = picked.reduce((p, l) => p * l.line.confidence, 1);
    const score = hit.strength * 0.7 * (0.4 + 0.6 * allRight);
    if (!best || score > best.score) {
      best = {
        read: { value: text, text, start: 0, end: text.length, quality: 1 },
        line: picked[0]!.line,
        bbox: unionBox(picked.map((p) => p.bbox)),
        score,
        source: picked.map((p) => p.line.text).join('\n'),
      };
    }
  }
  return best;
}
