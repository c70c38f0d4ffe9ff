/** E-mail detection and reading, on messages written in code (formats/mail/testing). */
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { burn } from '@kenjiuno/msgreader/lib/Burner.js';
import { detectFileType } from '../src/pipeline/detect.ts';
import { makeEml, makeMsg } from '../src/pipeline/formats/mail/testing/mail-fixtures.ts';
import { closeThreadPools, parseDocument } from '../src/pipeline/parse-document.ts';

const detect = (bytes: Uint8Array | string, name: string | null = null, mime: string | null = null) =>
  detectFileType(Buffer.from(bytes).subarray(0, 4100), name, mime);
const parse = async (bytes: Uint8Array | string) => {
  const data = Buffer.from(bytes);
  return parseDocument(data, await detect(data), { signal: new AbortController().signal });
};

after(closeThreadPools);

describe('e-mail detection', () => {
  it('takes RFC 822 messages, with or without MIME, UTF-8 or Latin-1', async () => {
    assert.equal((await detect(makeEml({ text: 'hello' }))).kind, 'eml');
    const bare =
      'Received: from mx.example.org\r\n\tby relay\r\nFrom: a@example.org\r\nSubject: hi\r\n\r\nbody\r\n';
    assert.equal((await detect(bare)).kind, 'eml');
    const latin1 = Buffer.from(
      'From: Jürgen <j@example.org>\nSubject: Grüße\nMIME-Version: 1.0\n\nText',
      'latin1',
    );
    assert.deepEqual(await detect(latin1), { kind: 'eml', mimeType: 'message/rfc822' });
    // A header block longer than the head (a long Received chain) is still one.
    const received = Array.from({ length: 80 }, (_, n) => `Received: from hop${n}.example.org by relay`);
    assert.equal((await detect(`${received.join('\r\n')}\r\nSubject: far\r\n\r\nbody`)).kind, 'eml');
  });

  it('leaves plain text and markdown that merely look like headers alone', async () => {
    const cases = [
      'Subject: meeting notes\n\nWe met on Tuesday.',
      'Subject: x\nPriority: high\n\nnotes',
      'Name: Anna\nRole: editor\n\nprofile',
      'From: the desk of the editor\nThis line is prose, not a header at all.\n',
      'title: Release notes\ndate: 2026-01-01\n\n# Notes',
    ];
    for (const text of cases) assert.notEqual((await detect(text)).kind, 'eml', text);
    assert.equal((await detect('From: a@example.org\nTo: b@example.org\n\nhi', 'notes.md')).kind, 'eml');
  });

  it('tells an Outlook MSG from other CFB files by its property streams', async () => {
    assert.deepEqual(await detect(makeMsg({ text: 'x' })), {
      kind: 'msg',
      mimeType: 'application/vnd.ms-outlook',
    });
    const otherCfb = burn([
      { name: 'Root Entry', type: 5, length: 0, children: [1] },
      { name: 'Workbook', type: 2, length: 4, binaryProvider: () => new Uint8Array([1, 2, 3, 4]) },
    ]);
    await assert.rejects(detect(otherCfb), { code: 'UNSUPPORTED_FORMAT' });
    // A name or declared type settles a CFB whose directory lies past the head; the reader judges.
    assert.equal((await detect(otherCfb, 'mail.msg')).kind, 'msg');
    const asMsg = await detect(otherCfb, 'mail.msg');
    await assert.rejects(parseDocument(otherCfb, asMsg, { signal: new AbortController().signal }), {
      code: 'PARSE_ERROR',
    });
  });
});

describe('e-mail reading', () => {
  it('makes a header block, then the HTML body with its table, and lists attachments', async () => {
    const doc = await parse(
      makeEml({
        subject: 'Quarterly figures',
        text: 'plain version',
        html: '<h2>Figures</h2><table><tr><th>Q</th><th>EUR</th></tr><tr><td>Q1</td><td>120</td></tr></table>',
        attachments: [{ fileName: 'notes.txt', mimeType: 'text/plain', content: 'n' }],
      }),
    );
    const blocks = doc.pages[0]!.blocks;
    assert.equal(blocks[0]!.type, 'paragraph');
    assert.match(
      blocks[0]!.text,
      /^From: Alice Sender <alice@example.org>\nTo: Bob Receiver <bob@example.org>\n/,
    );
    assert.deepEqual(
      blocks.slice(1).map((b) => b.type),
      ['heading', 'table', 'paragraph'],
    );
    assert.deepEqual(blocks[2]!.rows, [
      ['Q', 'EUR'],
      ['Q1', '120'],
    ]);
    assert.equal(blocks[3]!.text, 'Attachments: notes.txt');
    assert.equal(doc.metadata.fileType, 'eml');
    assert.equal(doc.metadata.createdAt, '2026-03-03T10:15:00.000Z');
    assert.equal(doc.metadata.email?.messageId, '<fixture@example.org>');
    assert.doesNotMatch(doc.text, /plain version/); // HTML preferred
  });

  it('reads the text body when there is no HTML, and an MSG like an EML', async () => {
    const text = await parse(makeEml({ subject: 'Plain', text: 'First paragraph.\n\nSecond paragraph.' }));
    assert.match(text.text, /First paragraph\.\n\nSecond paragraph\./);
    const msg = await parse(makeMsg({ subject: 'From Outlook', text: 'Body of the item.' }));
    assert.equal(msg.metadata.title, 'From Outlook');
    assert.deepEqual(msg.metadata.email?.to, ['Bob Receiver <bob@example.org>']);
    assert.match(msg.text, /Body of the item\./);
  });
});
