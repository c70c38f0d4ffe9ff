import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isSelected, parsePageSelection } from './page-selection.ts';
import { checkParseOptions } from './parse-options.ts';

describe('page selection', () => {
  it('reads pages, ranges and open ranges', () => {
    const ranges = parsePageSelection('1-3, 7,10-');
    assert.deepEqual(ranges, [
      { from: 1, to: 3 },
      { from: 7, to: 7 },
      { from: 10, to: null },
    ]);
    const chosen = [1, 2, 3, 4, 7, 9, 10, 500].filter((n) => isSelected(ranges as never, n));
    assert.deepEqual(chosen, [1, 2, 3, 7, 10, 500]);
    assert.ok(isSelected(null, 42));
  });

  it('names what is wrong with a bad selection', () => {
    for (const bad of ['', '0', '3-1', 'a', '1,,2', '1-2-3', '-4']) {
      const result = parsePageSelection(bad);
      assert.ok('error' in result, bad);
    }
    assert.match((parsePageSelection('5-2') as { error: string }).error, /"5-2"/);
  });

  it('is checked with the parse options, beside pageSeparator', () => {
    const ok = checkParseOptions({ pages: '2-3', pageSeparator: '\n---\n' });
    assert.ok(ok.ok);
    assert.equal(ok.value.pages, '2-3');
    const bad = checkParseOptions({ pages: 'three' });
    assert.ok(!bad.ok && bad.field === 'options.pages');
    const badSeparator = checkParseOptions({ pageSeparator: 'x'.repeat(201) });
    assert.ok(!badSeparator.ok && badSeparator.field === 'options.pageSeparator');
    const defaults = checkParseOptions({});
    assert.ok(defaults.ok && defaults.value.pages === null && defaults.value.pageSeparator === null);
  });
});
