/**
 * What OCR read in a picture on a text-layer page, less what the text layer already holds: the
 * rendered crop also shows the layer's own text drawn over or beside the picture, and a picture
 * often repeats words printed on the page (a heading shown again as a banner). What is left
 * becomes paragraph blocks marked `source: 'ocr'`.
 */

import { unionOf } from '../boxes.ts';
import type { Block, BoundingBox, OcrWord, ParsedPage } from '../types.ts';
import { ocrConfidence } from './quality.ts';
import type { OcrPage } from './recognize.ts';

/**
 * Tesseract reads shapes in photos and gradients as short words at low confidence; on the SROIE
 * receipts a word under 0.6 was right about half the time (quality.ts). A picture's text is
 * optional extra, so only words likelier right than wrong are kept, and a line only when its
 * words together score 0.7 (a clean word scores 0.9+).
 */
const minWordConfidence = 0.6;
const minLineConfidence = 0.7;
/**
 * Fewer letters and digits than this in a line is a shape read as a character ("2)", "J", "ge"
 * in the photo of a poster), not a picture's text.
 */
const minLineChars = 3;
/** A line whose characters are mostly words of the text layer is the layer's text again. */
const maxHeldShare = 0.6;

const letterOrDigit = /[\p{L}\p{N}]/u;
const alphanumerics = (text: string) => text.match(/[\p{L}\p{N}]/gu)?.length ?? 0;

/** `read` (boxes in page points) → the blocks of its new text, top to bottom as OCR ordered them. */
export function pictureBlocks(page: ParsedPage, read: OcrPage): Block[] {
  const layerBoxes = layerTextBoxes(page);
  const held = new Set(page.text.split(/\s+/).map(normalise).filter(Boolean));
  for (const line of page.lines ?? []) for (const word of line.words) held.add(normalise(word.text));
  const blocks: Block[] = [];
  for (const paragraph of read.paragraphs) {
    const lines: OcrWord[][] = [];
    for (const line of paragraph.lines) {
      const words = line.words.filter(
        (w) =>
          w.confidence >= minWordConfidence &&
          letterOrDigit.test(w.text) &&
          !layerBoxes.some((box) => centreIn(w.bbox, box)),
      );
      if (words.length === 0 || ocrConfidence(words) < minLineConfidence) continue;
      const chars = (ws: OcrWord[]) => ws.reduce((sum, w) => sum + alphanumerics(w.text), 0);
      if (chars(words) < minLineChars) continue;
      const layers = words.filter((w) => isHeld(normalise(w.text), held));
      if (chars(layers) > maxHeldShare * chars(words)) continue;
      lines.push(words);
    }
    if (lines.length === 0) continue;
    const words = lines.flat();
    blocks.push({
      type: 'paragraph',
      text: lines.map((ws) => ws.map((w) => w.text).join(' ')).join('\n'),
      bbox: unionOf(words.map((w) => w.bbox)),
      source: 'ocr',
      confidence: ocrConfidence(words),
    });
  }
  return blocks;
}

/** Where the text layer draws text: its lines, and table cells (whose text is not in `lines`). */
function layerTextBoxes(page: ParsedPage): BoundingBox[] {
  return [...(page.lines ?? []).map((line) => line.bbox), ...tableCellBoxes(page)];
}

/** The boxes of the page's table cells that hold text. */
export function tableCellBoxes(page: ParsedPage): BoundingBox[] {
  return page.blocks.flatMap((block) =>
    (block.cells ?? []).flatMap((cell) => (cell.bbox && cell.text.trim() ? [cell.bbox] : [])),
  );
}

/**
 * The layer holds the word, or one OCR would misread it as: a word cut at its edges (a picture's
 * "chart" squeezed out of shape read as "art") or one letter off ("VISI0N"). Pictures hold a
 * few dozen words and a page a few thousand, so looking through them all is cheap.
 */
function isHeld(word: string, held: ReadonlySet<string>): boolean {
  if (word === '' || held.has(word)) return true;
  for (const other of held) {
    if (Math.abs(other.length - word.length) > 2) continue;
    if (word.length >= 3 && other.includes(word)) return true;
    if (word.length >= 4 && Math.abs(other.length - word.length) <= 1 && oneEditApart(word, other))
      return true;
  }
  return false;
}

/** At most one letter inserted, dropped or changed. */
function oneEditApart(a: string, b: string): boolean {
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  const rest = (x: string, y: string) => a.slice(i + x.length) === b.slice(i + y.length);
  return rest('x', 'x') || rest('x', '') || rest('', 'x');
}

/** Slack of 2 pt: OCR boxes hug the ink, text-layer lines span the font's ascent and descent. */
function centreIn(box: BoundingBox, area: BoundingBox): boolean {
  const x = (box[0] + box[2]) / 2;
  const y = (box[1] + box[3]) / 2;
  return x >= area[0] - 2 && x <= area[2] + 2 && y >= area[1] - 2 && y <= area[3] + 2;
}

/** Case, compatibility forms and edge punctuation do not make a word new ("Vision," is "VISION"). */
export function normalise(word: string): string {
  return word
    .normalize('NFKC')
    .toLowerCase()
    .replace(/^[\p{P}\p{S}]+|[\p{P}\p{S}]+$/gu, '');
}
