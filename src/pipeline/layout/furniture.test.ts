import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { lineOf } from '../testing/ocr-lines.ts';
import type { BoundingBox, OcrLine } from '../types.ts';
import { type FurniturePage, findFurniture } from './furniture.ts';

// Letter pages in points: running heads near y 40, folios near y 750, body from y 90 to 700.
const W = 612;
const H = 792;
const block = (text: string, bbox: BoundingBox) => ({ text, bbox });
const head = (text: string, x0 = 72) => block(text, [x0, 36, x0 + 6 * text.length, 48]);
const foot = (text: string, x0 = 300) => block(text, [x0, 745, x0 + 6 * text.length, 757]);
/** A paragraph of five 12-pt lines. */
const body = (text: string, y = 100) =>
  block(`${text}\n${'more text\n'.repeat(4).trim()}`, [72, y, 540, y + 60]);
const page = (...blocks: FurniturePage['blocks'][number][]): FurniturePage => ({
  width: W,
  height: H,
  blocks,
});

describe('findFurniture', () => {
  it('finds a running head whose chapter title changes, and page numbers in several styles', () => {
    const titles = ['Introduction', 'Introduction', 'Introduction', 'Methods', 'Methods', 'Results'];
    const folios = ['1', '- 2 -', 'Page 3 of 6', '4', '5', '6'];
    const pages = titles.map((title, k) =>
      page(
        head(`Annual Report 2024 | ${title}`),
        body(`Body text of page ${k + 1} that differs on every page.`),
        foot(folios[k]!),
      ),
    );
    const kinds = findFurniture(pages);
    for (const [k, marks] of kinds.entries())
      assert.deepEqual(marks, ['header', null, 'pageNumber'], `page ${k + 1}`);
  });

  it('finds alternating heads (book title on even pages, chapter title on odd) by their slot', () => {
    const chapters = ['The Beginning', 'The Beginning', 'A Short Chapter', 'Another Part', 'Another Part'];
    const pages = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9].map((k) =>
      k % 2 === 0
        ? page(head('A Book About Things', 72), body(`Even page ${k}`))
        : page(head(chapters[(k - 1) / 2]!, 400), body(`Odd page ${k}`)),
    );
    const kinds = findFurniture(pages);
    for (const [k, marks] of kinds.entries()) assert.equal(marks[0], 'header', `page ${k + 1}`);
    assert.ok(kinds.every((marks) => marks[1] === null));
  });

  it('keeps a footnote that sits where other pages have their page number', () => {
    const pages = [1, 2, 3, 4].map((k) => page(body(`Page ${k}`), foot(String(k))));
    pages[3] = page(body('Page 4'), foot('1 A footnote of the last page.', 72));
    assert.deepEqual(
      findFurniture(pages).map((marks) => marks[1]),
      ['pageNumber', 'pageNumber', 'pageNumber', null],
    );
  });

  it('finds a footer that repeats with a changing date and number', () => {
    const pages = [1, 2, 3, 4].map((k) =>
      page(body(`Page ${k} body`), foot(`Downloaded 2019-0${k}-1${k} from example.org, item ${k}`, 72)),
    );
    assert.deepEqual(
      findFurniture(pages).map((marks) => marks[1]),
      ['footer', 'footer', 'footer', 'footer'],
    );
  });

  it('finds a repeated watermark set large in the middle of the page', () => {
    const pages = [1, 2, 3, 4].map((k) =>
      page(
        body(`Ordinary paragraph ${k} one`, 100),
        body(`Ordinary paragraph ${k} two`, 200),
        block('CONFIDENTIAL', [150, 350, 460, 420]),
      ),
    );
    for (const marks of findFurniture(pages)) assert.deepEqual(marks, [null, null, 'watermark']);
  });

  it('finds a repeated rotated watermark (the text layer gives rotated text a point, not a box)', () => {
    const pages = [1, 2, 3].map((k) =>
      page(block('DRAFT - do not cite', [200, 500, 201, 501]), body(`Page ${k}`)),
    );
    for (const marks of findFurniture(pages)) assert.deepEqual(marks, ['watermark', null]);
  });

  it('keeps figure labels and numbers under the running head, and tick labels off the page sequence', () => {
    // Figures at the top of most pages, 12 pt under the running head: labels repeat, but below the zone.
    const pages = [1, 2, 3, 4, 5, 6].map((k) =>
      page(
        head('Smith et al.: A paper'),
        block('ALL POPULATIONS', [100, 60, 200, 70]),
        block(String(10 * k + 3), [100, 72, 112, 80]),
        body(`Page ${k}`, 200),
        foot(String(k)),
      ),
    );
    for (const [k, marks] of findFurniture(pages).entries())
      assert.deepEqual(marks, ['header', null, null, null, 'pageNumber'], `page ${k + 1}`);
  });

  it('keeps a section heading that opens every page like a running head', () => {
    const pages = [1, 2, 3, 4].map((k) =>
      page({ ...head(`${k} Section ${k}`), type: 'heading' }, body(`Page ${k}`), foot(String(k))),
    );
    for (const marks of findFurniture(pages)) assert.deepEqual(marks, [null, null, 'pageNumber']);
  });

  it('takes a running head typed heading when it is set out in parts across the page', () => {
    const pages = [1, 2, 3, 4].map((k) => {
      const line = lineOf(36, [
        [72, `${399 + k}`],
        [250, 'BRITISH HUSBANDRY.'],
        [490, '[Ch. XIX.'],
      ]);
      return {
        ...page({ text: line.text, bbox: line.bbox, type: 'heading' }, body(`Page ${k}`)),
        lines: [line],
      };
    });
    for (const marks of findFurniture(pages)) assert.deepEqual(marks, ['header', null]);
    const unboxed = pages.map((p) => ({ ...p, lines: undefined }));
    for (const marks of findFurniture(unboxed)) assert.deepEqual(marks, [null, null]);
  });

  it('keeps a body line that repeats when it is not in a band', () => {
    const pages = [1, 2, 3, 4].map((k) =>
      page(block('See the appendix for details.', [72, 300, 260, 312]), body(`Page ${k} text`, 400)),
    );
    for (const marks of findFurniture(pages)) assert.deepEqual(marks, [null, null]);
  });

  it('keeps band text that differs on every page with nothing repeated to confirm a slot', () => {
    // Slides: a title at the same place on every page is content, not a running head.
    const titles = ['Why we are here', 'Market size', 'The product', 'Team and plan'];
    const pages = titles.map((title) => page(head(title), body(`About ${title}`)));
    for (const marks of findFurniture(pages)) assert.deepEqual(marks, [null, null]);
  });

  it('on a one-page document takes a page number, and band text standing apart that reads like furniture', () => {
    assert.deepEqual(findFurniture([page(head('Journal of Things'), body('Text'), foot('7'))])[0], [
      'header',
      null,
      'pageNumber',
    ]);
    // At the foot, a short line may end the content; a sentence there is a footnote.
    assert.deepEqual(findFurniture([page(body('Text'), foot('Total: 7 items'))])[0], [null, null]);
    assert.deepEqual(
      findFurniture([page(body('Text'), foot('1 We thank the reviewers for their comments.'))])[0],
      [null, null],
    );
    assert.deepEqual(
      findFurniture([page(body('Text'), foot('© 2024 Example Corp. All rights reserved.', 72))])[0],
      [null, 'footer'],
    );
    assert.deepEqual(findFurniture([page(body('Text'), foot('Annual report 2023 | 4', 72))])[0], [
      null,
      'footer',
    ]);
    // A heading-sized line at the top, or one that runs into the text below it, is content.
    assert.deepEqual(
      findFurniture([page({ ...head('Journal of Things'), type: 'heading' }, body('Text'))])[0],
      [null, null],
    );
    assert.deepEqual(findFurniture([page(head('Journal of Things'), body('Text', 52))])[0], [null, null]);
  });

  describe('a line set out in parts on a one-page document', () => {
    // A book's running head: folio, title and chapter on tab stops, set tight above the text and
    // typed heading (capitals); a manual cover's footer 11 % up the page under its last paragraph.
    const bookHead = lineOf(80, [
      [72, '400'],
      [250, 'BRITISH HUSBANDRY.'],
      [490, '[Ch. XIX.'],
    ]);
    const coverFoot = lineOf(705, [
      [72, 'Revision: 2.4'],
      [276, 'P/N 119-036'],
      [470, '10 June 2019'],
    ]);
    const text = (top: number) =>
      lineOf(top, [[72, 'any was very trifling. Since the use of bones has, however']]);
    const blockOf = (line: OcrLine, type?: string) => ({ text: line.text, bbox: line.bbox, type });
    const withLines = (lines: OcrLine[], blocks: FurniturePage['blocks']): FurniturePage => ({
      width: W,
      height: H,
      blocks,
      lines,
    });

    it('takes a running head with no gap under it, and a heading-sized footer in the 12 % band', () => {
      const lines = [bookHead, text(90), text(100)];
      const page = withLines(lines, [
        blockOf(bookHead, 'heading'),
        { text: `${lines[1]!.text}\n${lines[2]!.text}`, bbox: [72, 90, 540, 110] },
      ]);
      assert.deepEqual(findFurniture([page])[0], ['header', null]);
      // Without the words' boxes the same text is one run: a heading, kept.
      assert.deepEqual(findFurniture([{ ...page, lines: undefined }])[0], [null, null]);

      const foot = withLines(
        [text(685), text(694), coverFoot],
        [{ text: 'Last paragraph\nof the cover', bbox: [72, 685, 540, 704] }, blockOf(coverFoot, 'heading')],
      );
      assert.deepEqual(findFurniture([foot])[0], [null, 'footer']);
    });

    it('keeps one that reads only like a label, and the first or last row of a table', () => {
      const label = lineOf(80, [
        [72, 'Name'],
        [300, 'Department'],
        [500, 'Office'],
      ]);
      const page = withLines([label, text(90)], [blockOf(label), blockOf(text(90))]);
      assert.deepEqual(findFurniture([page])[0], [null, null]);
      const row = (top: number, n: number) =>
        lineOf(top, [
          [72, `Item ${n}`],
          [300, `${n * 7}`],
          [505, `${n + 40}`],
        ]);
      const rows = [row(690, 1), row(700, 2)];
      const table = withLines(
        rows,
        rows.map((line) => blockOf(line)),
      );
      assert.deepEqual(findFurniture([table])[0], [null, null]);
    });
  });

  it('on a two-page document does not use repetition', () => {
    const pages = [1, 2].map((k) =>
      page(head('Same heading text ends here.'), body(`Page ${k}`), foot(String(k))),
    );
    for (const marks of findFurniture(pages)) assert.deepEqual(marks, [null, null, 'pageNumber']);
  });

  it('takes sideways text in the side margin as a stamp, not sideways text among the content', () => {
    const stamp = block('Downloaded from example.org on 11 November 2019', [18, 500, 19, 501]);
    const axis = block('Yield (%)', [300, 400, 301, 401]);
    // (The same sideways label at the same place on most pages would be a watermark: one page here.)
    assert.deepEqual(findFurniture([page(stamp, body('Text'), axis)])[0], ['watermark', null, null]);
  });

  it('ignores blocks without boxes and pages without a size', () => {
    const pages: FurniturePage[] = [1, 2, 3].map(() => ({
      width: null,
      height: null,
      blocks: [{ text: '3', bbox: null }],
    }));
    assert.deepEqual(findFurniture(pages), [[null], [null], [null]]);
  });
});
