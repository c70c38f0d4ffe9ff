import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { deflateSync } from 'node:zlib';
import { pngChunk, pngSignature } from '../src/pipeline/images/gray-png.ts';
import { breakTiffPage, multiPageTiff, textImage } from '../src/pipeline/images/testing/text-image.ts';
import { backends, startTestDocjobs, submit, type TestDocjobs, waitTerminal } from './harness.ts';

/** A PNG whose header says 30000×30000 with a few bytes of data: the classic decompression bomb. */
function bombPng(): Uint8Array {
  const header = new Uint8Array(13);
  const v = new DataView(header.buffer);
  v.setUint32(0, 30_000);
  v.setUint32(4, 30_000);
  header.set([8, 0, 0, 0, 0], 8); // 8-bit grayscale
  const idat = deflateSync(Buffer.alloc(30_001 * 64)); // a few rows; the rest would be inflated
  return Buffer.concat([
    Buffer.from(pngSignature),
    pngChunk('IHDR', header),
    pngChunk('IDAT', idat),
    pngChunk('IEND'),
  ]);
}

const lines = ['Invoice number 4711', 'Total amount due 128.50'];

for (const backend of backends) {
  describe(`OCR inputs and guards on ${backend}`, () => {
    let dj: TestDocjobs;
    before(async () => {
      dj = await startTestDocjobs(backend, 'ocr-inputs', { WORKER_CONCURRENCY: '2' });
    });
    after(async () => dj?.close());

    const run = async (bytes: Uint8Array, name: string, extra: Record<string, unknown> = {}) =>
      waitTerminal(dj, (await submit(dj, bytes, name, extra)).id, 120);
    const resultOf = async (id: string) =>
      (await dj.app.inject({ url: `/v1/jobs/${id}/result`, headers: dj.auth })).json() as {
        pages: { page: number; text: string; source: string }[];
        errors: { page: number; code: string; message: string }[];
      };

    it('reads PNG, JPEG, WebP, BMP and an EXIF-rotated photo', async () => {
      for (const [format, name, exifOrientation] of [
        ['png', 'a.png'],
        ['jpeg', 'a.jpg'],
        ['webp', 'a.webp'],
        ['bmp', 'a.bmp'],
        ['jpeg', 'phone.jpg', 6],
      ] as const) {
        const job = await run(await textImage(lines, { format, exifOrientation }), name);
        assert.equal(job.status, 'completed', `${name}: ${JSON.stringify(job.error)}`);
        const { pages } = await resultOf(job.id);
        assert.match(pages[0]!.text, /Invoice number 4711/, name);
        assert.match(pages[0]!.text, /128\.50/, name);
      }
    });

    it('reads every page of a multi-page TIFF; a broken page makes the job partial', async () => {
      const tiff = await multiPageTiff([
        await textImage(['First page here']),
        await textImage(['Second page here']),
        await textImage(['Third page here']),
      ]);
      const whole = await run(tiff, 'pages.tiff');
      assert.equal(whole.status, 'completed', JSON.stringify(whole.error));
      const pages = (await resultOf(whole.id)).pages;
      assert.deepEqual(
        pages.map((p) => /(\w+) page here/.exec(p.text)?.[1]),
        ['First', 'Second', 'Third'],
      );

      const broken = await run(breakTiffPage(tiff, 2), 'broken.tiff');
      assert.equal(broken.status, 'partial', JSON.stringify(broken.error));
      assert.match(broken.error?.message ?? '', /1 of 3 pages/);
      const result = await resultOf(broken.id);
      assert.deepEqual(
        result.errors.map((e) => [e.page, e.code]),
        [[2, 'PARSE_ERROR']],
      );
      assert.match(result.pages[0]!.text, /First page/);
      assert.match(result.pages[2]!.text, /Third page/);
      const resultResponse = await dj.app.inject({ url: `/v1/jobs/${broken.id}/result`, headers: dj.auth });
      assert.equal(resultResponse.statusCode, 200);
    });

    it('reads German with languages ["deu"]', async () => {
      const german = ['Größe und Qualität', 'Straße über Brücke'];
      const job = await run(await textImage(german), 'de.png', { options: { languages: ['deu'] } });
      assert.equal(job.status, 'completed', JSON.stringify(job.error));
      const { pages } = await resultOf(job.id);
      assert.match(pages[0]!.text, /Größe/);
      assert.match(pages[0]!.text, /Straße/);
    });

    it('fails bombs, truncated and empty images with a clear code, and other jobs complete', async () => {
      const good = submit(dj, await textImage(lines), 'good.png');
      const jpeg = await textImage(lines, { format: 'jpeg', noise: true }); // a grainy scan
      const cases = [
        [bombPng(), 'bomb.png', 'IMAGE_TOO_LARGE'],
        [jpeg.subarray(0, Math.floor(jpeg.length / 2)), 'cut.jpg', 'PARSE_ERROR'],
        [(await textImage(lines)).subarray(0, 300), 'cut.png', 'PARSE_ERROR'],
        [new Uint8Array(0), 'empty.png', 'UNSUPPORTED_FORMAT'], // "the file is empty", as for any type
      ] as const;
      for (const [bytes, name, code] of cases) {
        const response = await dj.app.inject({
          method: 'POST',
          url: '/v1/jobs',
          headers: dj.auth,
          payload: { document: Buffer.from(bytes).toString('base64'), fileName: name },
        });
        if (response.statusCode !== 202) {
          // An empty upload may be refused at the door: a 400 with a code is as clear as a failed job.
          assert.equal(bytes.length, 0, `${name}: ${response.body}`);
          assert.equal(response.statusCode, 400);
          continue;
        }
        const job = await waitTerminal(dj, response.json().id, 120);
        assert.equal(job.status, 'failed', name);
        assert.equal(job.error?.code, code, `${name}: ${job.error?.message}`);
        assert.equal(job.error?.retryable, false);
      }
      const other = await waitTerminal(dj, (await good).id, 120);
      assert.equal(other.status, 'completed');
    });
  });
}
