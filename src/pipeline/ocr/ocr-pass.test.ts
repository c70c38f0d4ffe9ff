import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { closeThreadPools } from '../parse-document.ts';
import { type OcrOutcome, type PassOptions, runOcrPass } from './ocr-pass.ts';
import { pdfOcrSources } from './ocr-sources.ts';
import { scannedPagesPdf } from './testing/scanned-pages.ts';

const pdf = await scannedPagesPdf(2);
const options: PassOptions = { mode: 'standard', languages: ['eng'], signal: new AbortController().signal };

describe('runOcrPass with page checkpoints', () => {
  after(closeThreadPools);

  it('reads only the pages without a kept reading, stores each new one, and names the reused', async () => {
    const first = await runOcrPass(pdfOcrSources(pdf, [1]), options);
    const kept = new Map<number, OcrOutcome>([[1, first.outcomes.get(1)!]]);
    const stored: number[] = [];
    const done: number[] = [];
    const second = await runOcrPass(pdfOcrSources(pdf, [1, 2]), {
      ...options,
      kept,
      onRead: async (page) => {
        stored.push(page);
      },
      onPageDone: (count) => done.push(count),
    });
    assert.deepEqual(second.pass.reusedPages, [1]);
    assert.deepEqual(stored, [2], 'the reused page is not stored again');
    assert.deepEqual(done, [1, 2], 'the reused page counts as done before any page is read');
    assert.equal(second.outcomes.get(1), kept.get(1));
    const page2 = second.outcomes.get(2);
    assert.ok(page2?.ok && /Page 2/.test(page2.result.text), JSON.stringify(page2));
    assert.equal(first.pass.reusedPages, undefined);
  });

  it('takes no page once asked to hand back, and says it stopped', async () => {
    const handBack = new AbortController();
    handBack.abort();
    const stored: number[] = [];
    await assert.rejects(
      runOcrPass(pdfOcrSources(pdf, [1, 2]), {
        ...options,
        handBack: handBack.signal,
        onRead: async (page) => {
          stored.push(page);
        },
      }),
      { code: 'CANCELLED' },
    );
    assert.deepEqual(stored, []);
  });
});
