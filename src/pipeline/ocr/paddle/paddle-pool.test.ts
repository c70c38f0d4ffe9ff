import assert from 'node:assert/strict';
import { after, beforeEach, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { DocjobsError } from '../../../core/errors.ts';
import { recognizeImage } from '../recognize.ts';
import { textPageImage } from '../testing/page-image.ts';
import { closePaddlePool, configurePaddlePool, paddlePoolStats } from './paddle-pool.ts';

const never = new AbortController().signal;
const isCancelled = (error: unknown) => error instanceof DocjobsError && error.code === 'CANCELLED';

async function read(lines: string[], signal = never) {
  return recognizeImage(await textPageImage(lines, 900), {
    languages: ['eng'],
    mode: 'standard',
    engine: 'paddle',
    signal,
  });
}

describe('the PaddleOCR lanes', { timeout: 180_000 }, () => {
  beforeEach(async () => {
    await closePaddlePool();
    configurePaddlePool({ size: 1 });
  });
  after(closePaddlePool);

  it('read a page, words with their own boxes, the lane kept warm', async () => {
    const page = await read(['Invoice total 41.14', 'Thank you']);
    assert.equal(page.text, 'Invoice total 41.14\nThank you');
    assert.deepEqual(
      page.words.map((w) => w.text),
      ['Invoice', 'total', '41.14', 'Thank', 'you'],
    );
    const [invoice, total] = page.words;
    assert.ok(invoice!.bbox[2] <= total!.bbox[0] + 2, 'words side by side, not one box for the line');
    assert.ok(page.words.every((w) => w.confidence > 0.5 && w.confidence <= 1));
    assert.equal(paddlePoolStats().lanes, 1);
    await read(['Second page']);
    assert.equal(paddlePoolStats().lanes, 1, 'the same lane read the second page');
  });

  it('cancels a page at once, and the process and the lane live on', async () => {
    const controller = new AbortController();
    const lines = Array.from({ length: 40 }, (_, i) => `Line ${i} of a long page to read`);
    const reading = read(lines, controller.signal);
    await sleep(400);
    const abortedAt = performance.now();
    controller.abort();
    await assert.rejects(reading, isCancelled);
    assert.ok(performance.now() - abortedAt < 2_000, 'the caller did not wait for the lane');
    // The lane finishes its step, then serves the next page (it was not terminated mid-run,
    // which would abort the process).
    const page = await read(['Still reading']);
    assert.equal(page.text, 'Still reading');
  });

  it('closes while a page is being read without bringing the process down', async () => {
    const reading = assert.rejects(
      read(Array.from({ length: 30 }, (_, i) => `Row ${i} closing`)),
      isCancelled,
    );
    await sleep(400);
    await closePaddlePool();
    await reading;
    configurePaddlePool({ size: 1 });
    assert.equal((await read(['After close'])).text, 'After close');
  });

  it('ends a lane idle for idleReleaseMs, and starts one again for the next page', async () => {
    await closePaddlePool();
    configurePaddlePool({ size: 1, idleReleaseMs: 100 });
    try {
      assert.equal((await read(['Before release'])).text, 'Before release');
      while (paddlePoolStats().lanes > 0) await sleep(50);
      assert.equal((await read(['After release'])).text, 'After release');
      assert.equal(paddlePoolStats().lanes, 1);
    } finally {
      await closePaddlePool();
      configurePaddlePool({ idleReleaseMs: 60_000 }); // the other tests keep their lane warm
    }
  });
});
