/**
 * Lines only tesseract read, put in their place among PaddleOCR's: after the line just above
 * them, in its paragraph when they sit within a line's height of it, else as a paragraph of
 * their own right after. Appended at the end instead, a receipt's address line PaddleOCR
 * missed would leave the address in two pieces, pages apart in the text.
 */
import { unionOf } from '../../boxes.ts';
import type { OcrLine, OcrParagraph } from '../ocr-page.ts';

const middle = (l: OcrLine) => (l.bbox[1] + l.bbox[3]) / 2;
const height = (l: OcrLine) => l.size ?? l.bbox[3] - l.bbox[1];

export function placeLines(paragraphs: readonly OcrParagraph[], extra: readonly OcrLine[]): OcrParagraph[] {
  // Per paragraph: its lines, each followed by what goes under it; then new paragraphs after it.
  const under = new Map<OcrLine, OcrLine[]>();
  const after = new Map<number, OcrLine[][]>();
  const before: OcrLine[][] = [];
  for (const line of [...extra].sort((a, b) => middle(a) - middle(b))) {
    const above = lineAbove(paragraphs, line);
    if (!above) {
      addParagraphLine(before, line);
      continue;
    }
    const { paragraph, at } = above;
    const host = paragraphs[paragraph]!.lines[at]!;
    const last = paragraphs[paragraph]!.lines.at(-1)!;
    const near = at < paragraphs[paragraph]!.lines.length - 1 || line.bbox[1] - last.bbox[3] < height(last);
    if (near) under.set(host, [...(under.get(host) ?? []), line]);
    else addParagraphLine(after.get(paragraph) ?? after.set(paragraph, []).get(paragraph)!, line);
  }
  const out = before.map(paragraphOf);
  paragraphs.forEach((p, i) => {
    const lines = p.lines.flatMap((l) => [l, ...(under.get(l) ?? [])]);
    out.push(lines.length === p.lines.length ? p : { ...p, lines, bbox: unionOf(lines.map((l) => l.bbox)) });
    out.push(...(after.get(i) ?? []).map(paragraphOf));
  });
  return out;
}

/** The line whose middle is nearest above this one's: where this one goes in reading order. */
function lineAbove(
  paragraphs: readonly OcrParagraph[],
  line: OcrLine,
): { paragraph: number; at: number } | null {
  let best: { paragraph: number; at: number } | null = null;
  let bestY = Number.NEGATIVE_INFINITY;
  paragraphs.forEach((p, paragraph) => {
    p.lines.forEach((l, at) => {
      const y = middle(l);
      if (y <= middle(line) && y > bestY) [best, bestY] = [{ paragraph, at }, y];
    });
  });
  return best;
}

/** Lines close under one another share a paragraph, as in paddle-page.ts. */
function addParagraphLine(groups: OcrLine[][], line: OcrLine): void {
  const last = groups.at(-1)?.at(-1);
  if (last && line.bbox[1] - last.bbox[3] < 0.8 * height(line)) groups.at(-1)!.push(line);
  else groups.push([line]);
}

function paragraphOf(lines: OcrLine[]): OcrParagraph {
  return { text: lines.map((l) => l.text).join('\n'), bbox: unionOf(lines.map((l) => l.bbox)), lines };
}
