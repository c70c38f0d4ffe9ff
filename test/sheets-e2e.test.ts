/** Spreadsheets through the API: parsed into pages and tables, and chunked by the unchanged chunk job. */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import ExcelJS from 'exceljs';
import { backends, multipart, startTestDocjobs, submit, type TestDocjobs, waitTerminal } from './harness.ts';

async function salesWorkbook(): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Sales');
  ws.addRow(['Region', 'Revenue', 'Closed']);
  ws.addRow(['North', 1200.5, new Date(Date.UTC(2024, 0, 31))]);
  ws.getCell('C2').numFmt = 'yyyy-mm-dd';
  wb.addWorksheet('Notes', { state: 'hidden' }).getCell('A1').value = 'Figures are provisional';
  return Buffer.from(await wb.xlsx.writeBuffer());
}

for (const backend of backends) {
  describe(`spreadsheets end to end on ${backend}`, () => {
    let dj: TestDocjobs;
    before(async () => {
      dj = await startTestDocjobs(backend, 'sheets-e2e');
    });
    after(async () => dj?.close());
    const result = async (id: string, format = 'json') =>
      dj.app.inject({ url: `/v1/jobs/${id}/result?format=${format}`, headers: dj.auth });

    it('parses an XLSX sent as multipart: a page per sheet, tables with typed cells', async () => {
      const form = multipart({
        name: 'sales.xlsx',
        bytes: await salesWorkbook(),
        type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      });
      const response = await dj.app.inject({
        method: 'POST',
        url: '/v1/jobs',
        headers: { ...dj.auth, ...form.headers },
        payload: form.payload,
      });
      assert.equal(response.statusCode, 202, response.body);
      const job = await waitTerminal(dj, response.json().id);
      assert.equal(job.status, 'completed', JSON.stringify(job.error));
      const parsed = (await result(job.id)).json();
      assert.equal(parsed.metadata.fileType, 'xlsx');
      assert.equal(parsed.pages.length, 2);
      const table = parsed.pages[0].blocks.find((b: { type: string }) => b.type === 'table');
      assert.deepEqual(table.rows[1], ['North', '1200.5', '2024-01-31']);
      assert.equal(parsed.pages[1].blocks[0].hidden, true);
      assert.match((await result(job.id, 'markdown')).body, /\| Region \| Revenue \| Closed \|/);
    });

    it('chunks an XLSX and a CSV with the chunk job as it is', async () => {
      const sheet = await waitTerminal(
        dj,
        (await submit(dj, await salesWorkbook(), 'sales.xlsx', { type: 'chunk' })).id,
      );
      assert.equal(sheet.status, 'completed', JSON.stringify(sheet.error));
      const chunks = (await result(sheet.id)).json().chunks as { text: string }[];
      assert.ok(chunks.some((c) => c.text.includes('North')));
      const csv = await waitTerminal(
        dj,
        (await submit(dj, 'city;people\nLyon;522000\n', 'cities.csv', { type: 'chunk' })).id,
      );
      assert.equal(csv.status, 'completed', JSON.stringify(csv.error));
      assert.ok(
        ((await result(csv.id)).json().chunks as { text: string }[]).some((c) => c.text.includes('Lyon')),
      );
    });

    it('refuses a legacy .xls with UNSUPPORTED_FORMAT and a way out', async () => {
      const cfb = Buffer.alloc(1024);
      Buffer.from('d0cf11e0a1b11ae1', 'hex').copy(cfb);
      Buffer.from('Workbook', 'utf16le').copy(cfb, 600);
      const job = await waitTerminal(dj, (await submit(dj, cfb, 'old.xls')).id);
      assert.equal(job.status, 'failed');
      assert.equal(job.error?.code, 'UNSUPPORTED_FORMAT');
      assert.match(job.error?.message ?? '', /save it as \.xlsx/);
    });
  });
}
