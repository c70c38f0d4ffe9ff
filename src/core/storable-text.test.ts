import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkFileName, findUnstorableText } from './storable-text.ts';

describe('findUnstorableText', () => {
  it('passes ordinary text, pairs of surrogates and right-to-left marks', () => {
    assert.equal(findUnstorableText({ a: ['café', '😀', '\u200fשלום'], b: { c: 1, d: null } }), null);
  });

  it('names the first string or key holding U+0000 or an unpaired surrogate', () => {
    assert.deepEqual(findUnstorableText({ metadata: { k: 'x\u0000y' } }), {
      field: 'metadata.k',
      message: 'metadata.k contains U+0000 (NUL), which cannot be stored',
    });
    assert.equal(findUnstorableText({ list: ['ok', 'lone \ud800'] })?.field, 'list[1]');
    assert.equal(
      findUnstorableText({ o: { 'k\udc00': 'v' } })?.message.startsWith('a key in o contains'),
      true,
    );
    assert.equal(findUnstorableText('\u0000')?.field, 'body');
  });

  it('walks a value nested 100,000 deep without overflowing the stack', () => {
    let deep: unknown = 'bottom\u0000';
    for (let i = 0; i < 100_000; i++) deep = { a: deep };
    assert.match(findUnstorableText(deep)!.field, /^a(\.a)+$/);
  });
});

describe('checkFileName', () => {
  it('passes names that are labels, paths included: documents are stored under job ids', () => {
    for (const name of [
      'report.pdf',
      '../../etc/passwd',
      'Übersicht 2024.docx',
      '\u200fدليل.pdf',
      null,
      undefined,
    ])
      assert.equal(checkFileName(name), null, String(name));
  });

  it('refuses controls, bidi overrides, U+FFFD, NUL and names over 255 characters', () => {
    const faults: [string, RegExp][] = [
      ['a\nb.txt', /U\+000A/],
      ['a\u0085b.txt', /U\+0085/],
      ['invoice\u202efdp.exe', /U\+202E/],
      ['x\u2066y', /U\+2066/],
      ['a\ufffd.txt', /not UTF-8/],
      ['a\u0000.pdf', /U\+0000/],
      [`${'n'.repeat(256)}`, /256 characters; at most 255/],
    ];
    for (const [name, message] of faults) {
      const fault = checkFileName(name);
      assert.equal(fault?.field, 'fileName', JSON.stringify(name));
      assert.match(fault!.message, message);
    }
  });
});
