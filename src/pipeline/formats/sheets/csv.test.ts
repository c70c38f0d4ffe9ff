import assert from 'node:assert/strict';
import { test } from 'node:test';
import { guessDelimiter, parseCsv } from './csv.ts';
import { sheetLimits } from './limits.ts';

const bytes = (s: string) => new Uint8Array(Buffer.from(s, 'utf8'));

test('CSV: delimiter, quotes with delimiters and line breaks inside, BOM', () => {
  const doc = parseCsv(
    bytes('\uFEFFname;note;amount\r\n"Smith; J.";"said ""hi""\nthen left";12.5\r\nDoe;;3\r\n'),
  );
  const table = doc.pages[0]!.blocks.find((b) => b.type === 'table')!;
  assert.deepEqual(table.rows, [
    ['name', 'note', 'amount'],
    ['Smith; J.', 'said "hi"\nthen left', '12.5'],
    ['Doe', '', '3'],
  ]);
  assert.equal(table.cells!.find((c) => c.text === '12.5')!.value, 12.5);
  assert.equal(doc.metadata.fileType, 'csv');
});

test('TSV and Windows-1252 text', () => {
  assert.equal(guessDelimiter('a\tb,c\td\n1\t2,5\t3\n'), '\t');
  const doc = parseCsv(new Uint8Array([0x63, 0x61, 0x66, 0xe9, 0x2c, 0x31, 0x0a]));
  assert.deepEqual(doc.pages[0]!.blocks[0]!.rows, [['café', '1']]);
});

test('a long CSV is cut into pages of rows, later pages marked as continuing the table', () => {
  const rows = sheetLimits.csvRowsPerPage * 2 + 10;
  const doc = parseCsv(bytes(Array.from({ length: rows }, (_, i) => `${i},x${i}`).join('\n')));
  assert.equal(doc.metadata.pages, 3);
  assert.equal(doc.pages[2]!.blocks[0]!.rows!.length, 10);
  assert.equal(doc.pages[1]!.blocks[0]!.continued, true);
});
