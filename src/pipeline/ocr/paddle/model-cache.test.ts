import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { crc32 } from 'node:zlib';
import sharp from 'sharp';
import { textPageImage } from '../testing/page-image.ts';
import { cachedModelPath, openSession } from './model-cache.ts';
import { paddleModelFiles } from './models.ts';
import { PaddleReader } from './paddle-reader.ts';

const files = paddleModelFiles();
const options = { intraOpNumThreads: 1, interOpNumThreads: 1, graphOptimizationLevel: 'all' } as const;
const root = mkdtempSync(join(tmpdir(), 'docjobs-model-cache-'));
let dirs = 0;
const freshDir = () => join(root, String(++dirs));

/** A cache file in the framing model-cache.ts expects: sound, whatever `payload` is. */
function framed(payload: Buffer): Buffer {
  const header = Buffer.alloc(16);
  header.write('docjobs1');
  header.writeUInt32LE(crc32(payload), 8);
  header.writeUInt32LE(payload.length, 12);
  return Buffer.concat([header, payload]);
}

describe('the PaddleOCR model cache', { timeout: 120_000 }, () => {
  after(() => rmSync(root, { recursive: true, force: true }));

  it('is written by the first start and read by the next', async () => {
    const dir = freshDir();
    assert.equal((await openSession(files.detection, options, dir)).from, 'model');
    assert.deepEqual(readdirSync(dir), [cachedModelPath(dir, files.detection).slice(dir.length + 1)]);
    const again = await openSession(files.detection, options, dir);
    assert.equal(again.from, 'cache');
    assert.deepEqual(again.session.inputNames, ['x']);
    assert.equal((await openSession(files.detection, options, null)).from, 'model', 'no folder, no cache');
  });

  it('reads a page exactly as the models themselves do: same lines, characters and probabilities', async () => {
    const dir = freshDir();
    const png = await textPageImage(['Invoice number 1042 was paid on day 7', 'Total due: 119 euros'], 900);
    const { data, info } = await sharp(png).greyscale().raw().toBuffer({ resolveWithObject: true });
    const image = { data, width: info.width, height: info.height };
    const plain = await PaddleReader.load(files);
    await PaddleReader.load(files, dir); // writes the cache
    assert.equal(readdirSync(dir).length, 2);
    const cached = await PaddleReader.load(files, dir);
    const expected = await plain.read(image, { detectionSide: 960 });
    assert.match(expected.map((line) => line.chars.map((c) => c.char).join('')).join('\n'), /Invoice/);
    assert.deepEqual(await cached.read(image, { detectionSide: 960 }), expected);
  });

  it('replaces a damaged file (torn, flipped byte, or bytes ONNX Runtime refuses) and never fails', async () => {
    const dir = freshDir();
    await openSession(files.detection, options, dir);
    const path = cachedModelPath(dir, files.detection);
    const sound = readFileSync(path);
    const flipped = Buffer.from(sound);
    flipped[5000]! ^= 0xff; // one byte changed after the CRC was taken
    const damaged = [
      sound.subarray(0, sound.length >> 1), // a write cut short
      flipped,
      framed(Buffer.from('not a model at all')), // framing sound, content not a model
    ];
    for (const bytes of damaged) {
      writeFileSync(path, bytes);
      const opened = await openSession(files.detection, options, dir);
      assert.equal(opened.from, 'model');
      assert.deepEqual(opened.session.inputNames, ['x']);
      // Written again (ONNX Runtime's output is not the same bytes twice), and sound: read next time.
      assert.ok(!readFileSync(path).equals(bytes), 'the damaged file was replaced');
      assert.equal((await openSession(files.detection, options, dir)).from, 'cache');
    }
  });

  it('does without a cache it cannot write', async () => {
    const file = freshDir();
    writeFileSync(file, 'a file where the folder should be');
    const opened = await openSession(files.detection, options, join(file, 'cache'));
    assert.equal(opened.from, 'model');
    assert.deepEqual(opened.session.inputNames, ['x']);
  });
});
