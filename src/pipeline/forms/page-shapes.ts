/**
 * The lines and rectangles a PDF page draws, read from its content stream with pdf-lib, for agent
 * fill: a blank to write on is a horizontal rule or an empty box. The parse reads these too, in its
 * pdfjs worker (pdf/tables/rulings.ts), but keeps only what tables need and runs off the main
 * thread; a form page's paths are few, and tokenising them here costs ~1 ms a page.
 *
 * What is followed: q/Q, cm, re, m/l/h and the painting operators. Form XObjects (Do) are not
 * entered: a form drawn inside one offers its underscores and labels only (blank-finder.ts).
 */
import { decodePDFRawStream, PDFArray, type PDFPage, PDFRawStream, type PDFStream } from 'pdf-lib';
import type { BoundingBox } from '../types.ts';

export interface DrawnShape {
  kind: 'rule' | 'box';
  /** In PDF points, origin top-left (as the parsed page's boxes are). */
  box: BoundingBox;
}

type Matrix = [number, number, number, number, number, number];

/** Thinner than this (points), a rectangle is a rule. */
const thin = 2.5;
/** Shorter rules are glyph parts and tick marks, not lines to write on. */
const minRule = 18;
/** A page drawing more shapes than this is a chart or a map, not a form. */
const maxShapes = 4000;

const strokes = new Set(['S', 's', 'B', 'B*', 'b', 'b*']);
const fills = new Set(['f', 'F', 'f*']);

/** The page's rules and boxes; [] for a page turned by /Rotate (agent fill leaves those alone). */
export function pageShapes(page: PDFPage): DrawnShape[] {
  if (page.getRotation().angle % 360 !== 0) return [];
  const media = page.getMediaBox();
  const toPage = (x: number, y: number): [number, number] => [x - media.x, media.y + media.height - y];
  const shapes: DrawnShape[] = [];
  let ctm: Matrix = [1, 0, 0, 1, 0, 0];
  const saved: Matrix[] = [];
  // Each subpath as its points; a `re` is a closed subpath of four corners.
  let subpaths: { points: [number, number][]; closed: boolean }[] = [];
  let numbers: number[] = [];
  const at = (x: number, y: number) => toPage(...apply(ctm, x, y));
  const paint = (stroked: boolean) => {
    for (const { points, closed } of subpaths) {
      const box = closed || closesItself(points) ? rectangleOf(points) : null;
      if (box) {
        const width = box[2] - box[0];
        const height = box[3] - box[1];
        if (height <= thin && width >= minRule) shapes.push({ kind: 'rule', box });
        else if (height > thin && width > thin) shapes.push({ kind: 'box', box });
        continue;
      }
      if (!stroked) continue;
      for (let k = 1; k < points.length; k++) {
        const [x0, y0] = points[k - 1]!;
        const [x1, y1] = points[k]!;
        if (Math.abs(y1 - y0) < 0.5 && Math.abs(x1 - x0) >= minRule)
          shapes.push({ kind: 'rule', box: [Math.min(x0, x1), y0, Math.max(x0, x1), y0] });
      }
    }
  };
  for (const token of contentTokens(page)) {
    if (shapes.length > maxShapes) return [];
    if (typeof token === 'number') {
      numbers.push(token);
      continue;
    }
    const n = numbers;
    numbers = [];
    switch (token) {
      case 'q':
        saved.push(ctm);
        break;
      case 'Q':
        ctm = saved.pop() ?? ctm;
        break;
      case 'cm':
        if (n.length >= 6) ctm = multiply(n.slice(-6) as Matrix, ctm);
        break;
      case 're': {
        const [x, y, w, h] = n.slice(-4) as [number, number, number, number];
        if (n.length >= 4)
          subpaths.push({ points: [at(x, y), at(x + w, y), at(x + w, y + h), at(x, y + h)], closed: true });
        break;
      }
      case 'm':
        if (n.length >= 2) subpaths.push({ points: [at(n[n.length - 2]!, n[n.length - 1]!)], closed: false });
        break;
      case 'l':
        if (n.length >= 2) subpaths.at(-1)?.points.push(at(n[n.length - 2]!, n[n.length - 1]!));
        break;
      case 'h': {
        const last = subpaths.at(-1);
        if (last) last.closed = true;
        break;
      }
      default:
        if (strokes.has(token) || fills.has(token) || token === 'n') {
          if (token !== 'n') paint(strokes.has(token));
          subpaths = [];
        }
    }
  }
  return shapes;
}

const apply = (m: Matrix, x: number, y: number): [number, number] => [
  m[0] * x + m[2] * y + m[4],
  m[1] * x + m[3] * y + m[5],
];

/** a × b: `cm`'s matrix applied before the current one. */
const multiply = (a: Matrix, b: Matrix): Matrix => [
  a[0] * b[0] + a[1] * b[2],
  a[0] * b[1] + a[1] * b[3],
  a[2] * b[0] + a[3] * b[2],
  a[2] * b[1] + a[3] * b[3],
  a[4] * b[0] + a[5] * b[2] + b[4],
  a[4] * b[1] + a[5] * b[3] + b[5],
];

const closesItself = (points: [number, number][]) =>
  points.length >= 4 &&
  Math.abs(points[0]![0] - points.at(-1)![0]) < 0.5 &&
  Math.abs(points[0]![1] - points.at(-1)![1]) < 0.5;

/** The box of a closed subpath whose sides are all horizontal or vertical; null for any other shape. */
function rectangleOf(points: [number, number][]): BoundingBox | null {
  if (points.length < 4 || points.length > 5) return null;
  for (let k = 0; k < points.length; k++) {
    const [x0, y0] = points[k]!;
    const [x1, y1] = points[(k + 1) % points.length]!;
    if (Math.abs(x1 - x0) > 0.5 && Math.abs(y1 - y0) > 0.5) return null;
  }
  return boundsOf(points);
}

function boundsOf(points: [number, number][]): BoundingBox {
  const xs = points.map((point) => point[0]);
  const ys = points.map((point) => point[1]);
  return [Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)];
}

/** The page's content streams, decoded and joined (a page may split its content in several). */
function contentText(page: PDFPage): string {
  const contents = page.node.Contents();
  const streams: PDFStream[] = [];
  if (contents instanceof PDFArray) {
    for (let i = 0; i < contents.size(); i++) {
      const stream = contents.lookup(i);
      if (stream instanceof PDFRawStream) streams.push(stream);
    }
  } else if (contents instanceof PDFRawStream) streams.push(contents);
  return streams
    .map((stream) => {
      try {
        return Buffer.from(decodePDFRawStream(stream as PDFRawStream).decode()).toString('latin1');
      } catch {
        return ''; // a filter pdf-lib cannot decode: no shapes from this stream
      }
    })
    .join('\n');
}

const delimiters = /[\s()<>[\]{}/%]/;

/** Numbers and operators, in order; strings, names, arrays, dictionaries and inline images skipped. */
export function* contentTokens(page: PDFPage): Generator<number | string> {
  const text = contentText(page);
  let i = 0;
  while (i < text.length) {
    const char = text[i]!;
    if (/\s/.test(char)) i++;
    else if (char === '%') while (i < text.length && text[i] !== '\n' && text[i] !== '\r') i++;
    else if (char === '(') {
      let depth = 0;
      for (; i < text.length; i++) {
        if (text[i] === '\\') i++;
        else if (text[i] === '(') depth++;
        else if (text[i] === ')' && --depth === 0) break;
      }
      i++;
    } else if (char === '<' && text[i + 1] !== '<') i = text.indexOf('>', i) + 1 || text.length;
    else if ('<>[]{}'.includes(char)) i++;
    else {
      let end = i + 1;
      while (end < text.length && !delimiters.test(text[end]!)) end++;
      const word = text.slice(i, end);
      i = end;
      if (char === '/') continue;
      const number = Number(word);
      if (word !== '' && Number.isFinite(number) && /^[+-]?[\d.]/.test(word)) yield number;
      else if (word === 'BI') {
        // An inline image: its data runs from ID to EI and may hold any byte.
        const data = text.indexOf('ID', i);
        const end = data < 0 ? -1 : text.slice(data + 2).search(/\sEI(\s|$)/);
        i = end < 0 ? text.length : data + 2 + end + 3;
      } else yield word;
    }
  }
}
