import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { PDFDocument } from 'pdf-lib';
import { Docjobs } from '../packages/client/src/index.ts';
import { defaultParseOptions } from '../src/core/parse-options.ts';
import { readDocument } from '../src/pipeline/read-document.ts';
import {
  backends,
  type JobView,
  outputPdf,
  startTestDocjobs,
  submit,
  type TestDocjobs,
  waitCompleted,
  waitTerminal,
} from './harness.ts';

const parse = async (bytes: Uint8Array) =>
  (
    await readDocument(
      bytes,
      { kind: 'pdf', mimeType: 'application/pdf' },
      { signal: new AbortController().signal },
      { ...defaultParseOptions, ocr: 'off' },
    )
  ).document;

const invoiceTemplate = `# Invoice {{number}}

Billed to **{{customer.name}}**, {{customer.city}}

| Item | Qty | Amount |
|---|--:|--:|
{{#each lines}}| {{description}} | {{qty}} | {{amount}} |
{{/each}}

{{#if paid}}Paid in full.{{else}}Due by {{due}}.{{/if}} Reference {{reference}}.
`;
const invoiceData = {
  number: 'INV-2041',
  customer: { name: 'Müller & <Partner>', city: 'Köln' },
  lines: [
    { description: 'Consulting hours', qty: 12, amount: '1,440.00' },
    { description: 'Travel', qty: 1, amount: '310.50' },
  ],
  paid: false,
  due: '2027-01-15',
};

for (const backend of backends) {
  describe(`generate jobs on ${backend}`, () => {
    let dj: TestDocjobs;
    before(async () => {
      dj = await startTestDocjobs(backend, 'generate-jobs');
    });
    after(async () => dj?.close());

    const get = (url: string, auth = dj.auth) => dj.app.inject({ method: 'GET', url, headers: auth });
    const post = (payload: Record<string, unknown>) =>
      dj.app.inject({ method: 'POST', url: '/v1/jobs', headers: dj.auth, payload });
    const accepted = async (payload: Record<string, unknown>) => {
      const response = await post(payload);
      assert.equal(response.statusCode, 202, response.body);
      return response.json() as JobView;
    };
    const done = (job: JobView) => waitCompleted(dj, job.id, 120);
    const output = async (id: string) => {
      assert.match(
        String((await get(`/v1/jobs/${id}/output`)).headers['content-disposition']),
        /-generated\.pdf"/,
      );
      return outputPdf(dj, id);
    };
    const result = async (id: string) => (await get(`/v1/jobs/${id}/result`)).json();

    it('fills a Markdown template with data into a PDF that parses back, reporting what was missing', async () => {
      const job = await accepted({
        type: 'generate',
        options: { template: invoiceTemplate, data: invoiceData },
      });
      assert.equal(job.type, 'generate');
      await done(job);
      const report = await result(job.id);
      assert.equal(report.type, 'generate');
      assert.equal(report.pages, 1);
      assert.equal(report.format, 'markdown');
      assert.deepEqual(report.missing, ['reference']);
      assert.ok(report.fonts.includes('LiberationSans-Regular'));
      const pdf = await output(job.id);
      assert.equal((await PDFDocument.load(pdf)).getPageCount(), 1);
      const text = (await parse(pdf)).text;
      for (const value of [
        'Invoice INV-2041',
        'Müller & <Partner>',
        'Köln',
        'Consulting hours',
        '1,440.00',
        '310.50',
        'Due by 2027-01-15',
      ])
        assert.ok(text.includes(value), `"${value}" reads back from ${JSON.stringify(text)}`);
      // Its text as any job's: the parsed pages of the PDF it made.
      const markdown = await get(`/v1/jobs/${job.id}/result?format=markdown`);
      assert.match(markdown.body, /INV-2041/);
    });

    it('takes the template as the uploaded file (HTML), and is the parent of a parse of its PDF', async () => {
      const html =
        '<h1>Letter to {{name}}</h1><p>Items:</p><ul>{{#each items}}<li>{{this}}</li>{{/each}}</ul><div style="page-break-before: always"></div><p>Second page</p>';
      const job = await submit(dj, html, 'letter.html', {
        type: 'generate',
        options: { data: { name: 'Ada', items: ['pens', 'paper'] }, title: 'Letter' },
      });
      await done(job);
      const report = await result(job.id);
      assert.equal(report.format, 'html');
      assert.equal(report.pages, 2);
      assert.deepEqual(report.missing, []);
      const child = await accepted({ type: 'parse', dependsOn: job.id });
      await done(child);
      const parsed = await result(child.id);
      assert.equal(parsed.pages.length, 2);
      assert.match(parsed.pages[0].text, /Letter to Ada/);
      assert.match(parsed.pages[0].text, /paper/);
      assert.match(parsed.pages[1].text, /Second page/);
      // An edit over its output, like any PDF a job made.
      const edit = await accepted({
        type: 'edit',
        dependsOn: job.id,
        options: { operations: [{ type: 'delete', pages: '2' }] },
      });
      await done(edit);
      assert.equal((await result(edit.id)).pages, 1);
    });

    it('fails a template that does not parse with TEMPLATE_ERROR saying where', async () => {
      const job = await accepted({
        type: 'generate',
        options: { template: '# Title\n\n{{#each lines}}\n{{description}}\n', data: {} },
      });
      const ended = await waitTerminal(dj, job.id, 60);
      assert.equal(ended.status, 'failed');
      assert.equal(ended.error?.code, 'TEMPLATE_ERROR');
      assert.match(ended.error?.message ?? '', /line 3, column 1/);
      assert.equal((await get(`/v1/jobs/${job.id}/output`)).statusCode, 409);
    });

    it('refuses a generate job without a template, or with a bad option, naming the field', async () => {
      for (const [options, field] of [
        [{ data: {} }, 'options.template'],
        [{ template: 'x', data: [1] }, 'options.data'],
        [{ template: 'x', pageSize: 'A3' }, 'options.pageSize'],
      ] as const) {
        const response = await post({ type: 'generate', options });
        assert.equal(response.statusCode, 400, response.body);
        assert.equal(
          response.json().error.details?.field ?? response.json().error.field,
          field,
          response.body,
        );
      }
      const stray = await post({
        type: 'parse',
        document: 'aGVsbG8=',
        fileName: 'a.txt',
        options: { template: 'x' },
      });
      assert.equal(stray.statusCode, 400, stray.body);
    });

    it('runs through the client: submitAndWait without a file, then output()', async () => {
      const client = new Docjobs({
        baseUrl: await dj.app.listen({ port: 0, host: '127.0.0.1' }),
        apiKey: dj.key,
      });
      const job = await client.submitAndWait({
        type: 'generate',
        options: { template: '<h2>Receipt {{n}}</h2><p>Thanks, {{who}}.</p>', data: { n: 9, who: 'Grace' } },
      });
      assert.equal(job.status, 'completed', JSON.stringify(job.error));
      const pdf = new Uint8Array(await new Response(await client.output(job)).arrayBuffer());
      assert.match((await parse(pdf)).text, /Receipt 9\s+Thanks, Grace\./);
    });

    it("hides another organisation's output (404), and retries from its options", async () => {
      const job = await accepted({
        type: 'generate',
        options: { template: 'Hello {{who}}', data: { who: 'world' } },
      });
      await done(job);
      assert.equal((await get(`/v1/jobs/${job.id}/output`, dj.otherAuth)).statusCode, 404);
      const retried = await dj.app.inject({
        method: 'POST',
        url: `/v1/jobs/${job.id}/retry`,
        headers: dj.auth,
      });
      assert.equal(retried.statusCode, 202, retried.body);
      await done(retried.json());
      assert.match((await parse(await output(retried.json().id))).text, /Hello world/);
    });
  });
}
