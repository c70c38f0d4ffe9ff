import assert from 'node:assert/strict';
import { readlink, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { DocjobsError } from '../../core/errors.ts';
import {
  isOcrLanguage,
  ocrLanguages,
  osdDataFolder,
  parseOcrLanguages,
  textDataFolder,
} from './languages.ts';

describe('OCR languages', () => {
  it('checks, de-duplicates and keeps the order (the first is the main language)', () => {
    assert.deepEqual(parseOcrLanguages(['deu', 'eng', 'deu']), ['deu', 'eng']);
    assert.ok(isOcrLanguage('fra') && !isOcrLanguage('FRA') && !isOcrLanguage('ita'));
    for (const bad of [[], ['eng', 'ita']]) {
      assert.throws(
        () => parseOcrLanguages(bad),
        (error: DocjobsError) =>
          error.code === 'VALIDATION_ERROR' && /eng, deu, fra, spa/.test(error.message),
      );
    }
  });

  it('links every shipped language into one folder, the same one each time', async () => {
    const folder = await textDataFolder();
    assert.equal(await textDataFolder(), folder);
    assert.equal(((await stat(folder)).mode & 0o077) === 0, true, 'private to this user');
    for (const lang of ocrLanguages) {
      const target = await readlink(join(folder, `${lang}.traineddata.gz`));
      assert.match(target, new RegExp(`@tesseract.js-data/${lang}/4.0.0_best_int/${lang}.traineddata.gz$`));
      assert.ok((await stat(target)).size > 500_000);
    }
  });

  it('finds the legacy OSD data in its package', async () => {
    assert.ok((await stat(join(osdDataFolder(), 'osd.traineddata.gz'))).size > 1_000_000);
  });
});
