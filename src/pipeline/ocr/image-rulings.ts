/**
 * Ruling lines of a page image, for lattice tables on OCR pages (pdf/tables/lattice.ts takes them
 * as it takes a text page's drawn rules). As camelot's lattice mode does with morphology: dark
 * pixels, long horizontal and vertical runs of them, runs in touching rows (columns) one line.
 * A line is kept when it is thin (its dark pixels over its length), so filled areas, photos and
 * black scan borders are not rules; short runs (glyph strokes, underlines under a word) are
 * dropped by length. The page's frame — long sides near its edges — is not a table's border.
 *
 * Lengths are fractions of the page, as camelot's (1/15 there), so they mean the same at any dpi
 * and need no text size: a ruled table tesseract skipped (ruled-grids.ts) has no text to measure.
 */
import type { Ruling } from '../pdf/tables/lattice.ts';
import type { GreyImage } from './grey-image.ts';
import type { Rotation } from './ocr-page.ts';

/**
 * Darker than the paper by this much is ink. 30 grey levels: light-grey table rules (#ddd on
 * white, 34 below) still count; JPEG noise and paper grain on scans (±10) do not.
 */
const INK_CONTRAST = 30;
/**
 * A line is at least this part of the image's longer side: 26 pt on a letter page (~2.5 em of
 * body text), longer than glyph strokes and bars of body and heading text; a table rule spans a
 * cell. The longer side, not the shorter: an image of a few lines of text is only a few glyphs
 * high (32 px text on a 339×133 strip: its stems and bars passed a 1/30 of 133 as lines).
 */
const MIN_LENGTH = 1 / 30;
/** A line is at most this thick (dark pixels per pixel of length): 2 pt on a letter page, not a filled bar. */
const MAX_THICKNESS = 1 / 300;
/** And at least this many times as long as it is thick: a rule is a line, a glyph's stem a stub. */
const MIN_ASPECT = 12;

/** A run of dark pixels, or a line of them. */
export interface PixelLine {
  /** Along the line: x for a horizontal one, y for a vertical one. */
  a0: number;
  a1: number;
  /** Across it: the row of a horizontal line, the column of a vertical one (mean for a line). */
  at: number;
}

export interface ImageLines {
  width: number;
  height: number;
  paper: number;
  hs: (PixelLine & { runs: PixelLine[] })[];
  vs: (PixelLine & { runs: PixelLine[] })[];
}

/** The thin long lines of the image as it is (not turned). */
export function imageLines(image: GreyImage): ImageLines {
  const { data, width, height } = image;
  const none = { width, height, paper: 255, hs: [], vs: [] };
  const paper = paperLevel(data);
  if (paper === null || width < 32 || height < 32) return none;
  const dark = paper - INK_CONTRAST;
  const side = Math.min(width, height);
  // At least 40 px whatever the image: a strip of a few lines of 32 px text has 25 px stems.
  const minLength = Math.max(40, Math.round(MIN_LENGTH * Math.max(width, height)));
  // Scans break a printed rule into pieces a pixel or two apart.
  const gap = Math.max(2, Math.round(side / 1000));
  const maxThickness = Math.max(3, MAX_THICKNESS * side);
  const hRuns: PixelLine[] = [];
  const vRuns: PixelLine[] = [];
  const vStart = new Int32Array(width).fill(-1);
  const vLast = new Int32Array(width);
  for (let y = 0; y < height; y++) {
    const row = y * width;
    let start = -1;
    let last = 0;
    for (let x = 0; x < width; x++) {
      if (data[row + x]! < dark) {
        if (start < 0) start = x;
        last = x;
        if (vStart[x]! < 0) vStart[x] = y;
        vLast[x] = y;
      } else {
        if (start >= 0 && x - last > gap) {
          if (last - start + 1 >= minLength) hRuns.push({ a0: start, a1: last, at: y });
          start = -1;
        }
        if (vStart[x]! >= 0 && y - vLast[x]! > gap) {
          if (vLast[x]! - vStart[x]! + 1 >= minLength) vRuns.push({ a0: vStart[x]!, a1: vLast[x]!, at: x });
          vStart[x] = -1;
        }
      }
    }
    if (start >= 0 && last - start + 1 >= minLength) hRuns.push({ a0: start, a1: last, at: y });
  }
  for (let x = 0; x < width; x++) {
    if (vStart[x]! >= 0 && vLast[x]! - vStart[x]! + 1 >= minLength)
      vRuns.push({ a0: vStart[x]!, a1: vLast[x]!, at: x });
  }
  // Scanner shadows and the sheet's edge lie along the image's border.
  const edge = 0.01 * side;
  const hs = joinRuns(hRuns, maxThickness).filter((l) => l.at > edge && l.at < height - edge);
  const vs = joinRuns(vRuns, maxThickness).filter((l) => l.at > edge && l.at < width - edge);
  const [hKept, vKept] = withoutFrame(hs, vs, width, height, 2 * gap);
  return { width, height, paper, hs: hKept, vs: vKept };
}

/** The paper's grey: the commonest level in the lighter half; null for a page with no light paper. */
function paperLevel(data: Uint8Array): number | null {
  const histogram = new Uint32Array(256);
  for (let k = 0; k < data.length; k++) histogram[data[k]!]!++;
  let best = 128;
  for (let v = 129; v < 256; v++) if (histogram[v]! > histogram[best]!) best = v;
  return histogram[best]! > 0 ? best : null;
}

/**
 * Runs in neighbouring rows (columns) that overlap are one line: a rule two pixels thick, or a
 * slightly skewed one stepping from row to row. A line lies where its pixels are on average.
 */
function joinRuns(runs: PixelLine[], maxThickness: number): (PixelLine & { runs: PixelLine[] })[] {
  runs.sort((p, q) => p.at - q.at || p.a0 - q.a0);
  const parent = runs.map((_, k) => k);
  const find = (k: number): number => {
    while (parent[k] !== k) k = parent[k] = parent[parent[k]!]!;
    return k;
  };
  let prevFrom = 0;
  let prevTo = 0;
  for (let k = 0; k < runs.length; ) {
    const at = runs[k]!.at;
    let end = k;
    while (end < runs.length && runs[end]!.at === at) end++;
    if (prevTo > prevFrom && runs[prevFrom]!.at === at - 1) {
      for (let i = k; i < end; i++)
        for (let j = prevFrom; j < prevTo; j++)
          if (runs[j]!.a0 <= runs[i]!.a1 && runs[j]!.a1 >= runs[i]!.a0) parent[find(i)] = find(j);
    }
    [prevFrom, prevTo] = [k, end];
    k = end;
  }
  const groups = new Map<number, PixelLine[]>();
  for (const [k, r] of runs.entries()) groups.set(find(k), [...(groups.get(find(k)) ?? []), r]);
  const out: (PixelLine & { runs: PixelLine[] })[] = [];
  for (const members of groups.values()) {
    const a0 = Math.min(...members.map((r) => r.a0));
    const a1 = Math.max(...members.map((r) => r.a1));
    const area = members.reduce((n, r) => n + r.a1 - r.a0 + 1, 0);
    const thickness = area / (a1 - a0 + 1);
    if (thickness > maxThickness || a1 - a0 + 1 < MIN_ASPECT * thickness) continue;
    const at = members.reduce((n, r) => n + (r.a1 - r.a0 + 1) * r.at, 0) / area;
    out.push({ a0, a1, at, runs: members });
  }
  return out;
}

/**
 * A frame around the page (a form's border, a box drawn round the type area) is not a table: the
 * outermost verticals when both run over 60% of the page's height and stand over 80% of its width
 * apart (the test pdf/tables/rulings.ts applies to drawn boxes), with the horizontals joining
 * their ends.
 */
function withoutFrame<L extends PixelLine>(
  hs: L[],
  vs: L[],
  width: number,
  height: number,
  slack: number,
): [L[], L[]] {
  const tall = vs.filter((v) => v.a1 - v.a0 > 0.6 * height).sort((p, q) => p.at - q.at);
  const left = tall[0];
  const right = tall.at(-1);
  if (!left || !right || right.at - left.at < 0.8 * width) return [hs, vs];
  const top = Math.min(left.a0, right.a0);
  const bottom = Math.max(left.a1, right.a1);
  const side = (h: L) =>
    h.a0 <= left.at + slack &&
    h.a1 >= right.at - slack &&
    (Math.abs(h.at - top) <= slack || Math.abs(h.at - bottom) <= slack);
  return [hs.filter((h) => !side(h)), vs.filter((v) => v !== left && v !== right)];
}

const crossing = (h: PixelLine, v: PixelLine, slack: number) =>
  v.at >= h.a0 - slack && v.at <= h.a1 + slack && h.at >= v.a0 - slack && h.at <= v.a1 + slack;

type Line = PixelLine & { runs: PixelLine[] };

/** A ruled grid: lines that cross, at least two horizontals and two verticals. */
export interface Grid {
  hs: Line[];
  vs: Line[];
  /** [x0, y0, x1, y1] in pixels of the image as it is. */
  box: [number, number, number, number];
  /** Slots between its lines: the cells it has at least. */
  cells: number;
}

/** The grids among the lines: lines joined where they cross, groups with two of each kind. */
export function imageGrids(lines: ImageLines): Grid[] {
  const slack = Math.max(3, Math.round(Math.min(lines.width, lines.height) / 500));
  const all = [...lines.hs, ...lines.vs];
  const parent = all.map((_, k) => k);
  const find = (k: number): number => {
    while (parent[k] !== k) k = parent[k]!;
    return k;
  };
  for (const [i, h] of lines.hs.entries())
    for (const [j, v] of lines.vs.entries())
      if (crossing(h, v, slack)) parent[find(i)] = find(lines.hs.length + j);
  const groups = new Map<number, Grid>();
  for (const [k, line] of all.entries()) {
    const root = find(k);
    const grid = groups.get(root) ?? { hs: [], vs: [], box: [0, 0, 0, 0], cells: 0 };
    groups.set(root, grid);
    (k < lines.hs.length ? grid.hs : grid.vs).push(line);
  }
  return [...groups.values()]
    .filter((g) => g.hs.length >= 2 && g.vs.length >= 2)
    .map((g) => ({
      ...g,
      box: [
        Math.min(...g.vs.map((v) => v.at), ...g.hs.map((h) => h.a0)),
        Math.min(...g.hs.map((h) => h.at), ...g.vs.map((v) => v.a0)),
        Math.max(...g.vs.map((v) => v.at), ...g.hs.map((h) => h.a1)),
        Math.max(...g.hs.map((h) => h.at), ...g.vs.map((v) => v.a1)),
      ],
      cells: (g.hs.length - 1) * (g.vs.length - 1),
    }));
}

/** The image with the grids' lines painted over in the paper's grey (a copy). */
export function withoutGrids(image: GreyImage, grids: readonly Grid[], paper: number): GreyImage {
  const data = Buffer.from(image.data);
  for (const grid of grids) {
    for (const line of grid.hs)
      for (const run of line.runs)
        data.fill(paper, run.at * image.width + run.a0, run.at * image.width + run.a1 + 1);
    for (const line of grid.vs)
      for (const run of line.runs)
        for (let y = run.a0; y <= run.a1; y++) data[y * image.width + run.at] = paper;
  }
  return { data, width: image.width, height: image.height };
}

/**
 * The lines as rulings of the upright page: turned clockwise by `rotation` as the image was for
 * reading, and divided by `scale` into the units of the OCR boxes.
 */
export function uprightRulings(lines: ImageLines, rotation: Rotation, scale: number): Ruling[] {
  const turn = turner(lines, rotation);
  const u = (v: number) => Math.round((v / scale) * 100) / 100;
  const ruling = ([ax, ay]: [number, number], [bx, by]: [number, number]): Ruling => ({
    x0: u(Math.min(ax, bx)),
    x1: u(Math.max(ax, bx)),
    y0: u(Math.min(ay, by)),
    y1: u(Math.max(ay, by)),
  });
  return [
    ...lines.hs.map((l) => ruling(turn(l.a0, l.at), turn(l.a1, l.at))),
    ...lines.vs.map((l) => ruling(turn(l.at, l.a0), turn(l.at, l.a1))),
  ];
}

/** A point of the image as it is → the same point once the image is turned clockwise by `rotation`. */
export function turner(
  { width: w, height: h }: { width: number; height: number },
  rotation: Rotation,
): (x: number, y: number) => [number, number] {
  return (x, y) =>
    rotation === 90 ? [h - y, x] : rotation === 180 ? [w - x, h - y] : rotation === 270 ? [y, w - x] : [x, y];
}
