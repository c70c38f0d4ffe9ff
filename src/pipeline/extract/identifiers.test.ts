import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  findEmails,
  findIbans,
  findPercents,
  findPhones,
  findUrls,
  findVatIds,
  ibanChecksumOk,
} from './identifiers.ts';

const values = (found: { value: string | number }[]) => found.map((f) => f.value);

describe('identifiers', () => {
  it('finds e-mail addresses and web addresses', () => {
    assert.deepEqual(values(findEmails('mail: Info@Example.com.')), ['info@example.com']);
    assert.deepEqual(values(findUrls('see www.example.com/x.')), ['https://www.example.com/x']);
  });

  it('finds phone numbers but not dates or amounts', () => {
    assert.deepEqual(values(findPhones('Tel: +49 (0)30 123456-78')), ['+49 (0)30 123456-78']);
    assert.deepEqual(values(findPhones('Date 03/04/2018 Total 1234.56')), []);
  });

  it('accepts an IBAN only when its check digits hold', () => {
    assert.deepEqual(values(findIbans('IBAN DE89 3704 0044 0532 0130 00 BIC COBADEFFXXX')), [
      'DE89370400440532013000',
    ]);
    assert.equal(ibanChecksumOk('DE89370400440532013000'), true);
    assert.equal(ibanChecksumOk('DE88370400440532013000'), false);
    assert.deepEqual(findIbans('IBAN DE88 3704 0044 0532 0130 00'), []);
  });

  it('finds VAT ids by their country prefix, bare tax numbers only next to a label', () => {
    assert.deepEqual(values(findVatIds('VAT: DE123456789, BTW NL123456789B01', false)), [
      'DE123456789',
      'NL123456789B01',
    ]);
    assert.deepEqual(findVatIds('GST 000656195584', false), []);
    assert.deepEqual(values(findVatIds('000656195584', true)), ['000656195584']);
  });

  it('reads percentages as numbers', () => {
    assert.deepEqual(values(findPercents('VAT 19 %, reduced 7,5%')), [19, 7.5]);
  });

  it('takes a prefixed VAT id only in the shape of its country', () => {
    assert.deepEqual(values(findVatIds('UStId DE 232 446 240', false)), ['DE232446240']);
    assert.deepEqual(values(findVatIds('BTW NL810433941B01', false)), ['NL810433941B01']);
    // Nine digits and a B: a Dutch id; eight digits after DE are not a German one.
    assert.deepEqual(findVatIds('DE 12345678', false), []);
    assert.deepEqual(findVatIds('IT 12.50 13.00 14.00', false), []);
  });
});
