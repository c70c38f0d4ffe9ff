/**
 * A slide's thumbnail drawn from its parse: each block with a box as an outlined rectangle at its
 * place on the slide, its text wrapped inside, pictures as grey boxes with their alt text. No
 * fills, fonts, theme colours or images: telling slides apart at a glance is what it is for,
 * and an honest sketch needs no office suite.
 */
import type * as Canvas from '@napi-rs/canvas';
import type { Block, ParsedPage } from '../../types.ts';

export async function drawSlide(
  slide: ParsedPage,
  width: number,
  createCanvas: typeof Canvas.createCanvas,
  fontFamily: string,
): Promise<Uint8Array> {
  const slideWidth = slide.width ?? 720;
  const slideHeight = slide.height ?? 540;
  const scale = width / slideWidth;
  const height = Math.max(1, Math.round(slideHeight * scale));
  const canvas = createCanvas(width, height);
  const ctx = canvas.getContext('2d');
  ctx.fillStyle = '#ffffff';
  ctx.fillRect(0, 0, width, height);
  ctx.textBaseline = 'top';
  // One box per shape: a shape's paragraphs share it, so draw its text once, block after block.
  const boxes = new Map<string, Block[]>();
  for (const block of slide.blocks) {
    if (!block.bbox) continue;
    const key = block.bbox.join(',');
    boxes.set(key, [...(boxes.get(key) ?? []), block]);
  }
  for (const blocks of boxes.values()) {
    const [x0, y0, x1, y1] = blocks[0]!.bbox!.map((v) => v * scale) as [number, number, number, number];
    const picture = blocks[0]!.type === 'figure';
    ctx.strokeStyle = picture ? '#999999' : '#cccccc';
    ctx.lineWidth = 1;
    if (picture) {
      ctx.fillStyle = '#eeeeee';
      ctx.fillRect(x0, y0, x1 - x0, y1 - y0);
    }
    ctx.strokeRect(x0, y0, x1 - x0, y1 - y0);
    let y = y0 + 2;
    for (const block of blocks) {
      // Points → pixels: 18 pt body text, 32 pt titles, as a default theme sets them.
      const size = Math.max(4, (block.type === 'heading' ? 32 : 18) * scale);
      ctx.font = `${size}px ${fontFamily}`;
      ctx.fillStyle = picture ? '#666666' : '#222222';
      const indent = block.type === 'list' ? (block.level ?? 0) * size + size : 0;
      const prefix = block.type === 'list' ? '• ' : '';
      for (const line of wrapLines(
        prefix + block.text,
        x1 - x0 - 4 - indent,
        (s) => ctx.measureText(s).width,
      )) {
        if (y + size > y1 + size) break; // text past its box's bottom by more than a line: stop
        ctx.fillText(line, x0 + 2 + indent, y);
        y += size * 1.2;
      }
    }
  }
  return new Uint8Array(await canvas.encode('png'));
}

/** Greedy word wrap, at most 40 lines (a box on a slide holds far fewer). */
function wrapLines(text: string, maxWidth: number, measure: (s: string) => number): string[] {
  const out: string[] = [];
  for (const paragraph of text.split('\n')) {
    let line = '';
    for (const word of paragraph.split(/\s+/).filter(Boolean)) {
      const next = line ? `${line} ${word}` : word;
      if (line && measure(next) > maxWidth) {
        out.push(line);
        line = word;
      } else line = next;
      if (out.length >= 40) return out;
    }
    out.push(line);
  }
  return out;
}
