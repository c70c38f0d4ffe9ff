import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ReadProgress, type ReadReport } from './read-progress.ts';

const follow = (ocr: 'off' | 'auto' | 'force') => {
  const reports: ReadReport[] = [];
  return { reports, progress: new ReadProgress((report) => reports.push(report), ocr) };
};

const inOrder = (reports: ReadReport[]) => {
  for (const [i, report] of reports.entries()) {
    const before = reports[i - 1];
    if (!before) continue;
    assert.ok(
      report.pagesDone >= before.pagesDone,
      `pagesDone went back at ${i}: ${JSON.stringify(reports)}`,
    );
    assert.ok(report.fraction >= before.fraction, `fraction went back at ${i}`);
    assert.ok(!(before.stage === 'ocr' && report.stage === 'parsing'), 'parsing after ocr');
  }
};

describe('ReadProgress', () => {
  it('under force, counts no page done until OCR reads it, and moves to ocr before its first page', () => {
    const { reports, progress } = follow('force');
    for (let page = 1; page <= 7; page++) progress.parsed(page, 7);
    progress.ocrStarting(7, 7, 0, true);
    assert.deepEqual(reports.at(-1), { stage: 'ocr', pagesDone: 0, pagesTotal: 7, fraction: 0.05 });
    for (let page = 1; page <= 7; page++) progress.ocrPage(page);
    inOrder(reports);
    assert.deepEqual(reports.at(-1), { stage: 'ocr', pagesDone: 7, pagesTotal: 7, fraction: 1 });
    assert.ok(reports.slice(0, 7).every((r) => r.stage === 'parsing' && r.pagesDone === 0));
  });

  it('starts a resumed OCR pass at the pages an earlier attempt read', () => {
    const { reports, progress } = follow('force');
    progress.parsed(20, 20);
    progress.ocrStarting(20, 20, 10, true);
    assert.equal(reports.at(-1)?.pagesDone, 10);
    assert.ok((reports.at(-1)?.fraction ?? 0) > 0.5);
  });

  it('under auto, counts parsed pages, OCRs the rest from there, and never goes back', () => {
    const { reports, progress } = follow('auto');
    for (let page = 1; page <= 4; page++) progress.parsed(page, 4);
    // Two of the four pages turn out to need OCR; a premium pass may follow the first.
    progress.ocrStarting(4, 2, 0, false);
    progress.ocrPage(1);
    progress.ocrPage(2);
    const afterFirst = reports.at(-1)!;
    assert.equal(afterFirst.fraction, 0.75);
    progress.ocrStarting(4, 2, 0, true);
    progress.ocrPage(1);
    progress.ocrPage(2);
    inOrder(reports);
    assert.deepEqual(reports.at(-1), { stage: 'ocr', pagesDone: 4, pagesTotal: 4, fraction: 1 });
  });

  it('without OCR, parsing is the whole reading', () => {
    const { reports, progress } = follow('off');
    progress.parsed(1, 2);
    progress.parsed(2, 2);
    assert.deepEqual(reports.at(-1), { stage: 'parsing', pagesDone: 2, pagesTotal: 2, fraction: 1 });
  });
});
