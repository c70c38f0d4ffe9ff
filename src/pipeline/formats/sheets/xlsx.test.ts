import assert from 'node:assert/strict';
import { test } from 'node:test';
import ExcelJS from 'exceljs';
import type { Block } from '../../types.ts';
import { parseXlsx } from './xlsx.ts';

async function workbook(build: (wb: ExcelJS.Workbook) => void): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  build(wb);
  return new Uint8Array(await wb.xlsx.writeBuffer());
}

const table = (blocks: Block[]) => blocks.find((b) => b.type === 'table')!;

test('each sheet is a page: name as heading, used range as a table with typed values', async () => {
  const bytes = await workbook((wb) => {
    const ws = wb.addWorksheet('Invoices');
    ws.addRow(['Client', 'Amount', 'Share', 'Due', 'Paid']);
    ws.addRow(['Acme', 1234.5, 0.25, new Date(Date.UTC(2024, 2, 15)), true]);
    ws.getCell('B2').numFmt = '#,##0.00 "EUR"';
    ws.getCell('C2').numFmt = '0%';
    ws.getCell('D2').numFmt = 'dd/mm/yyyy';
    ws.getCell('A3').value = { formula: 'UPPER(A2)', result: 'ACME' };
    ws.getCell('B3').value = { formula: 'B2*2', result: 2469 };
    wb.addWorksheet('Empty');
  });
  const doc = parseXlsx(bytes);
  assert.equal(doc.metadata.pages, 2);
  assert.equal(doc.metadata.fileType, 'xlsx');
  const page = doc.pages[0]!;
  assert.deepEqual(page.blocks[0], { type: 'heading', text: 'Invoices', level: 2, bbox: null });
  const t = table(page.blocks);
  assert.deepEqual(t.rows![1], ['Acme', '1,234.50 EUR', '25%', '15/03/2024', 'TRUE']);
  assert.deepEqual(t.rows![2], ['ACME', '2469', '', '', '']);
  const cell = (r: number, c: number) => t.cells!.find((x) => x.row === r && x.col === c)!;
  assert.equal(cell(1, 1).value, 1234.5);
  assert.equal(cell(1, 1).valueType, 'number');
  assert.equal(cell(1, 3).value, '2024-03-15');
  assert.equal(cell(1, 3).valueType, 'date');
  assert.equal(cell(1, 4).value, true);
  assert.equal(cell(2, 1).value, 2469); // the formula's cached value
  assert.match(page.markdown, /## Invoices\n\n\| Client \| Amount/);
  assert.deepEqual(doc.pages[1]!.blocks, [{ type: 'heading', text: 'Empty', level: 2, bbox: null }]);
});

test('merged cells become spans; hidden sheets are flagged and still read', async () => {
  const bytes = await workbook((wb) => {
    const ws = wb.addWorksheet('Report');
    ws.getCell('A1').value = 'Quarterly report';
    ws.mergeCells('A1:C2');
    ws.getCell('A3').value = 'Q1';
    ws.getCell('C3').value = 3;
    const secret = wb.addWorksheet('Lookup', { state: 'hidden' });
    secret.getCell('A1').value = 'rate';
  });
  const doc = parseXlsx(bytes);
  const t = table(doc.pages[0]!.blocks);
  const title = t.cells!.find((c) => c.text === 'Quarterly report')!;
  assert.equal(title.rowSpan, 2);
  assert.equal(title.colSpan, 3);
  assert.equal(t.rows!.length, 3);
  const hidden = doc.pages[1]!;
  assert.equal(hidden.blocks[0]!.hidden, true);
  assert.equal(table(hidden.blocks).hidden, true);
  assert.equal(table(hidden.blocks).text, 'rate');
});
