import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { extractBuiltIn } from './built-in-engine.ts';
import { hasPostcode } from './header-address.ts';
import { documentOf, ocrPage, type Run } from './testing/synthetic.ts';
import type { JsonSchema } from './types.ts';

const schema: JsonSchema = {
  type: 'object',
  properties: {
    company: { type: 'string', description: 'Name of the company or shop that issued the receipt' },
    address: { type: 'string', description: 'Address of the company that issued the receipt' },
    total: { type: 'string', description: 'Total amount paid' },
  },
};

/** A receipt whose header is `header` (30 units a line from y = 40), with `body` under it. */
function receipt(header: string[], body: Run[] = []) {
  const runs: Run[] = header.map((text, k) => [300, 40 + 30 * k, text]);
  const start = 80 + 30 * header.length;
  const defaults: Run[] = [
    [100, start, 'Date: 14/05/2018'],
    [100, start + 40, 'Coffee'],
    [700, start + 40, '4.50'],
    [100, start + 80, 'TOTAL'],
    [700, start + 80, '4.50'],
  ];
  // Word confidences as PaddleOCR gives on a sharp receipt photo (0.95-1 on SROIE).
  return extractBuiltIn(
    documentOf([ocrPage([...runs, ...(body.length ? body : defaults)], { confidence: 0.98 })]),
    {
      schema,
      prompt: null,
    },
  ).data;
}

describe('the issuer address under its name', () => {
  it('starts at the street line, past a registration number, a branch name and a phone line', () => {
    const data = receipt([
      'GREEN LEAF TRADING SDN BHD',
      '(867388-U)',
      'GREEN LEAF Cheras',
      'TEL : 03-61855688',
      'No 2A Jalan Cochrane',
      'Taman Maluri',
      '55100 KUALA LUMPUR',
      'GST No.: 000115154944',
    ]);
    assert.equal(data.company, 'GREEN LEAF TRADING SDN BHD');
    assert.equal(data.address, 'No 2A Jalan Cochrane Taman Maluri 55100 KUALA LUMPUR');
  });

  it('takes a street line that starts with letters when it holds the number ("A-G-06, ...")', () => {
    const data = receipt([
      'URBAN LEAF SDN BHD',
      'A-G-06, DATARAN HIJAU,',
      'JALAN SS6/5A, KELANA JAYA,',
      '47301 PETALING JAYA, SELANGOR',
    ]);
    assert.equal(
      data.address,
      'A-G-06, DATARAN HIJAU, JALAN SS6/5A, KELANA JAYA, 47301 PETALING JAYA, SELANGOR',
    );
  });

  it('drops an address label and passes over phone and tax lines printed before it', () => {
    const data = receipt([
      'HILL RAYA BHD (169199-V)',
      'KEPONG OUTLET',
      'TEL / FAX : 03-62636977',
      'GST ID NO: 001600892928',
      'HQ ADD: LOT 11995, BATU 2, JALAN KAPAR',
      '41400 KLANG, SELANGOR',
    ]);
    assert.equal(data.address, 'LOT 11995, BATU 2, JALAN KAPAR 41400 KLANG, SELANGOR');
  });

  it('ends after the postcode line and a state line, not at the order line after them', () => {
    const data = receipt([
      "TONY'S PIZZA",
      "TONY'S PIZZA PERMAS JAYA",
      'No.12, Jalan Permas Jaya 10,',
      'Bandar Baru Permas Jaya, 81750 Masai',
      'Johor',
      'CARRY OUT NOW',
    ]);
    assert.equal(data.address, 'No.12, Jalan Permas Jaya 10, Bandar Baru Permas Jaya, 81750 Masai Johor');
  });

  it('keeps a numbered locality line after the postcode', () => {
    const data = receipt([
      '77 QUICK MART S/B (519537-X)',
      'LOT P.T. 2811, JALAN ANGSA,',
      'TAMAN BERKELEY',
      '41150 KLANG, SELANGOR',
      '1237-TMN INDAH PERDANA',
      'GST ID. NO : 000181747712',
    ]);
    assert.equal(
      data.address,
      'LOT P.T. 2811, JALAN ANGSA, TAMAN BERKELEY 41150 KLANG, SELANGOR 1237-TMN INDAH PERDANA',
    );
  });

  it('tells a postcode from a lot or house number', () => {
    assert.equal(hasPostcode('41400 KLANG, SELANGOR'), true);
    assert.equal(hasPostcode('Bandar Baru Permas Jaya, 81750 Masai'), true);
    assert.equal(hasPostcode('Taman Nusa Bestari, 81300'), true);
    assert.equal(hasPostcode('Leeds LS1 4AB'), true);
    assert.equal(hasPostcode('1012 AB Amsterdam'), true);
    assert.equal(hasPostcode('LOT 11995, BATU 2, JALAN KAPAR'), false);
    assert.equal(hasPostcode('No 2A Jalan Cochrane'), false);
  });
});

describe('the issuer name at the top', () => {
  it('is the trading name, not the owner printed under "Owned By"', () => {
    const data = receipt([
      'SUNNY STATIONERY SHOP',
      'NO. 31G, JALAN SETIA INDAH',
      '40170 SETIA ALAM',
      'Tel: +603-3362 4137',
      'Owned By',
      'SUNNY SUPPLY SDN BHD (1135772-K)',
    ]);
    assert.equal(data.company, 'SUNNY STATIONERY SHOP');
    assert.equal(data.address, 'NO. 31G, JALAN SETIA INDAH 40170 SETIA ALAM');
  });

  it("is not a customer's name printed under the document's date", () => {
    const data = receipt(
      ['GREEN BAKERIES (KL) SDN BHD (139386 X)', 'Lot 3, Jalan Pelabur 23/1,', '40300 Shah Alam, Selangor.'],
      [
        [100, 200, 'TAX INVOICE'],
        [100, 240, 'Date: 21/07/2017'],
        [100, 290, 'MAKASSAR FRESH MARKET SDN BHD'],
        [100, 330, 'GROUND FLOOR, NO. 4 & 6,'],
        [100, 400, 'TOTAL'],
        [700, 400, '33.70'],
      ],
    );
    assert.equal(data.company, 'GREEN BAKERIES (KL) SDN BHD');
  });
});

describe('the total of a receipt', () => {
  const lines = (rows: [string, string][]): Run[] =>
    rows.flatMap(([label, amount], k): Run[] => [
      [100, 200 + 40 * k, label],
      [700, 200 + 40 * k, amount],
    ]);

  it('is the amount paid (cash less change) over a tax summary amount', () => {
    const data = receipt(
      ['MEI LING RESTAURANT', '40150 SHAH ALAM, SELANGOR'],
      lines([
        ['SUB TOTAL', '64.00'],
        ['GST 6%', '3.84'],
        ['ROUNDING ADJ', '0.01'],
        ['Cash NET TOTAL 100.00', '67.85'],
        ['CHANGE', '32.15'],
        ['Tax Summary          Amount', '64.00'],
      ]),
    );
    assert.equal(data.total, '67.85');
  });

  it('reads "TOTAL (GST INCL)" as the total, and an amount OCR split at its decimals as printed', () => {
    const data = receipt(
      ['HEALTHY LIFE SDN BHD', 'Lot B-005, Basement Level 1'],
      lines([
        ['SUBTOTAL', '13.78'],
        ['TOTAL (GST INCL)', '13. 78'],
        ['CASH', '20.00'],
        ['CHANGE DUE', '6.20'],
      ]),
    );
    assert.equal(data.total, '13.78');
  });
});
