import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseOds } from './ods.ts';
import { odsFile } from './testing/ods-fixture.ts';

test('ODS: sheets as pages, shown text and typed values, spans, repeats, hidden tables', () => {
  const doc = parseOds(
    odsFile(
      `<table:table table:name="Budget">
        <table:table-row>
          <table:table-cell office:value-type="string" table:number-columns-spanned="2"><text:p>Budget 2024</text:p></table:table-cell>
          <table:covered-table-cell/>
        </table:table-row>
        <table:table-row>
          <table:table-cell office:value-type="date" office:date-value="2024-03-15"><text:p>15/03/2024</text:p></table:table-cell>
          <table:table-cell office:value-type="percentage" office:value="0.25"><text:p>25%</text:p><office:annotation><text:p>note</text:p></office:annotation></table:table-cell>
          <table:table-cell office:value-type="boolean" office:boolean-value="true"><text:p>TRUE</text:p></table:table-cell>
        </table:table-row>
        <table:table-row table:number-rows-repeated="2">
          <table:table-cell office:value-type="float" office:value="7" table:number-columns-repeated="2"><text:p>7</text:p></table:table-cell>
        </table:table-row>
        <table:table-row table:number-rows-repeated="1048571"><table:table-cell table:number-columns-repeated="1024"/></table:table-row>
      </table:table>
      <table:table table:name="Rates" table:style-name="ta2"><table:table-row><table:table-cell><text:p>a<text:s text:c="2"/>b</text:p></table:table-cell></table:table-row></table:table>`,
      '<style:style style:name="ta2" style:family="table"><style:table-properties table:display="false"/></style:style>',
    ),
  );
  assert.equal(doc.metadata.pages, 2);
  const table = doc.pages[0]!.blocks[1]!;
  assert.deepEqual(table.rows, [
    ['Budget 2024', '', ''],
    ['15/03/2024', '25%', 'TRUE'],
    ['7', '7', ''],
    ['7', '7', ''],
  ]);
  const first = table.cells![0]!;
  assert.equal(first.colSpan, 2);
  const date = table.cells!.find((c) => c.text === '15/03/2024')!;
  assert.deepEqual([date.value, date.valueType], ['2024-03-15', 'date']);
  assert.equal(table.cells!.find((c) => c.text === '25%')!.value, 0.25);
  assert.equal(doc.pages[1]!.blocks[0]!.hidden, true);
  assert.equal(doc.pages[1]!.blocks[1]!.text, 'a  b');
});
