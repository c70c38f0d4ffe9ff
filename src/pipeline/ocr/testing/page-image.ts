/**
 * Images of known text for the OCR tests: Helvetica lines in a generated PDF (WinAnsi, so
 * ä ö ü ß work), rendered by our pdfjs path. No system fonts needed.
 */
import { renderPdfPage } from '../../pdf/render-page.ts';
import { makePdf } from '../../testing/fixtures.ts';

/** A US-letter page, 14 pt text from the top left; `width` pixels wide (1275 ≈ 150 dpi). */
export async function textPageImage(lines: readonly string[], width = 1275): Promise<Uint8Array> {
  const pdf = makePdf([
    { lines: lines.map((text, k): [number, number, number, string] => [14, 72, 96 + k * 22, text]) },
  ]);
  return renderPdfPage(pdf, 1, width);
}
