import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DocjobsError } from '../core/errors.ts';
import { docxLimits, parseDocx } from './docx.ts';
import { makeDocx } from './testing/fixtures.ts';
import { deflatedSandwich, zipArchive } from './testing/zip-writer.ts';
import { checkZipSizes, readZipEntry } from './zip.ts';

const limits = { entries: 10, totalBytes: 4 * 2 ** 20, partBytes: 2 * 2 ** 20, parsedPart: /\.xml$/ };

function refusedWith(run: () => unknown, message: RegExp): void {
  assert.throws(run, (error: unknown) => {
    assert.ok(error instanceof DocjobsError);
    assert.equal(error.code, 'PARSE_ERROR');
    assert.equal(error.retryable, false);
    assert.match(error.message, message);
    return true;
  });
}

/** `mib` MiB of spaces between a head and a tail, deflated ~1000:1. */
const bomb = (mib: number, declaredSize?: number) =>
  zipArchive([
    { name: 'word/document.xml', deflated: deflatedSandwich('<a>', mib, 0x20, '</a>'), declaredSize },
  ]);

describe('checkZipSizes', () => {
  it('passes an ordinary DOCX, deflated or stored', () => {
    checkZipSizes(makeDocx({ title: 't', heading: 'h', paragraphs: ['p'], table: [['a']] }), docxLimits);
    checkZipSizes(zipArchive([{ name: 'word/document.xml', data: '<a>'.repeat(10_000) }]), limits);
  });

  it('refuses a part that declares more than its limit, before inflating anything', () => {
    const zip = bomb(1024);
    assert.ok(zip.length < 1.2 * 2 ** 20, `${zip.length} bytes`);
    const started = performance.now();
    refusedWith(
      () => checkZipSizes(zip, docxLimits),
      /word\/document\.xml inflates to 1024 MiB; at most 64 MiB/,
    );
    assert.ok(performance.now() - started < 100);
  });

  it('refuses an entry that inflates past its declared size, inflating no further', () => {
    const before = process.memoryUsage().rss;
    refusedWith(() => checkZipSizes(bomb(1024, 4096), docxLimits), /inflates past the 4096 bytes/);
    const grown = process.memoryUsage().rss - before;
    assert.ok(grown < 50 * 2 ** 20, `RSS grew by ${Math.round(grown / 2 ** 20)} MB`);
  });

  it('refuses archives too large in all, with too many entries, or without a directory', () => {
    const three = zipArchive(
      ['a', 'b', 'c'].map((name) => ({ name: `${name}.bin`, data: 'x'.repeat(1.5 * 2 ** 20) })),
    );
    refusedWith(() => checkZipSizes(three, limits), /inflates to 5 MiB; at most 4 MiB/);
    const many = zipArchive(Array.from({ length: 11 }, (_, i) => ({ name: `${i}.xml`, data: 'x' })));
    refusedWith(() => checkZipSizes(many, limits), /11 entries; at most 10/);
    refusedWith(() => checkZipSizes(new Uint8Array(100), limits), /no central directory/);
  });

  it('refuses a deflated entry whose stream is corrupt', () => {
    const zip = bomb(1);
    // The deflate stream starts right after the 30-byte local header and the 17-byte name.
    zip.fill(0xff, 47, 60);
    refusedWith(() => checkZipSizes(zip, limits), /word\/document\.xml is corrupt/);
  });

  it('reads one entry, and DOCX parsing fails a bomb with PARSE_ERROR', async () => {
    const zip = zipArchive([{ name: 'docProps/core.xml', data: '<x>title</x>'.repeat(20) }]);
    assert.equal(new TextDecoder().decode(readZipEntry(zip, 'docProps/core.xml')!).length, 240);
    assert.equal(readZipEntry(zip, 'missing.xml'), null);
    await assert.rejects(parseDocx(bomb(100, 100)), { code: 'PARSE_ERROR', retryable: false });
  });
});
