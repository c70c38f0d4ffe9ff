/** An ODT, an EPUB and an RTF through the API: parsed as pages and blocks, and extracted like any document. */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  makeEpub,
  makeOdt,
  makeRtf,
  type TextDocSpec,
} from '../src/pipeline/formats/textdocs/testing/fixtures.ts';
import { backends, startTestDocjobs, submit, type TestDocjobs, waitTerminal } from './harness.ts';

const spec: TextDocSpec = {
  title: 'Invoice INV-2024-0042',
  sections: [
    {
      heading: 'Invoice',
      paragraphs: ['Invoice number: INV-2024-0042', 'Total due: EUR 1,234.50'],
      table: [
        ['Item', 'Amount'],
        ['Consulting', '1,234.50'],
      ],
    },
  ],
};

for (const backend of backends) {
  describe(`ODT, EPUB and RTF jobs on ${backend}`, () => {
    let dj: TestDocjobs;
    before(async () => {
      dj = await startTestDocjobs(backend, 'textdocs-api');
    });
    after(async () => dj?.close());

    const result = async (id: string) => {
      const response = await dj.app.inject({ method: 'GET', url: `/v1/jobs/${id}/result`, headers: dj.auth });
      assert.equal(response.statusCode, 200, response.body);
      return response.json();
    };

    for (const [name, bytes, fileType] of [
      ['invoice.odt', makeOdt(spec), 'odt'],
      ['invoice.epub', makeEpub(spec), 'epub'],
      ['invoice.rtf', makeRtf(spec), 'rtf'],
    ] as const) {
      it(`parses ${name} into headings and a table`, async () => {
        const job = await waitTerminal(dj, (await submit(dj, bytes, name)).id);
        assert.equal(job.status, 'completed', JSON.stringify(job.error));
        const parsed = await result(job.id);
        assert.equal(parsed.metadata.fileType, fileType);
        const blocks = parsed.pages[0].blocks;
        assert.deepEqual(blocks[0], { type: 'heading', level: 1, text: 'Invoice', bbox: null });
        assert.deepEqual(
          blocks.find((b: { type: string }) => b.type === 'table').rows,
          spec.sections[0]!.table,
        );
      });
    }

    it('extracts fields from an ODT', async () => {
      const schema = {
        type: 'object',
        properties: {
          invoice_number: { type: 'string', description: 'The invoice number' },
          total: { type: 'number', description: 'Total amount due' },
        },
      };
      const job = await submit(dj, makeOdt(spec), 'invoice.odt', { type: 'extract', schema });
      const done = await waitTerminal(dj, job.id);
      assert.equal(done.status, 'completed', JSON.stringify(done.error));
      const extracted = await result(job.id);
      assert.equal(extracted.data.invoice_number, 'INV-2024-0042');
      assert.equal(extracted.data.total, 1234.5);
    });
  });
}
