import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { detectFileType } from './detect.ts';
import { multiPageTiff, textImage } from './images/testing/text-image.ts';
import { makeDocx, makePdf, makeTextInvoice, makeZip } from './testing/fixtures.ts';

// Callers pass the first 4100 bytes, as run-job does.
const detect = (bytes: Uint8Array, name: string | null = null, mime: string | null = null) =>
  detectFileType(bytes.subarray(0, 4100), name, mime);
const text = (s: string) => new Uint8Array(Buffer.from(s, 'utf8'));

describe('detectFileType', () => {
  it('goes by the bytes, not the name or declared type', async () => {
    const png = await textImage(['INVOICE 0042', 'Total 128.50'], { format: 'png' });
    assert.deepEqual(await detect(png, 'scan.pdf', 'application/pdf'), {
      kind: 'png',
      mimeType: 'image/png',
    });
    const jpeg = await textImage(['RECEIPT', 'TOTAL 9.90'], { format: 'jpeg', noise: true });
    assert.equal((await detect(jpeg, 'receipt.png', 'image/png')).kind, 'jpeg');
    assert.equal((await detect(makePdf([{ lines: [] }]), 'notes.txt', 'text/plain')).kind, 'pdf');
  });

  it('recognises a DOCX from its first 4 KiB', async () => {
    const docx = makeDocx({ title: 't', heading: 'h', paragraphs: ['p'], table: [['a']] });
    assert.equal((await detect(docx, 'file.zip')).kind, 'docx');
  });

  it('recognises a TIFF whose directories lie beyond the head', async () => {
    const page = await textImage(['a page'], { fontSize: 64 });
    const tiff = await multiPageTiff([page, page, page]);
    assert.equal((await detect(tiff, 'scan.bin')).kind, 'tiff');
  });

  it('tells html, markdown and text apart', async () => {
    assert.equal((await detect(text('<!DOCTYPE html><html><body>x</body></html>'), 'a.md')).kind, 'html');
    assert.equal((await detect(text('<div><p>Hello</p></div>'))).kind, 'html');
    assert.equal((await detect(text('# Title\n\nSome *text*.'), 'README.md')).kind, 'markdown');
    assert.equal(
      (await detect(text('# Title\n\nSome text.'), null, 'text/markdown; charset=utf-8')).kind,
      'markdown',
    );
    assert.equal(
      (await detect(text('<div align="center">logo</div>\n\n# Project'), 'README.md')).kind,
      'markdown',
    );
    assert.equal((await detect(text('Plain notes, €5 each.\n'), 'notes.pdf')).kind, 'text');
    const invoice = makeTextInvoice();
    assert.deepEqual(await detect(invoice, 'faktura.txt'), { kind: 'text', mimeType: 'text/plain' });
  });

  it('accepts a multi-byte character cut by the end of the head', async () => {
    const bytes = text(`${'a'.repeat(4099)}€`); // the euro sign straddles byte 4100
    assert.equal((await detect(bytes)).kind, 'text');
  });

  it('rejects empty files, non-DOCX zips, executables and binary junk', async () => {
    const unsupported = { code: 'UNSUPPORTED_FORMAT', retryable: false };
    await assert.rejects(detect(new Uint8Array(0), 'a.pdf'), unsupported);
    await assert.rejects(detect(makeZip({ 'data.csv': 'a,b\n1,2\n' }), 'a.docx'), unsupported);
    const exe = new Uint8Array(512);
    exe.set([0x4d, 0x5a, 0x90, 0x00]);
    new DataView(exe.buffer).setUint32(0x3c, 0x80, true);
    exe.set([0x50, 0x45, 0x00, 0x00], 0x80);
    await assert.rejects(detect(exe, 'setup.pdf'), unsupported);
    const junk = Uint8Array.from({ length: 2048 }, (_, i) => (i * 131 + 7) & 0xff);
    await assert.rejects(detect(junk, 'x.txt'), unsupported);
    await assert.rejects(detect(text('abc\u0000def'), 'x.txt'), unsupported);
  });
});
