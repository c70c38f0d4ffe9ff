import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  combineScores,
  ocrConfidence,
  qualityCategory,
  textLayerQuality,
  wordConfidence,
} from './quality.ts';

describe('quality', () => {
  it('puts scores in the API bands', () => {
    const bands = [1, 0.85, 0.849, 0.7, 0.69, 0.4, 0.39, 0].map(qualityCategory);
    assert.deepEqual(bands, [
      'Very Confident',
      'Very Confident',
      'Confident',
      'Confident',
      'Likely Handwriting Problems',
      'Likely Handwriting Problems',
      'Many Problems',
      'Many Problems',
    ]);
  });

  it('weights word confidences by characters', () => {
    assert.equal(wordConfidence(96), 0.96);
    assert.equal(wordConfidence(-1), 0);
    assert.equal(wordConfidence(Number.NaN), 0);
    const words = [
      { text: 'Invoice', confidence: 0.9 },
      { text: '|', confidence: 0.1 },
    ];
    assert.equal(ocrConfidence(words), 0.8); // (7 × 0.9 + 1 × 0.1) / 8, to four places
    assert.equal(ocrConfidence([]), 0);
  });

  it('combines page scores by weight, null when there is nothing to weigh', () => {
    assert.equal(
      combineScores([
        { score: 1, weight: 300 },
        { score: 0.5, weight: 100 },
      ]),
      0.875,
    );
    assert.equal(combineScores([]), null);
    assert.equal(combineScores([{ score: 0.4, weight: 0 }]), null);
  });

  it('scores a clean text layer high', () => {
    const prose =
      'Invoice No. 2024-0117, dated 03/03/2024. Total: €1,234.56 (incl. 19% VAT). ' +
      "Contact: billing@example.com or https://example.com/help — we're open 9:00-17:00. " +
      'Die Größe der Straße • ¿Dónde está? • • • ..........';
    assert.ok(textLayerQuality(prose) > 0.95, `${textLayerQuality(prose)}`);
  });

  it('scores broken text layers low', () => {
    const cases = {
      empty: '',
      blank: ' \n\t ',
      replacement: 'Th\uFFFD qu\uFFFDck br\uFFFDwn f\uFFFDx jum\uFFFDs',
      privateUse: '\uE001\uE002\uE003 \uE010\uE011 \uE020\uE021\uE022\uE023',
      cid: '(cid:12)(cid:45)(cid:7) (cid:88)(cid:3) (cid:19)(cid:20)(cid:21)',
      spacedOut: 'T h i s  i s  a  l e t t e r - s p a c e d  h e a d i n g',
      noSpaces:
        'Thisisalongsentencewhosespaceswerelostwhenthetextwasextracted fromthePDFtextlayerbyatoolthatdidnotseethegaps',
      controls: 'abc\u0001def \u0002ghi\u0003 jkl\u0007',
      symbols: '#$%&*@! ^^&&%% @#@#@# ~~`|\\',
    };
    for (const [name, text] of Object.entries(cases)) {
      assert.ok(textLayerQuality(text) < 0.3, `${name}: ${textLayerQuality(text)}`);
    }
    assert.equal(textLayerQuality(''), 0);
  });

  it('lets a little noise cost a little', () => {
    const text = 'The quarterly report shows revenue growth in all regions except one. (cid:3)';
    const score = textLayerQuality(text);
    assert.ok(score > 0.8 && score < 1, `${score}`);
  });
});
