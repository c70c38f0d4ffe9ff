/**
 * Hostile documents: PDFs cut short, encrypted or carrying JavaScript, DOCX zip bombs and entity
 * bombs, an image that claims 900 megapixels, polyglots, names that lie about the type, empty and
 * non-UTF-8 files. Each goes in a multipart submit, as a browser or curl would send it.
 */

import { textImage } from '../../src/pipeline/images/testing/text-image.ts';
import { makePdf } from '../../src/pipeline/testing/fixtures.ts';
import {
  multipartSubmit,
  pdfFromObjects,
  pngChunk,
  pngHeaderOnly,
  textPdfObjects,
  zipArchive,
} from './builders.ts';
import {
  billionLaughs,
  docxBomb,
  docxFrame,
  docxWith,
  floodXml,
  javascriptPdf,
  paragraph,
  w,
  xmlHead,
} from './documents.ts';
import type { Expectation, HostileCase } from './generate-hostile-inputs.ts';

const text = (value: string) => new Uint8Array(Buffer.from(value, 'utf8'));

interface DocumentCase {
  name: string;
  group: HostileCase['group'];
  why: string;
  fileName: string;
  bytes: Uint8Array;
  contentType?: string;
  fields?: Record<string, string>;
  expect: Expectation;
}

export async function documentCases(): Promise<HostileCase[]> {
  const threePages = makePdf(
    ['first', 'second', 'third'].map((t) => ({ lines: [[12, 72, 72, `Page ${t}`]] })),
  );
  const pdfSide = pdfFromObjects(textPdfObjects(['PDF side of the polyglot']));
  const pngText = await textImage(['WRONG NAME'], { fontSize: 48 });
  const htmlInPng = pngChunk(
    'tEXt',
    Buffer.from('Comment\0<html><script>alert(1)</script></html>', 'latin1'),
  );
  const ocrOff = { options: '{"ocr":"off"}' };
  const cases: DocumentCase[] = [
    {
      name: 'pdf-truncated-header',
      group: 'pdf',
      why: 'a PDF cut after 200 bytes: no page survives',
      fileName: 'cut.pdf',
      bytes: threePages.subarray(0, 200),
      expect: { kind: 'failed', code: 'PARSE_ERROR' },
    },
    {
      name: 'pdf-truncated-half',
      group: 'pdf',
      why: 'a three-page PDF cut in half: no xref, no trailer, the later pages missing',
      fileName: 'half.pdf',
      bytes: threePages.subarray(0, threePages.length >> 1),
      expect: { kind: 'failed', code: 'PARSE_ERROR' },
    },
    {
      name: 'pdf-encrypted',
      group: 'pdf',
      why: 'standard security handler with a user password: nothing to read without it',
      fileName: 'locked.pdf',
      bytes: makePdf([{ lines: [[12, 72, 72, 'secret']] }], { encrypt: true }),
      expect: { kind: 'failed', code: 'DOCUMENT_ENCRYPTED' },
    },
    {
      name: 'pdf-javascript',
      group: 'pdf',
      why: 'OpenAction, page-open and name-tree JavaScript (an endless loop): never run, the text is read',
      fileName: 'script.pdf',
      bytes: javascriptPdf(),
      expect: {
        kind: 'completed',
        fileType: 'pdf',
        contains: ['JavaScript carrier body text'],
        lacks: ['pwned'],
      },
    },
    {
      name: 'pdf-page-count-lie',
      group: 'pdf',
      why: 'a page tree that claims 100 million pages and holds one',
      fileName: 'count.pdf',
      bytes: pdfFromObjects(
        textPdfObjects(['One real page']).map((o, k) =>
          k === 1 ? o.replace('/Count 1', '/Count 100000000') : o,
        ),
      ),
      expect: { kind: 'completed', fileType: 'pdf', contains: ['One real page'] },
    },
    {
      name: 'pdf-page-tree-loop',
      group: 'pdf',
      why: 'a page tree whose /Kids point back at itself',
      fileName: 'loop.pdf',
      bytes: pdfFromObjects(
        textPdfObjects(['never reached']).map((o, k) =>
          k === 1 ? '<< /Type /Pages /Kids [2 0 R 4 0 R] /Count 2 >>' : o,
        ),
      ),
      expect: { kind: 'failed', code: 'PARSE_ERROR' },
    },
    {
      name: 'docx-zip-bomb',
      group: 'docx',
      why: 'word/document.xml inflates to 1 GiB from ~1 MB; the sizes in the zip are honest',
      fileName: 'bomb.docx',
      bytes: docxBomb(),
      expect: { kind: 'failed', code: 'PARSE_ERROR' },
    },
    {
      name: 'docx-zip-bomb-lying-size',
      group: 'docx',
      why: 'the same bomb, its headers claiming 4 KB: only counting while inflating catches it',
      fileName: 'liar.docx',
      bytes: docxBomb(4096),
      expect: { kind: 'failed', code: 'PARSE_ERROR' },
    },
    {
      name: 'docx-billion-laughs',
      group: 'docx',
      why: 'XML entity expansion: ten levels of ten references, 10^9 "lol"s if expanded',
      fileName: 'laughs.docx',
      bytes: docxWith(billionLaughs(), paragraph('&lol9;')),
      expect: { kind: 'failed', code: 'PARSE_ERROR' },
    },
    {
      name: 'docx-external-entity',
      group: 'docx',
      why: 'XXE: an external entity naming /etc/passwd must never be fetched',
      fileName: 'xxe.docx',
      bytes: docxWith(
        '<!DOCTYPE w:document [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>',
        paragraph('&xxe;'),
      ),
      expect: { kind: 'failed', code: 'PARSE_ERROR' },
    },
    {
      name: 'docx-xml-flood',
      group: 'docx',
      why: 'an honest DOCX under every limit whose 4 MiB of XML (100 KB zipped) takes mammoth ~5 s: the server must keep answering meanwhile',
      fileName: 'long.docx',
      bytes: zipArchive([...docxFrame(), { name: 'word/document.xml', data: floodXml(4) }]),
      expect: {
        kind: 'completed',
        fileType: 'docx',
        contains: ['Paragraph 1 of the flood', 'Paragraph 30000 of the flood'],
      },
    },
    {
      name: 'html-deep-nesting',
      group: 'polyglot',
      why: '20,000 nested <div>s in 120 KB: deeper than the HTML converter can recurse',
      fileName: 'deep.html',
      bytes: text(
        `<!doctype html><html><body>${'<div>'.repeat(20_000)}deep${'</div>'.repeat(20_000)}</body></html>`,
      ),
      expect: { kind: 'failed', code: 'PARSE_ERROR' },
    },
    {
      name: 'png-30000x30000',
      group: 'image',
      why: 'a few hundred bytes whose header claims 900 megapixels (a decompression bomb)',
      fileName: 'huge.png',
      bytes: pngHeaderOnly(30_000, 30_000),
      expect: { kind: 'failed', code: 'IMAGE_TOO_LARGE' },
    },
    {
      name: 'polyglot-pdf-zip',
      group: 'polyglot',
      why: 'a PDF that is also a valid DOCX (the zip follows it, offsets counted from the file start): read as the PDF it starts as',
      fileName: 'both.pdf',
      bytes: zipArchive(
        [
          ...docxFrame(),
          {
            name: 'word/document.xml',
            data: `${xmlHead}<w:document xmlns:w="${w}"><w:body>${paragraph('ZIP side')}</w:body></w:document>`,
          },
        ],
        pdfSide,
      ),
      expect: {
        kind: 'completed',
        fileType: 'pdf',
        contains: ['PDF side of the polyglot'],
        lacks: ['ZIP side'],
      },
    },
    {
      name: 'polyglot-pdf-html',
      group: 'polyglot',
      why: 'a PDF whose first comment is an HTML page with a script: read as a PDF, the HTML is inert',
      fileName: 'both.html',
      contentType: 'text/html',
      bytes: pdfFromObjects(
        textPdfObjects(['PDF side of the polyglot']),
        '%PDF-1.4\n%<html><body><p>HTML side</p><script>alert(1)</script></body></html>\n',
      ),
      expect: {
        kind: 'completed',
        fileType: 'pdf',
        contains: ['PDF side of the polyglot'],
        lacks: ['HTML side', 'alert'],
      },
    },
    {
      name: 'polyglot-html-pdf',
      group: 'polyglot',
      why: 'an HTML page with a script, carrying a whole PDF in a comment: read as HTML, script and comment dropped',
      fileName: 'both.pdf',
      contentType: 'application/pdf',
      bytes: Buffer.concat([
        Buffer.from('<!doctype html><html><body><p>HTML side</p><script>alert(1)</script><!--\n'),
        pdfSide,
        Buffer.from('--></body></html>\n'),
      ]),
      expect: { kind: 'completed', fileType: 'html', contains: ['HTML side'], lacks: ['alert', 'PDF side'] },
    },
    {
      name: 'polyglot-png-html',
      group: 'polyglot',
      why: 'a PNG with an HTML page in a text chunk, named and declared as HTML: read as the PNG it is',
      fileName: 'page.html',
      contentType: 'text/html',
      fields: ocrOff,
      // After the signature (8 bytes) and IHDR (25): ancillary chunks may go anywhere before IEND.
      bytes: Buffer.concat([pngText.subarray(0, 33), htmlInPng, pngText.subarray(33)]),
      expect: { kind: 'completed', fileType: 'png', lacks: ['alert'] },
    },
    {
      name: 'type-png-named-pdf',
      group: 'type',
      why: 'a PNG named .pdf and declared application/pdf: the bytes decide, and OCR reads it',
      fileName: 'scan.pdf',
      contentType: 'application/pdf',
      bytes: pngText,
      expect: { kind: 'completed', fileType: 'png', contains: ['WRONG'] },
    },
    {
      name: 'type-pdf-named-docx',
      group: 'type',
      why: 'a PDF named .docx and declared as Word',
      fileName: 'report.docx',
      contentType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
      bytes: pdfFromObjects(textPdfObjects(['A PDF in disguise'])),
      expect: { kind: 'completed', fileType: 'pdf', contains: ['A PDF in disguise'] },
    },
    {
      name: 'type-text-named-png',
      group: 'type',
      why: 'plain text named .png and declared image/png',
      fileName: 'photo.png',
      contentType: 'image/png',
      bytes: text('Plain text pretending to be a picture\n'),
      expect: { kind: 'completed', fileType: 'text', contains: ['Plain text pretending'] },
    },
    {
      name: 'type-zero-bytes',
      group: 'type',
      why: 'an empty file part named .pdf',
      fileName: 'empty.pdf',
      bytes: new Uint8Array(0),
      expect: { kind: 'failed', code: 'UNSUPPORTED_FORMAT' },
    },
    {
      name: 'utf8-text-invalid-head',
      group: 'utf8',
      why: 'a .txt whose first bytes are not UTF-8 (0xFF 0xFE 0xC0): neither text nor a known format',
      fileName: 'latin.txt',
      bytes: Buffer.concat([Buffer.from('caf'), Buffer.from([0xff, 0xfe, 0xc0]), Buffer.from(' au lait\n')]),
      expect: { kind: 'failed', code: 'UNSUPPORTED_FORMAT' },
    },
    {
      name: 'utf8-text-invalid-tail',
      group: 'utf8',
      why: 'valid UTF-8 for 8 KB (past the detection head), then a lone continuation byte',
      fileName: 'tail.txt',
      bytes: Buffer.concat([Buffer.from('valid words '.repeat(700)), Buffer.from([0x80, 0x0a])]),
      expect: { kind: 'failed', code: 'PARSE_ERROR' },
    },
    {
      name: 'html-invalid-numeric-entity',
      group: 'utf8',
      why: 'an HTML title with &#99999999; (past U+10FFFF): read like a browser reads it, U+FFFD',
      fileName: 'entity.html',
      bytes: text(
        '<!doctype html><html><head><title>T&#99999999;&#xD800;</title></head><body><p>Entity body</p></body></html>',
      ),
      expect: { kind: 'completed', fileType: 'html', contains: ['Entity body'] },
    },
  ];
  return cases.map((c) => ({
    name: c.name,
    group: c.group,
    why: c.why,
    via: 'multipart',
    request: multipartSubmit({ fileName: c.fileName, bytes: c.bytes, contentType: c.contentType }, c.fields),
    document: { fileName: c.fileName, bytes: c.bytes },
    expect: c.expect,
  }));
}
