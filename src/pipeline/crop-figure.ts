import { loadSharp } from './images/sharp-settings.ts';
import { renderPageThumbnail } from './render.ts';
import type { BoundingBox, DetectedType } from './types.ts';

/** Figures are cut from the page rendered at 144 dpi (2 px a point): sharp on screen, small on disk. */
const pixelsPerPoint = 2;
const maxRenderWidth = 4096;

/** The region `bbox` (in the page's units) of page `page`, as a PNG. */
export async function cropFigure(
  bytes: Uint8Array,
  detected: DetectedType,
  page: { page: number; width: number },
  bbox: BoundingBox,
  signal: AbortSignal,
): Promise<Uint8Array> {
  const width = Math.min(maxRenderWidth, Math.round(page.width * pixelsPerPoint));
  const png = await renderPageThumbnail(bytes, detected, page.page, width, signal);
  const image = (await loadSharp())(png);
  const meta = await image.metadata();
  const scale = (meta.width ?? width) / page.width;
  const left = clamp(Math.floor(bbox[0] * scale), 0, (meta.width ?? 1) - 1);
  const top = clamp(Math.floor(bbox[1] * scale), 0, (meta.height ?? 1) - 1);
  const right = clamp(Math.ceil(bbox[2] * scale), left + 1, meta.width ?? left + 1);
  const bottom = clamp(Math.ceil(bbox[3] * scale), top + 1, meta.height ?? top + 1);
  const cropped = await image
    .extract({ left, top, width: right - left, height: bottom - top })
    .png()
    .toBuffer();
  return new Uint8Array(cropped);
}

const clamp = (n: number, low: number, high: number) => Math.min(high, Math.max(low, n));
