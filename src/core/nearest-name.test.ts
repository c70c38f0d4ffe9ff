import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { didYouMean, nearestName } from './nearest-name.ts';

const submitFields = ['document', 'url', 'type', 'options', 'metadata', 'priority', 'fileName', 'mimeType'];
const parseOptions = ['ocr', 'languages', 'ocrMode', 'ocrEngine', 'minQuality', 'pages', 'keepFurniture'];

describe('nearestName', () => {
  it('ignores case and separators', () => {
    assert.equal(nearestName('filename', submitFields), 'fileName');
    assert.equal(nearestName('file_name', submitFields), 'fileName');
    assert.equal(nearestName('ocr_mode', parseOptions), 'ocrMode');
    assert.equal(nearestName('OCR-Engine', parseOptions), 'ocrEngine');
    assert.equal(nearestName('mime-type', submitFields), 'mimeType');
  });

  it('takes the closest name within a few edits', () => {
    assert.equal(nearestName('prioirty', submitFields), 'priority');
    assert.equal(nearestName('metdata', submitFields), 'metadata');
    assert.equal(nearestName('language', parseOptions), 'languages');
    assert.equal(nearestName('tpye', submitFields), null, 'a swap is two edits: too many for four letters');
    assert.equal(nearestName('uri', submitFields), 'url');
  });

  it('suggests nothing when no name is close', () => {
    assert.equal(nearestName('file', submitFields), null, 'four edits from fileName: not a typo of it');
    assert.equal(nearestName('colour', submitFields), null);
    assert.equal(nearestName('x', submitFields), null);
    assert.equal(nearestName('', submitFields), null);
    assert.equal(nearestName('anything', []), null);
  });

  it('words the hint for a message', () => {
    assert.equal(didYouMean('filename', submitFields), '; did you mean "fileName"?');
    assert.equal(didYouMean('colour', submitFields), '');
  });
});
