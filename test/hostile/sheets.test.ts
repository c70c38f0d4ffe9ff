/**
 * Hostile spreadsheets through the real parse worker (its heap cap included): each either fails
 * with PARSE_ERROR or completes with a bounded table that says what it left out — never a dead
 * worker or a server-sized allocation.
 */
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { DocjobsError } from '../../src/core/errors.ts';
import { sheetLimits } from '../../src/pipeline/formats/sheets/limits.ts';
import { odsFile } from '../../src/pipeline/formats/sheets/testing/ods-fixture.ts';
import { sheetXml, xlsxFile } from '../../src/pipeline/formats/sheets/testing/xlsx-fixture.ts';
import { closeParsePool, parseInWorker } from '../../src/pipeline/parse-pool.ts';
import { deflatedSandwich } from '../../src/pipeline/testing/zip-writer.ts';
import type { Block } from '../../src/pipeline/types.ts';

after(closeParsePool);
const parse = (kind: 'xlsx' | 'ods', bytes: Uint8Array) =>
  parseInWorker(kind, bytes, new AbortController().signal);
const tableOf = (blocks: Block[]) => blocks.find((b) => b.type === 'table')!;

async function failsWith(promise: Promise<unknown>, pattern: RegExp): Promise<void> {
  await assert.rejects(promise, (error: unknown) => {
    assert.ok(error instanceof DocjobsError, String(error));
    assert.equal(error.code, 'PARSE_ERROR');
    assert.match(error.message, pattern);
    return true;
  });
}

test('zip bomb: a sheet part inflating to 300 MiB is refused from its declared size', async () => {
  const bomb = deflatedSandwich(
    sheetXml('<row r="1"><c r="A1"><v>1</v></c></row>').slice(0, -30),
    300,
    0x20,
    '</worksheet>',
  );
  await failsWith(parse('xlsx', xlsxFile({ deflated: bomb })), /inflates to 300 MiB/);
});

test('zip bomb with lying sizes: 64 MiB behind a claim of 4 KB is caught while inflating', async () => {
  const bomb = deflatedSandwich('<worksheet><sheetData>', 64, 0x20, '</sheetData></worksheet>');
  await failsWith(parse('xlsx', xlsxFile({ deflated: bomb, declaredSize: 4096 })), /inflates past/);
});

test('billion-cell dimension: A1 and XFD1048576 set give a bounded grid that says it was cut', async () => {
  const xml = sheetXml(
    '<row r="1"><c r="A1" t="inlineStr"><is><t>top</t></is></c></row><row r="1048576"><c r="XFD1048576"><v>9</v></c></row>',
  ).replace('<sheetData>', '<dimension ref="A1:XFD1048576"/><sheetData>');
  const doc = await parse('xlsx', xlsxFile({ data: xml }));
  const table = tableOf(doc.pages[0]!.blocks);
  const slots = table.rows!.length * table.rows![0]!.length;
  assert.ok(slots <= sheetLimits.gridSlots, `${slots} grid slots`);
  assert.equal(table.rows![0]![0], 'top');
  assert.match(table.truncated!, /rows past the first/);
});

test('huge shared-strings table: more strings than the limit is a PARSE_ERROR', async () => {
  const si = '<si><t>x</t></si>';
  const xml = `<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">${si.repeat(sheetLimits.sharedStrings + 1)}</sst>`;
  await failsWith(parse('xlsx', xlsxFile({ data: sheetXml('') }, { data: xml })), /more than .* strings/);
});

test('entity expansion: a DOCTYPE of nested entities is not expanded', async () => {
  const entities = Array.from(
    { length: 10 },
    (_, i) => `<!ENTITY lol${i + 1} "${`&lol${i};`.repeat(10)}">`,
  ).join('');
  const xml = `<?xml version="1.0"?><!DOCTYPE sst [<!ENTITY lol0 "lol">${entities}]><sst><si><t>&lol10;</t></si></sst>`;
  const doc = await parse(
    'xlsx',
    xlsxFile({ data: sheetXml('<row r="1"><c r="A1" t="s"><v>0</v></c></row>') }, { data: xml }),
  );
  assert.equal(tableOf(doc.pages[0]!.blocks).rows![0]![0], '&lol10;');
});

test('more cells than the limit: the first million are read, the table says the rest was left out', async () => {
  const rows: string[] = [];
  const columns = 10;
  for (let r = 1; r <= sheetLimits.cells / columns + 100; r++) {
    let cells = '';
    for (let c = 0; c < columns; c++) cells += `<c r="${String.fromCharCode(65 + c)}${r}"><v>${r}</v></c>`;
    rows.push(`<row r="${r}">${cells}</row>`);
  }
  const doc = await parse('xlsx', xlsxFile({ data: sheetXml(rows.join('')) }));
  const table = tableOf(doc.pages[0]!.blocks);
  assert.equal(table.cells!.length, sheetLimits.cells);
  assert.match(table.truncated!, /only the first 1,000,000 non-empty cells/);
});

test('ODS repeated-cells bomb: a filled cell repeated 10^9 × 10^9 stops at the cell limit', async () => {
  const body =
    '<table:table table:name="Bomb"><table:table-row table:number-rows-repeated="1000000000"><table:table-cell office:value-type="float" office:value="1" table:number-columns-repeated="1000000000"><text:p>1</text:p></table:table-cell></table:table-row></table:table>';
  const doc = await parse('ods', odsFile(body));
  const table = tableOf(doc.pages[0]!.blocks);
  assert.ok(table.cells!.length <= sheetLimits.cells);
  assert.ok(table.rows!.length * table.rows![0]!.length <= sheetLimits.gridSlots);
  assert.match(table.truncated!, /non-empty cells/);
});

test('ODS deep nesting: 100 000 nested spans in a cell are read flat', async () => {
  const deep = `${'<text:span>'.repeat(100_000)}deep${'</text:span>'.repeat(100_000)}`;
  const doc = await parse(
    'ods',
    odsFile(
      `<table:table table:name="N"><table:table-row><table:table-cell><text:p>${deep}</text:p></table:table-cell></table:table-row></table:table>`,
    ),
  );
  assert.equal(tableOf(doc.pages[0]!.blocks).text, 'deep');
});
