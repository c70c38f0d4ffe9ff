import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkParseOptions, defaultParseOptions } from './parse-options.ts';

describe('parse options', () => {
  it('fills in the defaults', () => {
    assert.deepEqual(checkParseOptions({}), { ok: true, value: defaultParseOptions });
  });

  it('takes languages as a list or as "eng+deu", without repeats', () => {
    const list = checkParseOptions({ languages: ['eng', 'deu', 'eng'] });
    assert.deepEqual(list.ok && list.value.languages, ['eng', 'deu']);
    const joined = checkParseOptions({
      languages: 'fra+spa',
      ocr: 'force',
      ocrMode: 'premium',
      minQuality: 0.7,
      keepFurniture: true,
    });
    assert.deepEqual(joined, {
      ok: true,
      value: {
        ocr: 'force',
        languages: ['fra', 'spa'],
        ocrMode: 'premium',
        ocrEngine: 'auto',
        minQuality: 0.7,
        pages: null,
        pageSeparator: null,
        keepFurniture: true,
        mergeTables: false,
      },
    });
  });

  it('names the field at fault', () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ languages: ['klingon'] }, 'options.languages'],
      [{ languages: [] }, 'options.languages'],
      [{ ocr: true }, 'options.ocr'],
      [{ ocrMode: 'fast' }, 'options.ocrMode'],
      [{ ocrEngine: 'easyocr' }, 'options.ocrEngine'],
      [{ ocrEngine: 'paddle', languages: ['eng', 'deu'] }, 'options.ocrEngine'],
      [{ minQuality: 1.5 }, 'options.minQuality'],
      [{ minQuality: '0.5' }, 'options.minQuality'],
      [{ keepFurniture: 'yes' }, 'options.keepFurniture'],
      [{ dpi: 300 }, 'options.dpi'],
    ];
    for (const [options, field] of cases) {
      const checked = checkParseOptions(options);
      assert.equal(checked.ok, false, JSON.stringify(options));
      assert.equal(!checked.ok && checked.field, field);
    }
  });
});
