/**
 * Figures: image regions (and, when a caller finds them, vector drawings) large enough to be a
 * figure become `figure` blocks with their box and caption — the nearby paragraph that starts
 * like "Figure 3", "Fig. 2:", "Abbildung 1", "Tableau 2"… A figure's PNG is named
 * p{page}-{n}.png (n counts the page's figures from 1 in reading order) and is cropped from the
 * rendered page on first request (services/job-figure.ts).
 */
import type { Block, BoundingBox } from '../types.ts';

/** Smaller than this share of the page (either side) is a logo, a bullet or a rule, not a figure. */
const minSideShare = 0.12;
const minAreaShare = 0.02;
/**
 * Larger than this share of the page, an image is a background, a letterhead or a scan under an
 * invisible text layer: its text is the page's text, not a figure's labels.
 */
const maxAreaShare = 0.6;
/** A figure's own text (tick labels, legends, callouts) stays short; more is text over an image. */
const maxTextInside = 300;
/** How far from the figure (in points) a caption may start: about three lines of body text. */
const captionReach = 36;
/**
 * How far below it a caption may start when nothing stands between: LaTeX floats keep the space
 * their drawing's bounding box leaves under the plot (~50–70 pt seen on arXiv).
 */
const clearCaptionReach = 90;
/** Panels of one figure stand closer than this (points): a two-column page's gutter is ~15–40 pt wide. */
const panelReach = 48;

/** "Figure 3", "Fig. 2:", "Abbildung 1", and appendix or supplement numbers ("Fig. A.2", "Figure S1"). */
export const CAPTION =
  /^(fig(ure)?\.?|abb(ildung)?\.?|abbildung|illustration|chart|plate|graphique|schéma)\s*([A-Z]\.\s?|[A-Z](?=\d))?[0-9IVXivx]+[a-z]?\b/iu;

export const figureName = (page: number, n: number) => `p${page}-${n}.png`;

/** The figure regions worth a block: big enough, with boxes that overlap merged into one. */
export function figureRegions(regions: readonly BoundingBox[], width: number, height: number): BoundingBox[] {
  // An image may bleed off the page: its figure is what the page shows.
  const onPage = regions.map(
    ([x0, y0, x1, y1]): BoundingBox => [
      Math.max(0, x0),
      Math.max(0, y0),
      Math.min(width, x1),
      Math.min(height, y1),
    ],
  );
  const big = onPage.filter(([x0, y0, x1, y1]) => {
    const w = x1 - x0;
    const h = y1 - y0;
    const area = w * h;
    const page = width * height;
    const sizable = w >= minSideShare * width || h >= minSideShare * height;
    return sizable && area >= minAreaShare * page && area <= maxAreaShare * page;
  });
  const merged: BoundingBox[] = [];
  for (const box of [...big].sort((a, b) => a[1] - b[1] || a[0] - b[0])) {
    const into = merged.findIndex((other) => overlaps(other, box, 4));
    if (into < 0) merged.push([...box]);
    else merged[into] = union(merged[into]!, box);
  }
  return merged;
}

/**
 * The page's blocks with a figure block for each region, placed in reading order before the first
 * block of its column that starts below its top edge (its own labels follow it); a caption paragraph next to it is taken in as the figure's text (and leaves the
 * flow).
 */
export function withFigures(
  blocks: readonly Block[],
  regions: readonly BoundingBox[],
  page: number,
): Block[] {
  const within = (region: BoundingBox) => blocks.filter((block) => block.bbox && inside(block.bbox, region));
  const figureLike = regions.filter(
    (region) => within(region).reduce((sum, block) => sum + block.text.length, 0) <= maxTextInside,
  );
  if (figureLike.length === 0) return [...blocks];
  // Text drawn inside a figure (labels, legends, a picture's words) stays in the flow: it is often
  // what a reader searches for, and the figure's PNG is there for its look.
  let out = [...blocks];
  const figures: Block[] = [];
  for (const region of figureLike) {
    const captionIndex = out.findIndex((block) => isCaptionOf(block, region, out));
    const caption = captionIndex >= 0 ? out[captionIndex]! : null;
    if (caption) out = out.filter((_, k) => k !== captionIndex);
    figures.push({ type: 'figure', text: caption?.text ?? '', bbox: region, caption: caption?.text ?? null });
  }
  const captionBoxes = new Map(figures.flatMap((f) => captionBox(f, blocks)));
  for (const [n, figure] of withPanels(figures, captionBoxes, out).entries()) {
    figure.name = figureName(page, n + 1);
    // Before the first block below its top in its own column (a figure in the right column of a
    // two-column page comes after the whole left column), else before the first block below its top.
    const [x0, top, x1] = figure.bbox!;
    const below = (block: Block) => block.bbox !== null && block.bbox[1] >= top - 1;
    const column = out.findIndex((block) => below(block) && block.bbox![0] < x1 && block.bbox![2] > x0);
    const at = column >= 0 ? column : out.findIndex(below);
    out.splice(at < 0 ? out.length : at, 0, figure);
  }
  return out;
}

/**
 * Caption-less figures that are panels of a captioned one merge into it: its caption reaches over
 * them (a full-width caption under two column-wide halves, a column's caption under stacked
 * plots), they stand within panelReach of it, and no text of the flow stands between (labels
 * that reach into a panel are the panels' own).
 */
function withPanels(
  figures: readonly Block[],
  captions: ReadonlyMap<Block, BoundingBox>,
  flow: readonly Block[],
): Block[] {
  const out = [...figures];
  const fixed = (b: Block) => b.bbox!;
  for (let merged = true; merged; ) {
    merged = false;
    for (const panel of out.filter((f) => f.caption === null)) {
      const [p0, , p2] = fixed(panel);
      const into = out.find((figure) => {
        const caption = captions.get(figure);
        if (!caption || caption[0] >= p2 || caption[2] <= p0) return false;
        const a = fixed(figure);
        const b = fixed(panel);
        const gap = Math.max(a[0] - b[2], b[0] - a[2], a[1] - b[3], b[1] - a[3]);
        if (gap > panelReach) return false;
        const both = union(a, b);
        return !flow.some(
          (block) =>
            block.bbox !== null &&
            inside(block.bbox, both) &&
            !out.some((f) => overlaps(block.bbox!, fixed(f), 0)),
        );
      });
      if (!into) continue;
      into.bbox = union(fixed(into), fixed(panel));
      out.splice(out.indexOf(panel), 1);
      merged = true;
      break;
    }
  }
  return out;
}

/** A captioned figure and its caption paragraph's box. */
function captionBox(figure: Block, blocks: readonly Block[]): [Block, BoundingBox][] {
  const caption = blocks.find((b) => b.text === figure.caption && b.bbox);
  return caption?.bbox ? [[figure, caption.bbox]] : [];
}

function isCaptionOf(block: Block, region: BoundingBox, blocks: readonly Block[]): boolean {
  if (block.type !== 'paragraph' || !block.bbox || !CAPTION.test(block.text.trim())) return false;
  const [x0, y0, x1, y1] = block.bbox;
  const beside = x0 < region[2] && x1 > region[0];
  const gap = y0 - region[3];
  const clear = () =>
    !blocks.some(
      (other) =>
        other !== block &&
        other.bbox !== null &&
        other.bbox[0] < region[2] &&
        other.bbox[2] > region[0] &&
        other.bbox[1] >= region[3] - 2 &&
        other.bbox[1] < y0,
    );
  const below = y0 >= region[3] - 2 && (gap <= captionReach || (gap <= clearCaptionReach && clear()));
  const above = y1 <= region[1] + 2 && region[1] - y1 <= captionReach;
  return beside && (below || above);
}

const overlaps = (a: BoundingBox, b: BoundingBox, slack: number) =>
  a[0] - slack < b[2] && b[0] - slack < a[2] && a[1] - slack < b[3] && b[1] - slack < a[3];

const union = (a: BoundingBox, b: BoundingBox): BoundingBox => [
  Math.min(a[0], b[0]),
  Math.min(a[1], b[1]),
  Math.max(a[2], b[2]),
  Math.max(a[3], b[3]),
];

const inside = (box: BoundingBox, region: BoundingBox) =>
  box[0] >= region[0] - 1 && box[1] >= region[1] - 1 && box[2] <= region[2] + 1 && box[3] <= region[3] + 1;

/** The figure as markdown: an image link to its PNG, the caption as its alt text. */
export function figureMarkdown(block: Block): string {
  const alt = (block.caption ?? '').replace(/\s*\n\s*/g, ' ').replace(/[[\]]/g, '');
  return `![${alt}](figures/${block.name ?? 'figure.png'})`;
}
