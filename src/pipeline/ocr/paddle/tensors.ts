/**
 * Grey pixels → the models' input tensors (3 equal channels, NCHW float32).
 *
 * Detection sees the page scaled down by libvips (a 35-megapixel scan detected at full size took
 * 105 s and 10 GB); recognition sees each line cut from the full-resolution image, so small print
 * keeps its detail, sampled by averaging a few bilinear samples under each output pixel, which
 * does not alias when a line is shrunk.
 */
import sharp from 'sharp';
import type { GreyImage } from '../grey-image.ts';
import type { Quad } from './min-area-rect.ts';

/**
 * The recogniser's line height, and the narrowest line it is given. PaddleOCR pads every line to
 * at least 320 columns; most receipt lines are narrower, and the recogniser's cost grows with the
 * columns it reads: with 96, the 50 SROIE receipts read at the same CER (0.130) and word-F1
 * (0.863 against 0.858) in 1.15 CPU-s a page instead of 1.5.
 */
export const lineHeight = 48;
export const minLineWidth = 96;

export interface DetectionInput {
  data: Float32Array;
  /** Tensor size (multiples of 32, as the network's strides need). */
  width: number;
  height: number;
  /** Image pixels per tensor pixel, along x and y. */
  scaleX: number;
  scaleY: number;
}

// ImageNet normalisation, as the detector was trained (PaddleOCR's NormalizeImage).
const mean = [0.485, 0.456, 0.406];
const std = [0.229, 0.224, 0.225];

/**
 * The page for the detector: long side at most `maxSide`, never enlarged, sides rounded to 32.
 * Shrunk by libvips (sharp), which averages the pixels under each output pixel; grey levels go
 * through a table of the three channels' normalised values.
 */
export async function detectionInput(image: GreyImage, maxSide: number): Promise<DetectionInput> {
  const ratio = Math.min(1, maxSide / Math.max(image.width, image.height));
  const width = Math.max(32, Math.round((image.width * ratio) / 32) * 32);
  const height = Math.max(32, Math.round((image.height * ratio) / 32) * 32);
  const raw = { width: image.width, height: image.height, channels: 1 as const };
  const grey = await sharp(image.data, { raw })
    .resize(width, height, { fit: 'fill' })
    .greyscale()
    .raw({ depth: 'uchar' })
    .toBuffer();
  if (grey.length !== width * height)
    throw new Error(`expected ${width}×${height} grey pixels, got ${grey.length} bytes`);
  const plane = width * height;
  const data = new Float32Array(3 * plane);
  for (let c = 0; c < 3; c++) {
    const table = Float32Array.from({ length: 256 }, (_, v) => (v / 255 - mean[c]!) / std[c]!);
    const channel = data.subarray(c * plane, (c + 1) * plane);
    for (let i = 0; i < plane; i++) channel[i] = table[grey[i]!]!;
  }
  return { data, width, height, scaleX: image.width / width, scaleY: image.height / height };
}

/**
 * One line for the recogniser: the quad (top edge along the text) straightened to `lineHeight`
 * rows and as many columns as keep its proportions. Vertical text (a quad 1.5 times higher than
 * wide) is turned a quarter, as PaddleOCR does.
 */
export function lineCrop(
  image: GreyImage,
  quad: Quad,
): { pixels: Uint8Array; width: number; upright: boolean } {
  const [tl, tr, br, bl] = quad;
  const along = Math.hypot(tr[0] - tl[0], tr[1] - tl[1]);
  const across = Math.hypot(bl[0] - tl[0], bl[1] - tl[1]);
  const upright = across >= 1.5 * along;
  const q: Quad = upright ? [tr, br, bl, tl] : quad;
  const [w, h] = upright ? [across, along] : [along, across];
  const width = Math.max(1, Math.round((lineHeight * w) / Math.max(1, h)));
  return { pixels: sampleQuad(image, q, width, lineHeight), width, upright };
}

/** Crops of one batch → its tensor, each left-aligned and padded to the widest with mid grey. */
export function recognitionBatch(crops: readonly { pixels: Uint8Array; width: number }[]): {
  data: Float32Array;
  width: number;
} {
  const width = Math.max(minLineWidth, ...crops.map((c) => c.width));
  const plane = lineHeight * width;
  const data = new Float32Array(crops.length * 3 * plane); // 0 = mid grey after (v - 0.5) / 0.5
  crops.forEach((crop, n) => {
    for (let y = 0; y < lineHeight; y++) {
      for (let x = 0; x < crop.width; x++) {
        const v = crop.pixels[y * crop.width + x]! / 127.5 - 1;
        const at = y * width + x;
        for (let c = 0; c < 3; c++) data[(n * 3 + c) * plane + at] = v;
      }
    }
  });
  return { data, width };
}

/**
 * The quad mapped onto an `outW × outH` grid, each output pixel the mean of a few samples
 * spread over its footprint (more when the source is larger than the output). Bilinear samples,
 * outside the image counting as white paper. Written out in one loop: it runs for every pixel of
 * every line (~6 % of a receipt's reading with a helper call per sample, ~2 % like this).
 */
function sampleQuad(image: GreyImage, quad: Quad, outW: number, outH: number): Uint8Array {
  const [tl, tr, , bl] = quad;
  const ux = (tr[0] - tl[0]) / outW;
  const uy = (tr[1] - tl[1]) / outW;
  const vx = (bl[0] - tl[0]) / outH;
  const vy = (bl[1] - tl[1]) / outH;
  const su = Math.min(4, Math.max(1, Math.ceil(Math.hypot(ux, uy))));
  const sv = Math.min(4, Math.max(1, Math.ceil(Math.hypot(vx, vy))));
  const out = new Uint8Array(outW * outH);
  const { data, width, height } = image;
  const pixel = (px: number, py: number) =>
    px < 0 || py < 0 || px >= width || py >= height ? 255 : data[py * width + px]!;
  for (let oy = 0; oy < outH; oy++) {
    for (let ox = 0; ox < outW; ox++) {
      let sum = 0;
      for (let j = 0; j < sv; j++) {
        const fv = oy + (j + 0.5) / sv;
        for (let i = 0; i < su; i++) {
          const fu = ox + (i + 0.5) / su;
          const x = tl[0] + fu * ux + fv * vx - 0.5;
          const y = tl[1] + fu * uy + fv * vy - 0.5;
          const x0 = Math.floor(x);
          const y0 = Math.floor(y);
          const fx = x - x0;
          const fy = y - y0;
          let a: number;
          let b: number;
          let c: number;
          let d: number;
          if (x0 >= 0 && y0 >= 0 && x0 + 1 < width && y0 + 1 < height) {
            const at = y0 * width + x0;
            a = data[at]!;
            b = data[at + 1]!;
            c = data[at + width]!;
            d = data[at + width + 1]!;
          } else {
            a = pixel(x0, y0);
            b = pixel(x0 + 1, y0);
            c = pixel(x0, y0 + 1);
            d = pixel(x0 + 1, y0 + 1);
          }
          sum += (a * (1 - fx) + b * fx) * (1 - fy) + (c * (1 - fx) + d * fx) * fy;
        }
      }
      out[oy * outW + ox] = Math.round(sum / (su * sv));
    }
  }
  return out;
}
