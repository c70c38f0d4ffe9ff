/** ODT, EPUB and RTF: detection from the bytes and what each parser makes of a document written in code. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { detectFileType } from '../src/pipeline/detect.ts';
import { parseEpub } from '../src/pipeline/formats/epub/epub.ts';
import { parseOdt } from '../src/pipeline/formats/odt/odt.ts';
import { parseRtf } from '../src/pipeline/formats/rtf/rtf.ts';
import {
  makeEpub,
  makeOdt,
  makeRtf,
  odfZip,
  type TextDocSpec,
} from '../src/pipeline/formats/textdocs/testing/fixtures.ts';
import type { Block, ParsedDocument } from '../src/pipeline/types.ts';

const spec: TextDocSpec = {
  title: 'Déjà vu report',
  sections: [
    {
      heading: 'Introduction',
      paragraphs: ['Revenue grew by twelve percent in Zürich', 'Costs stayed flat'],
      list: ['Products', 'Widgets', 'Gadgets'],
      table: [
        ['Region', 'Sales'],
        ['North', '1,200'],
      ],
      footnote: 'Audited figures',
    },
    { heading: 'Outlook', paragraphs: ['Prices remain stable at 5 €'] },
  ],
};

const blocksOf = (doc: ParsedDocument): Block[] => doc.pages.flatMap((p) => p.blocks);
const detect = (bytes: Uint8Array) => detectFileType(bytes.subarray(0, 4100), 'file.bin', null);

function assertCommonStructure(doc: ParsedDocument): void {
  const blocks = blocksOf(doc);
  const headings = blocks.filter((b) => b.type === 'heading').map((b) => [b.level, b.text]);
  assert.deepEqual(headings, [
    [1, 'Introduction'],
    [1, 'Outlook'],
  ]);
  const table = blocks.find((b) => b.type === 'table');
  assert.deepEqual(table?.rows, spec.sections[0]!.table);
  const list = blocks.find((b) => b.type === 'list');
  assert.equal(list?.text, 'Products\nWidgets\nGadgets');
  // The nested items are indented under their parent in the markdown.
  assert.match(doc.markdown, /^- +Products\n +- +Widgets/m);
  assert.match(doc.text, /Revenue grew by twelve percent in Zürich/);
  assert.match(doc.text, /Prices remain stable at 5 €/);
  assert.equal(doc.metadata.title, 'Déjà vu report');
  assert.equal(doc.metadata.author, 'Test Author');
}

describe('ODT, EPUB and RTF', () => {
  it('are detected from their bytes, whatever the name says', async () => {
    assert.deepEqual(await detect(makeOdt(spec)), {
      kind: 'odt',
      mimeType: 'application/vnd.oasis.opendocument.text',
    });
    assert.deepEqual(await detect(makeEpub(spec)), { kind: 'epub', mimeType: 'application/epub+zip' });
    assert.deepEqual(await detect(makeRtf(spec)), { kind: 'rtf', mimeType: 'application/rtf' });
  });

  it('refuses other OpenDocument kinds it does not read', async () => {
    // ODS and ODP are read (spreadsheets, slides); a drawing (ODG) is not.
    const odg = odfZip('application/vnd.oasis.opendocument.graphics', { 'content.xml': '<x/>' });
    await assert.rejects(detect(odg), (e: { code?: string }) => e.code === 'UNSUPPORTED_FORMAT');
  });

  it('reads an ODT: headings, bold, nested list, table, footnote, metadata', () => {
    const doc = parseOdt(makeOdt(spec));
    assertCommonStructure(doc);
    assert.equal(doc.metadata.fileType, 'odt');
    assert.equal(doc.metadata.createdAt, '2024-03-01T10:00:00.000Z');
    assert.match(doc.markdown, /\*\*Revenue\*\* grew/);
    // The footnote's mark in the text and its body at the end.
    assert.match(doc.text, /Zürich\[1\]/);
    assert.match(doc.pages[0]!.text, /Audited figures\s*$/);
  });

  it('reads an ODT whose headings are paragraphs in a "Heading N" style', () => {
    const content = `<office:document-content xmlns:office="o" xmlns:text="t" xmlns:style="s"><office:automatic-styles><style:style style:name="P1" style:family="paragraph" style:parent-style-name="Heading_20_2"/></office:automatic-styles><office:body><office:text><text:p text:style-name="P1">Styled &amp; named</text:p><text:p>Body</text:p></office:text></office:body></office:document-content>`;
    const styles = `<office:document-styles xmlns:office="o" xmlns:style="s"><office:styles><style:style style:name="Heading_20_2" style:display-name="Heading 2" style:family="paragraph"/></office:styles></office:document-styles>`;
    const doc = parseOdt(
      odfZip('application/vnd.oasis.opendocument.text', { 'content.xml': content, 'styles.xml': styles }),
    );
    assert.deepEqual(doc.pages[0]!.blocks[0], {
      type: 'heading',
      level: 2,
      text: 'Styled & named',
      bbox: null,
    });
  });

  it('reads an EPUB: chapters in spine order as pages, the table of contents left out, pictures as figures', () => {
    const doc = parseEpub(makeEpub(spec));
    assertCommonStructure(doc);
    assert.equal(doc.metadata.pages, 2);
    assert.equal(doc.pages[0]!.blocks[0]!.text, 'Introduction');
    assert.equal(doc.pages[1]!.blocks[0]!.text, 'Outlook');
    // The nav document lists both titles: read, they would appear twice.
    assert.equal(doc.text.match(/^Outlook$/gm)?.length, 1);
    const figure = doc.pages[0]!.blocks.find((b) => b.type === 'figure');
    assert.equal(figure?.text, 'A picture of Introduction');
  });

  it('reads an RTF: style headings, \\u escapes, \\ls list levels, \\trowd tables, footnotes', () => {
    const doc = parseRtf(makeRtf(spec));
    assertCommonStructure(doc);
    assert.equal(doc.metadata.fileType, 'rtf');
    assert.match(doc.markdown, /\*\*Revenue\*\* grew/);
    assert.match(doc.text, /Zürich\[1\]/);
    assert.match(doc.pages[0]!.text, /Audited figures\s*$/);
  });

  it('reads RTF code pages, \\outlinelevel headings and skips destinations', () => {
    const rtf = [
      '{\\rtf1\\ansi\\ansicpg1251{\\fonttbl{\\f0 Arial;}}{\\*\\generator Hidden;}',
      '\\pard\\outlinelevel1 Title two\\par',
      "\\pard \\'cf\\'f0\\'e8\\'e2\\'e5\\'f2 {\\*\\bkmkstart x}world\\line next\\par",
      '{\\pict\\pngblip 89504e47}\\pard \\uc2\\u8364 XXafter\\par}',
    ].join('\n');
    const doc = parseRtf(new Uint8Array(Buffer.from(rtf, 'latin1')));
    assert.deepEqual(doc.pages[0]!.blocks[0], { type: 'heading', level: 2, text: 'Title two', bbox: null });
    assert.match(doc.text, /Привет world/);
    assert.match(doc.text, /€after/);
    assert.doesNotMatch(doc.text, /Hidden|Arial|89504e47/);
  });
});
