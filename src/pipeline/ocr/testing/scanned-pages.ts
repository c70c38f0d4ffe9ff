/**
 * A scanned multi-page document for the OCR tests and benches: every page only a grayscale JPEG of
 * printed text (no text layer), each page's text its own, so a page read twice or out of place
 * shows in the result.
 */
import sharp from 'sharp';
import { makePdf } from '../../testing/fixtures.ts';
import { textPageImage } from './page-image.ts';

export function scannedPageLines(page: number): string[] {
  return [
    `Page ${page} of the scanned report`,
    `Invoice number ${1000 + page} was paid on day ${page}`,
    'The quick brown fox jumps over the lazy dog',
    `Total amount due for item ${page}: ${page * 17} euros`,
  ];
}

export async function scannedPagesPdf(count: number): Promise<Uint8Array> {
  const pages = [];
  for (let page = 1; page <= count; page++) {
    const { data, info } = await sharp(await textPageImage(scannedPageLines(page)))
      .grayscale()
      .jpeg()
      .toBuffer({ resolveWithObject: true });
    pages.push({ lines: [], scan: { jpeg: data, width: info.width, height: info.height } });
  }
  return makePdf(pages);
}
