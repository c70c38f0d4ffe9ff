/**
 * Hostile ODT, EPUB and RTF: zip bombs, entity expansion, nesting bombs and repeated rows give a
 * PARSE_ERROR or a bounded result, through the parse worker as a job would run them.
 */
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { odfZip } from '../src/pipeline/formats/textdocs/testing/fixtures.ts';
import { closeThreadPools, parseDocument } from '../src/pipeline/parse-document.ts';
import { deflatedSandwich, zipArchive } from '../src/pipeline/testing/zip-writer.ts';
import type { FileKind, ParsedDocument } from '../src/pipeline/types.ts';

const mime: Partial<Record<FileKind, string>> = {
  odt: 'application/vnd.oasis.opendocument.text',
  epub: 'application/epub+zip',
  rtf: 'application/rtf',
};
const parse = (bytes: Uint8Array, kind: FileKind): Promise<ParsedDocument> =>
  parseDocument(bytes, { kind, mimeType: mime[kind]! }, { signal: new AbortController().signal });
const parseError = (pattern: RegExp) => (error: { code?: string; message?: string }) => {
  assert.equal(error.code, 'PARSE_ERROR', error.message);
  assert.match(error.message ?? '', pattern);
  return true;
};
const odtMime = 'application/vnd.oasis.opendocument.text';
const content = (body: string) =>
  `<office:document-content xmlns:office="o" xmlns:text="t" xmlns:table="tb"><office:body><office:text>${body}</office:text></office:body></office:document-content>`;

describe('hostile ODT, EPUB and RTF', () => {
  after(closeThreadPools);

  it('refuses an ODT whose content.xml inflates past what it declares (1 GiB in ~1 MB)', async () => {
    const bomb = deflatedSandwich(content('<text:p>'), 1024, 0x20, '</text:p>');
    const zip = zipArchive([
      { name: 'mimetype', data: odtMime },
      { name: 'content.xml', deflated: bomb, declaredSize: 1000 },
    ]);
    await assert.rejects(parse(zip, 'odt'), parseError(/inflates past/));
  });

  it('refuses an EPUB chapter that honestly declares 1 GiB', async () => {
    const bomb = deflatedSandwich('<html><body><p>', 1024, 0x20, '</p></body></html>');
    const zip = zipArchive([
      { name: 'mimetype', data: 'application/epub+zip' },
      { name: 'OEBPS/c1.xhtml', deflated: bomb },
    ]);
    await assert.rejects(parse(zip, 'epub'), parseError(/inflates to 1024 MiB/));
  });

  it('does not expand XML entities (billion laughs) in content.xml or an EPUB package', async () => {
    const laughs = [
      '<!DOCTYPE d [<!ENTITY a "lollollollollollollollollollol">',
      ...Array.from({ length: 9 }, (_, i) => {
        const prev = String.fromCharCode(97 + i);
        return `<!ENTITY ${String.fromCharCode(98 + i)} "${`&${prev};`.repeat(10)}">`;
      }),
      ']>',
    ].join('');
    const odt = odfZip(odtMime, {
      'content.xml': `<?xml version="1.0"?>${laughs}${content('<text:p>x &j; y</text:p>')}`,
    });
    const doc = await parse(odt, 'odt');
    assert.doesNotMatch(doc.text, /lollol/);
    const container = `<?xml version="1.0"?><container><rootfiles><rootfile full-path="p.opf"/></rootfiles></container>`;
    const opf = `<?xml version="1.0"?>${laughs.replace('d [', 'package [')}<package><metadata><dc:title>&j;</dc:title></metadata><manifest><item id="c" href="c.xhtml" media-type="application/xhtml+xml"/></manifest><spine><itemref idref="c"/></spine></package>`;
    const chapter = `<?xml version="1.0"?>${laughs.replace('d [', 'html [')}<html><body><p>a &j; b</p></body></html>`;
    const epub = zipArchive([
      { name: 'mimetype', data: 'application/epub+zip' },
      { name: 'META-INF/container.xml', data: container },
      { name: 'p.opf', data: opf },
      { name: 'c.xhtml', data: chapter },
    ]);
    const book = await parse(epub, 'epub');
    assert.doesNotMatch(`${book.text} ${book.metadata.title}`, /lollol/);
  });

  it('refuses elements nested 100,000 deep in content.xml', async () => {
    const deep = `${'<text:span>'.repeat(100_000)}x${'</text:span>'.repeat(100_000)}`;
    const odt = odfZip(odtMime, { 'content.xml': content(`<text:p>${deep}</text:p>`) });
    await assert.rejects(parse(odt, 'odt'), parseError(/nests elements more than/));
  });

  it('caps rows and cells repeated a million times', async () => {
    const row = `<table:table-row table:number-rows-repeated="1048576"><table:table-cell table:number-columns-repeated="16384"><text:p>v</text:p></table:table-cell></table:table-row>`;
    const odt = odfZip(odtMime, { 'content.xml': content(`<table:table>${row}</table:table>`) });
    const table = (await parse(odt, 'odt')).pages[0]!.blocks.find((b) => b.type === 'table');
    assert.ok(table?.rows && table.rows.length <= 100 && table.rows[0]!.length <= 100);
  });

  it('refuses an RTF nesting groups 100,000 deep, and reads a truncated one', async () => {
    const bomb = new Uint8Array(Buffer.from(`{\\rtf1 ${'{'.repeat(100_000)}x`, 'latin1'));
    await assert.rejects(parse(bomb, 'rtf'), parseError(/nests groups more than/));
    const cut = new Uint8Array(Buffer.from("{\\rtf1\\ansi {\\b bold} text \\'e9\\u", 'latin1'));
    assert.equal((await parse(cut, 'rtf')).text, 'bold text é');
  });
});
