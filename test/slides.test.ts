/**
 * Slide decks (PPTX made with pptxgenjs, ODP written as XML) → pages and blocks: one page per
 * slide in presentation order, title heading, nested bullets, table, picture alt text, notes.
 */
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { detectFileType } from '../src/pipeline/detect.ts';
import { parseSlides } from '../src/pipeline/formats/slides/parse-slides.ts';
import { closeThreadPools, parseDocument } from '../src/pipeline/parse-document.ts';
import { renderPageThumbnail } from '../src/pipeline/render.ts';
import type { Block } from '../src/pipeline/types.ts';
import { makeDeck } from './slides-deck.ts';
import { makeOdp, withPart } from './slides-zip.ts';

const summary = (blocks: Block[]) => blocks.map((b) => [b.type, b.level ?? null, b.text]);

const deck = await makeDeck([
  {
    title: 'Quarterly results',
    bullets: [
      ['Revenue up', 0],
      ['EMEA strong', 1],
      ['APAC flat', 1],
      ['Costs down', 0],
    ],
    aside: 'Side box',
    table: [
      ['Region', 'Sales'],
      ['EMEA', '12'],
    ],
    notes: 'Thank the team',
    pictureAlt: 'A bar chart of sales',
  },
  { title: 'Next steps', bullets: [['Hire', 0]] },
]);

after(() => closeThreadPools());

describe('PPTX', () => {
  it('is detected from its bytes', async () => {
    const detected = await detectFileType(deck.subarray(0, 4100), 'deck.bin', null);
    assert.equal(detected.kind, 'pptx');
  });

  it('reads a slide as a page: title, nested bullets, the text box beside them, table, picture, notes', () => {
    const doc = parseSlides(deck, 'pptx');
    assert.equal(doc.metadata.pages, 2);
    assert.equal(doc.metadata.title, 'Test deck');
    const [first, second] = doc.pages;
    assert.deepEqual(summary(first!.blocks), [
      ['heading', 1, 'Quarterly results'],
      ['list', 0, 'Revenue up'],
      ['list', 1, 'EMEA strong'],
      ['list', 1, 'APAC flat'],
      ['list', 0, 'Costs down'],
      ['paragraph', null, 'Side box'],
      ['table', null, 'Region\tSales\nEMEA\t12'],
      ['figure', null, 'A bar chart of sales'],
      ['notes', null, 'Thank the team'],
    ]);
    const table = first!.blocks.find((b) => b.type === 'table')!;
    assert.deepEqual(table.rows, [
      ['Region', 'Sales'],
      ['EMEA', '12'],
    ]);
    assert.equal(table.cells?.length, 4);
    assert.equal(first!.width, 720); // pptxgenjs's 16:9 default is 10 in wide
    assert.match(first!.markdown, /^# Quarterly results\n\n- Revenue up\n {2}- EMEA strong\n/);
    assert.match(first!.markdown, /> \*\*Notes:\*\* Thank the team$/);
    assert.deepEqual(summary(second!.blocks), [
      ['heading', 1, 'Next steps'],
      ['list', 0, 'Hire'],
    ]);
  });

  it('takes the topmost large single-line text box as the title of a slide without a title placeholder', async () => {
    const drawn = await makeDeck(
      [{ title: 'Drawn title', aside: 'Small box', bullets: [['Point', 0]] }],
      'Drawn',
      { placeholders: false },
    );
    const blocks = parseSlides(drawn, 'pptx').pages[0]!.blocks;
    assert.deepEqual(summary(blocks), [
      ['heading', 1, 'Drawn title'],
      ['list', 0, 'Point'],
      ['paragraph', null, 'Small box'],
    ]);
  });

  it('orders slides by presentation.xml, not by file name', () => {
    // Swap the two sldId entries: slide2.xml now comes first.
    const swapped = withPart(deck, 'ppt/presentation.xml', (xml) =>
      xml.replace(/(<p:sldId [^>]*\/>)(<p:sldId [^>]*\/>)/, '$2$1'),
    );
    const doc = parseSlides(swapped, 'pptx');
    assert.deepEqual(
      doc.pages.map((p) => p.blocks[0]?.text),
      ['Next steps', 'Quarterly results'],
    );
  });

  it('parses on the worker thread and draws a thumbnail of a slide', async () => {
    const detected = { kind: 'pptx' as const, mimeType: 'x' };
    const doc = await parseDocument(deck, detected, { signal: new AbortController().signal });
    assert.equal(doc.pages.length, 2);
    const png = await renderPageThumbnail(deck, detected, 1, 320);
    assert.deepEqual([...png.subarray(1, 4)], [...Buffer.from('PNG')]);
    await assert.rejects(renderPageThumbnail(deck, detected, 3, 320), { code: 'NOT_FOUND' });
  });
});

describe('ODP', () => {
  const odp = makeOdp(`
    <draw:page draw:name="one">
      <draw:frame presentation:class="outline" svg:x="2cm" svg:y="4cm" svg:width="12cm" svg:height="8cm">
        <draw:text-box><text:list><text:list-item><text:p>Revenue up</text:p>
          <text:list><text:list-item><text:p>EMEA<text:s/>strong</text:p></text:list-item></text:list>
        </text:list-item></text:list></draw:text-box>
      </draw:frame>
      <draw:frame presentation:class="title" svg:x="2cm" svg:y="1cm" svg:width="20cm" svg:height="2cm">
        <draw:text-box><text:p>Quarterly results</text:p></draw:text-box>
      </draw:frame>
      <draw:frame svg:x="2cm" svg:y="13cm" svg:width="10cm" svg:height="2cm"><table:table>
        <table:table-row><table:table-cell table:number-columns-spanned="2"><text:p>Both</text:p></table:table-cell><table:covered-table-cell/></table:table-row>
        <table:table-row><table:table-cell><text:p>a</text:p></table:table-cell><table:table-cell><text:p>b</text:p></table:table-cell></table:table-row>
      </table:table></draw:frame>
      <draw:frame svg:x="15cm" svg:y="13cm" svg:width="2cm" svg:height="2cm"><draw:image/><svg:desc>Logo</svg:desc></draw:frame>
      <presentation:notes><draw:frame presentation:class="notes"><draw:text-box><text:p>Say hello</text:p></draw:text-box></draw:frame></presentation:notes>
    </draw:page>
    <draw:page draw:name="two"><draw:frame presentation:class="title" svg:x="1cm" svg:y="1cm" svg:width="5cm" svg:height="1cm"><draw:text-box><text:p>Two</text:p></draw:text-box></draw:frame></draw:page>`);

  it('is detected from its mimetype entry', async () => {
    assert.equal((await detectFileType(odp.subarray(0, 4100), null, null)).kind, 'odp');
  });

  it('reads draw:page elements as pages with the same blocks as PPTX', () => {
    const doc = parseSlides(odp, 'odp');
    assert.equal(doc.pages.length, 2);
    assert.deepEqual(summary(doc.pages[0]!.blocks), [
      ['heading', 1, 'Quarterly results'],
      ['list', 0, 'Revenue up'],
      ['list', 1, 'EMEA strong'],
      ['table', null, 'Both\t\na\tb'],
      ['figure', null, 'Logo'],
      ['notes', null, 'Say hello'],
    ]);
    const table = doc.pages[0]!.blocks.find((b) => b.type === 'table')!;
    assert.equal(table.cells?.[0]?.colSpan, 2);
    assert.deepEqual(summary(doc.pages[1]!.blocks), [['heading', 1, 'Two']]);
  });
});
