import assert from 'node:assert/strict';
import { test } from 'node:test';
import ExcelJS from 'exceljs';
import { detectFileType } from '../../detect.ts';
import { odsFile } from './testing/ods-fixture.ts';

test('XLSX and ODS are told from their bytes, CSV/TSV from the name or type, XLS is refused', async () => {
  const wb = new ExcelJS.Workbook();
  wb.addWorksheet('S').getCell('A1').value = 1;
  const xlsx = new Uint8Array(await wb.xlsx.writeBuffer());
  assert.equal((await detectFileType(xlsx.subarray(0, 4096), 'x.bin', null)).kind, 'xlsx');
  assert.equal((await detectFileType(odsFile('').subarray(0, 4096), null, null)).kind, 'ods');
  const csv = new TextEncoder().encode('a,b\n1,2\n');
  assert.equal((await detectFileType(csv, 'data.csv', null)).kind, 'csv');
  assert.equal((await detectFileType(csv, 'export', 'text/tab-separated-values')).kind, 'csv');
  assert.equal((await detectFileType(csv, 'notes.txt', null)).kind, 'text');
  const cfb = Buffer.alloc(1024);
  Buffer.from('d0cf11e0a1b11ae1', 'hex').copy(cfb);
  Buffer.from('Workbook', 'utf16le').copy(cfb, 600);
  await assert.rejects(detectFileType(cfb, null, null), /save it as \.xlsx/);
});
