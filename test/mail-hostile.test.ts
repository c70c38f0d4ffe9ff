/**
 * Hostile e-mails through the parse stage (a worker thread with a heap cap): each ends in a clear
 * failure or a bounded read, never a stuck or exhausted process. The attachment caps (count, size,
 * depth) are in mail-jobs.test.ts, where child jobs exist.
 */
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { detectFileType } from '../src/pipeline/detect.ts';
import { makeEml } from '../src/pipeline/formats/mail/testing/mail-fixtures.ts';
import { closeThreadPools, parseDocument } from '../src/pipeline/parse-document.ts';

const parse = async (text: string | Uint8Array) => {
  const data = Buffer.from(text);
  const detected = await detectFileType(data.subarray(0, 4100), null, null);
  return parseDocument(data, detected, { signal: new AbortController().signal });
};

after(closeThreadPools);

describe('hostile e-mails', () => {
  it('reads multipart nested 2,000 deep without blowing the stack', async () => {
    let body = 'Content-Type: text/plain\r\n\r\ninnermost text\r\n';
    for (let n = 0; n < 2000; n++)
      body = `Content-Type: multipart/mixed; boundary="b${n}"\r\n\r\n--b${n}\r\n${body}--b${n}--\r\n`;
    const eml = `From: a@example.org\r\nSubject: deep\r\nMIME-Version: 1.0\r\n${body}`;
    const outcome = await parse(eml).then(
      (doc) => doc.text,
      (error: { code: string }) => error.code,
    );
    // Either read or refused with a code: what matters is a clear end.
    assert.ok(typeof outcome === 'string' && outcome.length > 0);
  });

  it('reads an e-mail of 300 attachments, refuses one of 5,000 parts with PARSE_ERROR', async () => {
    const files = (count: number) =>
      Array.from({ length: count }, (_, n) => ({
        fileName: `f${n}.txt`,
        mimeType: 'text/plain',
        content: `file ${n}`,
      }));
    const doc = await parse(makeEml({ subject: 'many', text: 'see attached', attachments: files(300) }));
    assert.match(doc.text, /Attachments: f0\.txt, f1\.txt/);
    // mailparser's own cap on MIME parts: the job fails with a reason rather than reading on.
    await assert.rejects(parse(makeEml({ subject: 'too many', text: 'x', attachments: files(5000) })), {
      code: 'PARSE_ERROR',
      message: /child nodes/,
    });
  });

  it('fails a truncated or garbage Outlook file with PARSE_ERROR, not a crash', async () => {
    const garbage = Buffer.alloc(8192, 0xff);
    Buffer.from('d0cf11e0a1b11ae1', 'hex').copy(garbage);
    const detected = await detectFileType(garbage.subarray(0, 4100), 'x.msg', null);
    assert.equal(detected.kind, 'msg');
    await assert.rejects(parseDocument(garbage, detected, { signal: new AbortController().signal }), {
      code: 'PARSE_ERROR',
    });
  });

  it('survives a 2 MB header line', async () => {
    const longHeader = `From: a@example.org\r\nSubject: ${'x'.repeat(2 * 2 ** 20)}\r\nMIME-Version: 1.0\r\n\r\nshort`;
    const doc = await parse(longHeader);
    assert.match(doc.text, /short/);
  });
  // A deeply nested HTML body goes through the HTML path (html.ts) and is bounded as HTML files
  // are: in a worker, then by the job's timeout (50,000 nested <div>s ran > 25 s there too).
});
