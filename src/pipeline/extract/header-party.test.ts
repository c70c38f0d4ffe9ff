import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { extractBuiltIn } from './built-in-engine.ts';
import { documentOf, ocrPage, type Run } from './testing/synthetic.ts';
import type { JsonSchema } from './types.ts';

const schema: JsonSchema = {
  type: 'object',
  properties: {
    company: { type: 'string', description: 'Name of the company or shop that issued the receipt' },
    address: { type: 'string', description: 'Address of the company that issued the receipt' },
  },
};

/** A receipt whose header is `header`, with a body under it. */
function issuer(header: Run[]) {
  const body: Run[] = [
    [100, 400, 'Date: 14/05/2018'],
    [100, 440, 'Coffee'],
    [700, 440, '4.50'],
    [100, 480, 'TOTAL'],
    [700, 480, '4.50'],
  ];
  const out = extractBuiltIn(documentOf([ocrPage([...header, ...body])]), { schema, prompt: null });
  return out.data;
}

describe('the issuer at the top of a receipt', () => {
  it('takes a name whose registration code in brackets is longer than its letters', () => {
    const data = issuer([
      [300, 40, 'ACME CO. (M) BHD (126926-H)'],
      [300, 80, '3RD FLR, ACME MALL'],
      [300, 120, '55100 KUALA LUMPUR'],
    ]);
    assert.equal(data.company, 'ACME CO. (M) BHD');
    assert.equal(data.address, '3RD FLR, ACME MALL 55100 KUALA LUMPUR');
  });

  it('does not take a legal form alone for the name, but finishes the line above with it', () => {
    const data = issuer([
      [300, 40, 'GREEN LEAF HEALTHCARE SDN'],
      [300, 70, 'BHD'],
      [300, 110, 'B-8, JALAN SS15/4D,'],
      [300, 150, '47500 SUBANG JAYA, SELANGOR'],
    ]);
    assert.equal(data.company, 'GREEN LEAF HEALTHCARE SDN BHD');
    assert.equal(data.address, 'B-8, JALAN SS15/4D, 47500 SUBANG JAYA, SELANGOR');
  });

  it('ends the address at a title read without its spaces', () => {
    const data = issuer([
      [300, 40, 'SUNRISE TRADING LTD'],
      [300, 80, '12 High Street'],
      [300, 120, 'Leeds LS1 4AB'],
      [300, 160, 'TAXINVOICE'],
    ]);
    assert.equal(data.address, '12 High Street Leeds LS1 4AB');
  });

  it('reads the name off a sender line over the address window, camel case and all', () => {
    const data = issuer([
      [60, 60, 'BrightHosting AG - Uferweg 40-42 - D-63571 Gelnhausen'],
      [60, 120, 'Customer Ltd.'],
      [60, 150, '93B Sai Yu Chung'],
      [60, 180, 'Yuen Long, N.T.'],
    ]);
    assert.equal(data.company, 'BrightHosting AG');
  });

  it('reads the name beside a big title OCR broke into single letters', () => {
    // Three segments: the name, then "INVOICE" read as "N V" and "E" far to the right.
    const data = issuer([
      [60, 60, 'Harbour Repairs'],
      [600, 60, 'N V'],
      [800, 60, 'E'],
      [60, 120, 'repairs@example.com'],
    ]);
    assert.equal(data.company, 'Harbour Repairs');
  });
});
