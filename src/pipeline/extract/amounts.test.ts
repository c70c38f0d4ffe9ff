import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { findAmounts, joinSplitDecimals, parseNumber } from './amounts.ts';
import { documentCurrency } from './currencies.ts';

const first = (text: string) => {
  const a = findAmounts(text)[0];
  return a ? { value: a.value, currency: a.currency, token: a.token } : null;
};

describe('amounts', () => {
  it('reads thousands separators and decimal marks of both conventions', () => {
    assert.equal(parseNumber('1,234.56'), 1234.56);
    assert.equal(parseNumber('1.234,56'), 1234.56);
    assert.equal(parseNumber('1234'), 1234);
    assert.equal(parseNumber('1,234'), 1234);
    assert.equal(parseNumber('12,5'), 12.5);
    assert.equal(parseNumber('abc'), null);
    assert.deepEqual(first('1 234,56 €'), { value: 1234.56, currency: 'EUR', token: '1 234,56' });
    assert.deepEqual(first("CHF 1'234.50"), { value: 1234.5, currency: 'CHF', token: "1'234.50" });
  });

  it('separates the currency from the number and keeps the printed word', () => {
    assert.deepEqual(first('RM 8.20'), { value: 8.2, currency: 'MYR', token: '8.20' });
    assert.deepEqual(first('TOTAL RM8.20'), { value: 8.2, currency: 'MYR', token: 'RM8.20' });
    assert.deepEqual(first('$8.20'), { value: 8.2, currency: 'USD', token: '$8.20' });
    assert.deepEqual(first('8,20 €'), { value: 8.2, currency: 'EUR', token: '8,20' });
    assert.deepEqual(first('Total: 4,904.94 EUR'), { value: 4904.94, currency: 'EUR', token: '4,904.94' });
    assert.deepEqual(first('Rs. 319'), { value: 319, currency: 'INR', token: '319' });
  });

  it('reads negative amounts in their usual forms', () => {
    assert.equal(first('(12.00)')?.value, -12);
    assert.equal(first('12.00-')?.value, -12);
    assert.equal(first('-5.00')?.value, -5);
  });

  it('leaves percentages, dates, times and references alone', () => {
    assert.deepEqual(findAmounts('VAT 15%'), []);
    assert.deepEqual(findAmounts('21/02/18 18:22'), []);
    assert.deepEqual(findAmounts('INV/2023/03/0008'), []);
    assert.deepEqual(
      findAmounts('Tax 15% on $ 112.90 $ 16.94').map((a) => a.value),
      [112.9, 16.94],
    );
  });

  it('names the document currency, codes outweighing a stray sign', () => {
    assert.deepEqual(documentCurrency(['Total 12.00 EUR', 'Fee $ 1.00'])?.code, 'EUR');
    assert.deepEqual(documentCurrency(['RM 8.20', 'CASH RM 10.00'])?.code, 'MYR');
    assert.equal(documentCurrency(['no money here']), null);
  });

  it('mends the space OCR puts beside a decimal mark, without gluing two amounts', () => {
    assert.deepEqual(
      findAmounts('GRAND TOTAL 41 .14').map((a) => [a.value, a.mended]),
      [[41.14, true]],
    );
    assert.equal(findAmounts('Total 12. 50')[0]?.value, 12.5);
    assert.equal(findAmounts('1 234,56 EUR')[0]?.value, 1234.56);
    assert.deepEqual(
      findAmounts('5, 10').map((a) => a.value),
      [5, 10],
    );
    assert.deepEqual(
      findAmounts('12.50 13.00').map((a) => a.value),
      [12.5, 13],
    );
  });

  it('reads no amount inside an identifier', () => {
    assert.deepEqual(findAmounts('UStId DE 232 446 240'), []);
    assert.deepEqual(findAmounts('IBAN NL50INGB0683251309'), []);
    assert.deepEqual(findAmounts('Account 296664039561'), []);
    assert.deepEqual(
      findAmounts('BTW NL810433941B01 € 124,61').map((a) => a.value),
      [124.61],
    );
  });

  it('joins an amount OCR split inside its decimals, and nothing else', () => {
    assert.equal(joinSplitDecimals('72. 00'), '72.00');
    assert.equal(joinSplitDecimals('RM7.0 0'), 'RM7.00');
    assert.equal(joinSplitDecimals('1 234,56'), '1 234,56');
    assert.equal(joinSplitDecimals('RM 8.20'), 'RM 8.20');
    assert.equal(joinSplitDecimals('12.50 2'), '12.50 2');
  });
});
