import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { makeTextPdf, tableOverPageBreak } from './fixtures.ts';
import { backends, startTestDocjobs, submit, type TestDocjobs, waitTerminal } from './harness.ts';

const fourPages = makeTextPdf(['Alpha page text', 'Bravo page text', 'Charlie page text', 'Delta page text']);

for (const backend of backends) {
  describe(`Parse options pages and pageSeparator, and the html result, on ${backend}`, () => {
    let dj: TestDocjobs;
    before(async () => {
      dj = await startTestDocjobs(backend, 'page-options');
    });
    after(async () => dj?.close());

    const result = async (id: string, format: string) =>
      dj.app.inject({ url: `/v1/jobs/${id}/result?format=${format}`, headers: dj.auth });

    it('reads only the selected pages, under their own numbers, with the separator between them', async () => {
      const queued = await submit(dj, fourPages, 'four.pdf', {
        options: { pages: '2,4-', pageSeparator: '\n\n<!-- page {page} -->\n\n' },
      });
      const job = await waitTerminal(dj, queued.id);
      assert.equal(job.status, 'completed', JSON.stringify(job.error));
      const json = (await result(job.id, 'json')).json();
      assert.deepEqual(
        json.pages.map((page: { page: number }) => page.page),
        [2, 4],
      );
      assert.equal(json.metadata.pages, 2);
      assert.equal(json.markdown, 'Bravo page text\n\n<!-- page 4 -->\n\nDelta page text');
      assert.doesNotMatch(json.text, /Alpha|Charlie/);

      const html = await result(job.id, 'html');
      assert.equal(html.statusCode, 200);
      assert.match(html.headers['content-type'] as string, /text\/html/);
      assert.match(html.body, /<section data-page="2">\n<p>Bravo page text<\/p>\n<\/section>/);
      assert.match(html.body, /<section data-page="4">/);
    });

    it('marks a table continued over a page break, and merges it under mergeTables', async () => {
      const pdf = tableOverPageBreak();
      const tables = (json: { pages: { blocks: { type: string }[] }[] }) =>
        json.pages.map((p) => p.blocks.filter((b) => b.type === 'table')) as unknown as {
          rows: string[][];
          continued?: boolean;
          continuedOn?: number[];
        }[][];
      const plain = await waitTerminal(dj, (await submit(dj, pdf, 'parts.pdf')).id);
      assert.equal(plain.status, 'completed', JSON.stringify(plain.error));
      const [first, second] = tables((await result(plain.id, 'json')).json());
      assert.equal(first!.length, 1);
      assert.equal(second![0]!.continued, true);
      assert.deepEqual(second![0]!.rows, [
        ['Part', 'Quantity'],
        ['Washers', '80'],
        ['Pins', '12'],
      ]);

      const queued = await submit(dj, pdf, 'parts.pdf', { options: { mergeTables: true } });
      const job = await waitTerminal(dj, queued.id);
      assert.equal(job.status, 'completed', JSON.stringify(job.error));
      const json = (await result(job.id, 'json')).json();
      const [merged, none] = tables(json);
      assert.deepEqual(merged![0]!.rows, [
        ['Part', 'Quantity'],
        ['Bolts', '40'],
        ['Nuts', '35'],
        ['Washers', '80'],
        ['Pins', '12'],
      ]);
      assert.deepEqual(merged![0]!.continuedOn, [2]);
      assert.equal(none!.length, 0);
      // One table in the markdown, with every row, then the text after it.
      assert.equal(json.markdown.match(/\| Part \| Quantity \|/g)?.length, 1);
      assert.match(json.markdown, /\| Nuts \| 35 \|\n\| Washers \| 80 \|[\s\S]*Delivery is due in March/);
      const csv = await result(job.id, 'csv');
      assert.match(csv.body, /Part,Quantity\r?\nBolts,40\r?\nNuts,35\r?\nWashers,80\r?\nPins,12/);

      const bad = await dj.app.inject({
        method: 'POST',
        url: '/v1/jobs',
        headers: dj.auth,
        payload: {
          document: Buffer.from(pdf).toString('base64'),
          fileName: 'p.pdf',
          options: { mergeTables: 'yes' },
        },
      });
      assert.equal(bad.statusCode, 400);
      assert.equal(bad.json().error.field, 'options.mergeTables');
    });

    it('documents the parse result and every block type in /openapi.json', async () => {
      const openapi = (await dj.app.inject({ url: '/openapi.json' })).json();
      const { schemas } = openapi.components;
      assert.equal(schemas.ParseResult.properties.pages.items.$ref, '#/components/schemas/Page');
      assert.equal(schemas.Page.properties.blocks.items.$ref, '#/components/schemas/Block');
      const block = schemas.Block;
      for (const type of [
        'heading',
        'table',
        'figure',
        'code',
        'header',
        'footer',
        'pageNumber',
        'watermark',
      ])
        assert.ok(block.properties.type.enum.includes(type), type);
      assert.ok(openapi.paths['/v1/jobs/{id}/figures/{name}']);
    });

    it('answers a bad selection with 400, and fails a job whose selection holds none of its pages', async () => {
      const bad = await dj.app.inject({
        method: 'POST',
        url: '/v1/jobs',
        headers: dj.auth,
        payload: {
          document: Buffer.from(fourPages).toString('base64'),
          fileName: 'four.pdf',
          options: { pages: '3-1' },
        },
      });
      assert.equal(bad.statusCode, 400);
      assert.equal(bad.json().error.field, 'options.pages');

      const queued = await submit(dj, fourPages, 'four.pdf', { options: { pages: '9-12' } });
      const job = await waitTerminal(dj, queued.id);
      assert.equal(job.status, 'failed');
      assert.equal(job.error?.code, 'VALIDATION_ERROR');
      assert.match(job.error?.message ?? '', /selects none of the document's 4 pages/);
    });
  });
}
