import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { multiPageTiff, textImage } from './images/testing/text-image.ts';
import { closeThreadPools } from './parse-document.ts';
import { renderPageThumbnail } from './render.ts';
import { makeDocx, makePaperPdf, makePdf, pngSize } from './testing/fixtures.ts';

const signal = () => new AbortController().signal;
after(() => closeThreadPools());

describe('renderPageThumbnail', () => {
  it('renders a PDF page as a PNG of the asked width', async () => {
    const bytes = makePaperPdf(3).pdf; // A4 pages of two text columns
    const png = await renderPageThumbnail(
      bytes,
      { kind: 'pdf', mimeType: 'application/pdf' },
      2,
      400,
      signal(),
    );
    const size = pngSize(png);
    assert.equal(size?.width, 400);
    assert.ok(size && size.height > 560 && size.height < 570, `A4 proportions, got ${size?.height}`);
    assert.ok(png.length > 5000, 'has content, not a blank page');
  });

  it('throws NOT_FOUND for a page out of range', async () => {
    const pdf = makePdf([{ lines: [[12, 72, 72, 'one page']] }]);
    await assert.rejects(renderPageThumbnail(pdf, { kind: 'pdf', mimeType: '' }, 2, 200, signal()), {
      code: 'NOT_FOUND',
    });
    const png = await textImage(['INVOICE 0042', 'Total 128.50']);
    await assert.rejects(renderPageThumbnail(png, { kind: 'png', mimeType: '' }, 2, 200, signal()), {
      code: 'NOT_FOUND',
    });
  });

  it('scales images down', async () => {
    const jpeg = await textImage(['RECEIPT', 'TOTAL 9.90'], { format: 'jpeg', width: 900, noise: true });
    const size = pngSize(
      await renderPageThumbnail(jpeg, { kind: 'jpeg', mimeType: 'image/jpeg' }, 1, 300, signal()),
    );
    assert.equal(size?.width, 300);
  });

  it('draws any page of a TIFF, and a BMP', async () => {
    const tiff = await multiPageTiff([await textImage(['one']), await textImage(['two', 'lines'])]);
    const tiffType = { kind: 'tiff', mimeType: 'image/tiff' } as const;
    const second = pngSize(await renderPageThumbnail(tiff, tiffType, 2, 100, signal()));
    assert.equal(second?.width, 100);
    await assert.rejects(renderPageThumbnail(tiff, tiffType, 3, 100, signal()), { code: 'NOT_FOUND' });
    const bmp = await textImage(['a bitmap'], { format: 'bmp' });
    const fromBmp = pngSize(await renderPageThumbnail(bmp, { kind: 'bmp', mimeType: '' }, 1, 120, signal()));
    assert.equal(fromBmp?.width, 120);
  });

  it('draws text documents on a page-shaped canvas', async () => {
    const docx = makeDocx({
      title: 't',
      heading: 'Hello',
      paragraphs: ['World '.repeat(200)],
      table: [['a', 'b']],
    });
    const fromDocx = await renderPageThumbnail(docx, { kind: 'docx', mimeType: '' }, 1, 400, signal());
    assert.deepEqual(pngSize(fromDocx), { width: 400, height: 566 });
    const text = new Uint8Array(Buffer.from('line\n'.repeat(500)));
    const fromText = await renderPageThumbnail(
      text,
      { kind: 'text', mimeType: 'text/plain' },
      1,
      200,
      signal(),
      'given',
    );
    assert.equal(pngSize(fromText)?.width, 200);
  });

  it('honours an aborted signal', async () => {
    const pdf = makePdf([{ lines: [[12, 72, 72, 'x']] }]);
    await assert.rejects(
      renderPageThumbnail(pdf, { kind: 'pdf', mimeType: '' }, 1, 200, AbortSignal.abort()),
      { code: 'CANCELLED' },
    );
  });
});
