import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { ParsedDocument, ParsedPage } from '../types.ts';
import { confidenceAndEvidence, locate, shows as showsIn, TextReadings } from './value-evidence.ts';

const shows = (value: unknown, text: string) => showsIn(value, text, new TextReadings());

describe('shows', () => {
  test('finds numbers as invoices print them', () => {
    for (const printed of [
      '1234.5',
      '1234.50',
      '1,234.50',
      '1.234,50',
      '1 234,50',
      "1'234.50",
      'EUR 1234,50',
    ]) {
      assert.ok(shows(1234.5, `Total ${printed}`), printed);
    }
    assert.ok(shows(-12.5, 'Discount (12.50)'));
    assert.ok(shows(-12.5, 'Discount 12.50-'));
    assert.ok(shows(3, 'Qty: 3 pcs'));
    assert.ok(shows(0.125, 'Weight 0.125 kg'));
    assert.equal(shows(0.125, 'Weight 10.125 kg'), false);
  });

  test('does not find a number inside a longer one', () => {
    assert.equal(shows(12, 'Total 3125'), false);
    assert.equal(shows(12, 'Total 12.50'), false);
    assert.equal(shows(12.5, 'Total 112.50'), false);
    assert.equal(shows(2.5, 'Total 12.50'), false);
  });

  test('finds ISO dates as documents print them', () => {
    for (const printed of [
      '2024-03-01',
      '01/03/2024',
      '3/1/2024',
      '01.03.24',
      '1 March 2024',
      'Mar 1, 2024',
      '01-Mar-2024',
    ]) {
      assert.ok(shows('2024-03-01', `Date: ${printed}`), printed);
    }
    assert.equal(shows('2024-03-01', 'Date: 2024-03-11'), false);
  });

  test('matches strings whole-word, ignoring case and spacing; booleans have no printed form', () => {
    assert.ok(shows('Acme  Paper', 'Vendor: ACME paper Ltd'));
    assert.equal(shows('Acme', 'Acmeco Ltd'), false);
    assert.ok(shows('Unihakka International Sdn Bhd', 'UNIHAKKA INTERNATIONAL. SDN. BHD'));
    assert.ok(shows('Café Müller', 'CAFE MULLER, Berlin'));
    assert.equal(shows(true, 'Paid: true'), false);
  });
});

function page(number: number, text: string, extra: Partial<ParsedPage> = {}): ParsedPage {
  return {
    page: number,
    width: 600,
    height: 800,
    text,
    markdown: text,
    textLayer: false,
    source: 'ocr',
    blocks: [],
    ...extra,
  };
}

function documentOf(pages: ParsedPage[]): ParsedDocument {
  const text = pages.map((p) => p.text).join('\n\n');
  return {
    metadata: { pages: pages.length, fileType: 'png', mimeType: 'image/png', title: null, author: null },
    pages,
    text,
    markdown: text,
  };
}

describe('locate and confidenceAndEvidence', () => {
  const scanned = documentOf([
    page(1, 'CORNER SHOP\nMilk 1.20'),
    page(2, 'Bread 2.40\nTOTAL 3.60', {
      lines: [
        { text: 'Bread 2.40', bbox: [10, 10, 200, 30], confidence: 0.9, words: [] },
        { text: 'TOTAL 3.60', bbox: [10, 40, 200, 60], confidence: 0.9, words: [] },
      ],
    }),
  ]);

  test('gives the page, the line and the OCR line box', () => {
    assert.deepEqual(locate(3.6, scanned), { page: 2, text: 'TOTAL 3.60', bbox: [10, 40, 200, 60] });
    assert.deepEqual(locate('Corner shop', scanned), { page: 1, text: 'CORNER SHOP', bbox: null });
    assert.equal(locate(9.99, scanned), null);
  });

  test('scores found values 0.9, others 0.6, missing 0, with paths for nested fields', () => {
    const { confidence, evidence } = confidenceAndEvidence(
      {
        shop: 'Corner Shop',
        total: 3.6,
        cashier: null,
        paidByCard: true,
        items: [{ name: 'Milk', price: 1.2 }],
        notes: [],
      },
      scanned,
    );
    assert.deepEqual(confidence, {
      shop: 0.9,
      total: 0.9,
      cashier: 0,
      paidByCard: 0.6,
      'items[0].name': 0.9,
      'items[0].price': 0.9,
      notes: 0,
    });
    assert.deepEqual(Object.keys(evidence), ['shop', 'total', 'items[0].name', 'items[0].price']);
    assert.equal(evidence['items[0].price']!.text, 'Milk 1.20');
  });
});
