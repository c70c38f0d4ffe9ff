/**
 * Thumbnails of image files, in colour, upright, on white; any page of a TIFF. sharp works in
 * libuv's threads, so the event loop only waits for the result.
 */
import { DocjobsError } from '../../core/errors.ts';
import type { ImageKind } from '../types.ts';
import { defaultMaxPixels, openPage, pageCount, swapRedBlue } from './image-pages.ts';

export async function imageThumbnail(
  bytes: Uint8Array,
  kind: ImageKind,
  pageNumber: number,
  maxWidth: number,
): Promise<Uint8Array> {
  const pages = await pageCount(bytes, kind);
  if (!Number.isInteger(pageNumber) || pageNumber < 1 || pageNumber > pages) {
    throw new DocjobsError('NOT_FOUND', `page ${pageNumber} does not exist (the image has ${pages})`);
  }
  const { image, source } = await openPage(bytes, kind, pageNumber - 1, defaultMaxPixels);
  if (source.bgr) image.recomb(swapRedBlue);
  const png = await image
    .flatten({ background: '#ffffff' })
    .resize({ width: maxWidth, withoutEnlargement: true })
    .png()
    .toBuffer();
  return new Uint8Array(png.buffer, png.byteOffset, png.byteLength);
}
