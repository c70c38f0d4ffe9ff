import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ParsedPage } from '../types.ts';
import { pageBreaks } from './boundaries.ts';
import { pageSignals } from './page-signals.ts';

const page = (n: number, text: string, size: [number, number] = [595, 842]): ParsedPage => ({
  page: n,
  width: size[0],
  height: size[1],
  text,
  markdown: text,
  textLayer: true,
  source: 'textLayer',
  blocks: text ? [{ type: 'paragraph', text, bbox: null }] : [],
});
const unlabelled = { label: null, confidence: 0 };

describe('page signals', () => {
  it('reads "page n of N", document numbers and blank pages', () => {
    const signals = pageSignals(page(1, 'ACME Ltd\nInvoice No. INV-2024-117\nTotal 80.00\nSeite 2 von 3'));
    assert.deepEqual(signals.pageNumber, { n: 2, of: 3 });
    assert.deepEqual([...signals.documentNumbers], ['INV2024117']);
    assert.equal(signals.blank, false);
    assert.equal(pageSignals(page(2, ' . ')).blank, true);
  });

  it('takes no label for a number: "Invoice date" names no document', () => {
    assert.deepEqual([...pageSignals(page(1, 'Invoice date: 02.05.2024')).documentNumbers], []);
  });
});

describe('page breaks', () => {
  const cut = (pages: ParsedPage[]) =>
    pageBreaks(
      pages.map(pageSignals),
      pages.map(() => unlabelled),
    ).map((b) => b.score > 0);

  it('cuts where the page number restarts and keeps pages whose number runs on', () => {
    const pages = [1, 2, 1].map((n, i) =>
      page(i + 1, `Report on the harbour works\nsome text\nPage ${n} of ${n === 1 && i === 2 ? 1 : 2}`),
    );
    assert.deepEqual(cut(pages), [false, true]);
  });

  it('cuts after a blank separator page, which stays with the part before it', () => {
    const text = 'Minutes of the meeting\nAttendees and agenda items were discussed at length';
    const breaks = pageBreaks([page(1, text), page(2, ''), page(3, text)].map(pageSignals), [
      unlabelled,
      unlabelled,
      unlabelled,
    ]);
    assert.equal(breaks[0]!.score, -Infinity);
    assert.ok(breaks[1]!.cues.some((cue) => cue.cue === 'afterBlankPage'));
  });

  it('does not take the same sheet turned for another paper', () => {
    const front = page(1, 'Hotel Madison\nRoom 12 two nights', [593, 835]);
    const back = page(2, 'Hotel Madison\nThank you for staying', [835, 593]);
    const cues = pageBreaks([front, back].map(pageSignals), [unlabelled, unlabelled])[0]!.cues;
    assert.ok(!cues.some((cue) => cue.cue === 'pageSizeChanged'));
    const other = page(2, 'Cafe Luise\nCoffee 3.50', [224, 399]);
    const changed = pageBreaks([front, other].map(pageSignals), [unlabelled, unlabelled])[0]!.cues;
    assert.ok(changed.some((cue) => cue.cue === 'pageSizeChanged'));
  });
});
