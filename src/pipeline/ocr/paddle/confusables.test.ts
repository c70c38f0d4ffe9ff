import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { mendConfusables } from './confusables.ts';

describe('PaddleOCR confusables: 0 and O', () => {
  it('reads a 0 inside a word of letters as the letter, in its case', () => {
    assert.equal(mendConfusables('L0T'), 'LOT');
    assert.equal(mendConfusables('INV0ICE'), 'INVOICE');
    assert.equal(mendConfusables('FL0OR,'), 'FLOOR,');
    assert.equal(mendConfusables('r0jan'), 'rojan');
  });

  it('leaves codes, quantities and digits at a word end alone', () => {
    for (const word of ['SH01', 'T0173', '10PCS', 'B0', 'A0', '100', 'LVD1P-PS', 'Tab1e', 'CL45-Y5S'])
      assert.equal(mendConfusables(word), word);
  });

  it('reads an O inside a number or as an amount after a currency as the digit', () => {
    assert.equal(mendConfusables('RMO.20'), 'RM0.20');
    assert.equal(mendConfusables('-RMO.01'), '-RM0.01');
    assert.equal(mendConfusables('$O.50'), '$0.50');
    assert.equal(mendConfusables('O.50'), '0.50');
    assert.equal(mendConfusables('1O5'), '105');
  });

  it('keeps the O of words and abbreviations', () => {
    for (const word of ['NO.12', 'No.', 'CO.', 'O', 'TOTAL', 'SO.'] as const)
      assert.equal(mendConfusables(word), word);
  });
});
