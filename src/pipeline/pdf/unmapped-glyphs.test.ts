import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { makePdf, pdfFile } from '../testing/fixtures.ts';
import { extractPdf } from './extract.ts';

/**
 * A page with one readable line and lines in a font whose codes map to no Unicode: glyph names
 * pdfjs does not know and no ToUnicode table, so codes 1–9 come out as control characters.
 */
function pdfWithUnmappedFont(unmappedLines: number, readable = 'A readable heading line'): Uint8Array {
  const codes = '\\001\\002\\003 \\004\\005\\006\\007 \\010\\011';
  const lines = Array.from(
    { length: unmappedLines },
    (_, k) => `BT /F2 10 Tf 72 ${640 - 14 * k} Td (${codes}) Tj ET`,
  );
  const ops = [`BT /F1 12 Tf 72 700 Td (${readable}) Tj ET`, ...lines].join('\n');
  const differences = Array.from({ length: 9 }, (_, k) => `/zz${k + 1}`).join(' ');
  return new Uint8Array(
    pdfFile([
      '<< /Type /Catalog /Pages 2 0 R >>',
      '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
      '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 5 0 R /F2 6 0 R >> >> /Contents 4 0 R >>',
      `<< /Length ${ops.length} >>\nstream\n${ops}\nendstream`,
      '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>',
      `<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding << /Type /Encoding /Differences [1 ${differences}] >> >>`,
    ]),
  );
}

describe('glyphs without a Unicode mapping', () => {
  it('are left out of the text, and lower the page quality score by their share', async () => {
    const { pages } = await extractPdf(pdfWithUnmappedFont(3), () => {});
    const page = pages[0]!;
    assert.equal(page.text, 'A readable heading line');
    assert.ok(![...page.markdown].some((c) => c.charCodeAt(0) < 32 && !/\s/.test(c)));
    assert.ok(
      page.qualityScore !== undefined && page.qualityScore !== null && page.qualityScore < 0.8,
      `${page.qualityScore}`,
    );
  });

  it('make a page of nothing else a page without a text layer (OCR decides)', async () => {
    const { pages } = await extractPdf(pdfWithUnmappedFont(3, ''), () => {});
    assert.equal(pages[0]!.textLayer, false);
    assert.equal(pages[0]!.text, '');
  });
});

describe('doubled single quotes', () => {
  it('become the double quotes they stand for (TeX quotes in a font without the ligature)', async () => {
    const { pages } = await extractPdf(
      makePdf([{ lines: [[11, 72, 100, 'The term \u2018\u2018corporate\u2019\u2019 is vague.']] }]),
      () => {},
    );
    assert.equal(pages[0]!.text, 'The term \u201Ccorporate\u201D is vague.');
  });
});
