import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkEditOperations } from '../../core/edit-operations.ts';
import type { ParsedDocument, ParsedPage } from '../types.ts';
import { redactText, textRules } from './find-redactions.ts';
import { applyPageOperation, initialPlan, type PlannedPage } from './page-plan.ts';
import { verifyRedactions } from './verify-redactions.ts';

const pagesOf = (plan: PlannedPage[]) => plan.map((page) => `${page.source}:${page.page}@${page.rotation}`);

/** A page of one line, its words 20 points apart. */
function pageOf(text: string): ParsedPage {
  const words = text.split(' ').map((word, k) => ({
    text: word,
    bbox: [k * 20, 10, k * 20 + 15, 22] as [number, number, number, number],
    confidence: 1,
  }));
  return {
    page: 1,
    width: 612,
    height: 792,
    text,
    markdown: text,
    textLayer: true,
    source: 'textLayer',
    blocks: [],
    lines: [{ text, bbox: [0, 10, 600, 22], confidence: 1, words }],
  };
}

describe('edit page plan', () => {
  it('rotates, deletes, extracts and reorders by the page numbers the operations before left', () => {
    let plan = initialPlan(0, 4);
    plan = applyPageOperation(plan, { type: 'rotate', pages: '2-3', degrees: 270 }, 'op0');
    plan = applyPageOperation(plan, { type: 'rotate', pages: '3', degrees: 180 }, 'op1');
    plan = applyPageOperation(plan, { type: 'delete', pages: '1' }, 'op2');
    assert.deepEqual(pagesOf(plan), ['0:2@270', '0:3@90', '0:4@0']);
    plan = applyPageOperation(plan, { type: 'reorder', order: [3, 1, 2] }, 'op3');
    assert.deepEqual(pagesOf(plan), ['0:4@0', '0:2@270', '0:3@90']);
    plan = applyPageOperation(plan, { type: 'extract', pages: '2-' }, 'op4');
    assert.deepEqual(pagesOf(plan), ['0:2@270', '0:3@90']);
  });

  it('fails a page past the end, a reorder that misses a page, and deleting every page', () => {
    const plan = initialPlan(0, 2);
    assert.throws(
      () => applyPageOperation(plan, { type: 'delete', pages: '3' }, 'op'),
      /page 3 does not exist/,
    );
    assert.throws(
      () => applyPageOperation(plan, { type: 'reorder', order: [1] }, 'op'),
      /each of the 2 pages/,
    );
    assert.throws(() => applyPageOperation(plan, { type: 'delete', pages: '1-' }, 'op'), /every page/);
  });

  it('checks operations at submit, naming the field', () => {
    const bad = (operations: unknown, dependsOn: `job_${string}`[] = []) => {
      const checked = checkEditOperations(operations, dependsOn);
      return checked.ok ? null : checked.field;
    };
    assert.equal(bad([{ type: 'rotate', degrees: -90 }]), null);
    assert.deepEqual(checkEditOperations([{ type: 'rotate', degrees: -90 }], []), {
      ok: true,
      value: [{ type: 'rotate', pages: null, degrees: 270 }],
    });
    assert.equal(bad([]), 'options.operations');
    assert.equal(bad([{ type: 'rotate', degrees: 90, order: [1] }]), 'options.operations[0].order');
    assert.equal(bad([{ type: 'delete', pages: '3-1' }]), 'options.operations[0].pages');
    assert.equal(bad([{ type: 'redact', fields: ['total'] }]), 'options.operations[0].fields');
    assert.equal(bad([{ type: 'redact', regexes: ['x*'] }]), 'options.operations[0].regexes[0]');
    const parent = 'job_01m96vnt1nmj29jrdg3153bx7z';
    assert.equal(bad([{ type: 'merge', jobs: [parent] }], [parent]), null);
    assert.equal(bad([{ type: 'merge', jobs: [parent] }]), 'options.operations[0].jobs');
  });
});

describe('redaction matching and its proof', () => {
  it('takes whole words a string or regex touches, across words too', () => {
    const page = pageOf('Dear Jane Doe, account 4411-2233 is jane@example.com');
    const removed = new Set<string>();
    const [name, number, mail] = textRules({
      type: 'redact',
      pages: null,
      strings: ['jane doe', '4411'],
      regexes: ['\\S+@\\S+'],
      caseSensitive: false,
      fromJob: null,
      fields: null,
    });
    assert.deepEqual(redactText(page, name!, removed), { matches: 1, words: 2 });
    assert.deepEqual(redactText(page, number!, removed), { matches: 1, words: 1 });
    assert.deepEqual(redactText(page, mail!, removed), { matches: 1, words: 1 });
    assert.deepEqual([...removed].sort(), ['0:1', '0:2', '0:4', '0:6']);
  });

  it('fails when the re-parse still finds a redacted text, and passes when it does not', () => {
    const plan: PlannedPage[] = [
      { source: 0, page: 1, rotation: 0, redaction: { boxes: [], removed: new Set(), patterns: [/doe/giu] } },
    ];
    const parsed = (text: string) => ({ pages: [pageOf(text)] }) as unknown as ParsedDocument;
    assert.throws(() => verifyRedactions(parsed('Dear Jane Doe'), plan), /still matches/);
    assert.doesNotThrow(() => verifyRedactions(parsed('Dear Jane'), plan));
    // A word back inside a painted box (an evidence box: no text rule names it) fails too.
    const painted = new Map([[0, [[19, 9, 36, 23] as [number, number, number, number]]]]);
    assert.throws(() => verifyRedactions(parsed('Dear Jane'), plan, painted), /"Jane" inside a redacted box/);
    assert.doesNotThrow(() => verifyRedactions(parsed('Dear'), plan, painted));
  });
});
