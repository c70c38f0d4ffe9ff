/**
 * Scanned tables for the OCR table tests: a letter page with a paragraph, a 4×3 table (ruled as
 * a grid, or borderless with aligned columns) and a paragraph, typeset in a generated PDF,
 * rendered by our pdfjs path and put back into a PDF as a grey JPEG with no text layer.
 */
import sharp from 'sharp';
import { renderPdfPage } from '../../pdf/render-page.ts';
import { makePdf, type PdfPageSpec } from '../../testing/fixtures.ts';

export const tableRows = [
  ['Country', 'Capital', 'Population'],
  ['France', 'Paris', '68.0 million'],
  ['Germany', 'Berlin', '84.4 million'],
  ['Italy', 'Rome', '58.9 million'],
];

/** Where the table is drawn, in points from the top left. */
export const tableFrame = { left: 72, top: 120, rowHeight: 26, colWidth: 130 };

export function tablePage(ruled: boolean): PdfPageSpec {
  const { left, top, rowHeight, colWidth } = tableFrame;
  const page: PdfPageSpec = {
    lines: [[12, 72, 90, 'A paragraph above the table explains what the figures show.']],
  };
  tableRows.forEach((row, r) => {
    for (const [c, text] of row.entries())
      page.lines.push([12, left + 8 + colWidth * c, top + rowHeight * r + 17, text]);
  });
  const bottom = top + rowHeight * tableRows.length;
  page.lines.push([12, 72, bottom + 30, 'A paragraph below the table closes the page.']);
  if (ruled) {
    const right = left + colWidth * tableRows[0]!.length;
    page.rules = [
      ...tableRows.map((_, r): [number, number, number, number] => [
        left,
        top + rowHeight * r,
        right,
        top + rowHeight * r,
      ]),
      [left, bottom, right, bottom],
      ...[0, 1, 2, 3].map((c): [number, number, number, number] => [
        left + colWidth * c,
        top,
        left + colWidth * c,
        bottom,
      ]),
    ];
  }
  return page;
}

/** The page as a PNG `width` pixels wide (2550 = 300 dpi on letter). */
export const pageImage = (page: PdfPageSpec, width = 2550) => renderPdfPage(makePdf([page]), 1, width);

/** A PDF that is only a scan of the page: a grey JPEG over the whole sheet. */
export async function scannedPdf(page: PdfPageSpec, width = 2550): Promise<Uint8Array> {
  const { data, info } = await sharp(await pageImage(page, width))
    .grayscale()
    .jpeg({ quality: 85 })
    .toBuffer({ resolveWithObject: true });
  return makePdf([{ lines: [], scan: { jpeg: data, width: info.width, height: info.height } }]);
}
