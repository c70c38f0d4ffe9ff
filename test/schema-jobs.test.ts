import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { PDFDocument, PDFName, PDFString } from 'pdf-lib';
import { Docjobs } from '../packages/client/src/index.ts';
import { makeTextPdf } from './fixtures.ts';
import {
  backends,
  multipart,
  startTestDocjobs,
  submit,
  type TestDocjobs,
  waitFor,
  waitTerminal,
} from './harness.ts';

interface SchemaResult {
  type: string;
  source: 'document' | 'form';
  schema: { properties: Record<string, Record<string, unknown>> };
  fields: { field: string; source: string; label: string | null; page: number | null }[];
}

const invoicePage = [
  'Northwind Traders Ltd',
  'INVOICE',
  'Invoice number: INV-2024-077',
  'Invoice date: 12.03.2024',
  'Customer email: anna@example.org',
  'Project code: Harbour',
  'Description Quantity Unit price Amount',
  'Consulting services 10 80.00 800.00',
  'Travel expenses 2 40.00 80.00',
  'Total due: 880.00 EUR',
].join('\n');

async function makeForm(): Promise<Uint8Array> {
  const document = await PDFDocument.create();
  const page = document.addPage([595, 842]);
  page.drawText('Membership application', { x: 72, y: 780, size: 16 });
  const form = document.getForm();
  const name = form.createTextField('applicant.name');
  name.addToPage(page, { x: 200, y: 700, width: 200, height: 20 });
  name.acroField.dict.set(PDFName.of('TU'), PDFString.of('Full name'));
  form.createTextField('Date of birth').addToPage(page, { x: 200, y: 660, width: 120, height: 20 });
  form.createCheckBox('newsletter').addToPage(page, { x: 200, y: 620, width: 12, height: 12 });
  const plan = form.createRadioGroup('plan');
  plan.addOptionToPage('basic', page, { x: 200, y: 580, width: 12, height: 12 });
  plan.addOptionToPage('premium', page, { x: 240, y: 580, width: 12, height: 12 });
  const country = form.createDropdown('country');
  country.addOptions(['France', 'Germany', 'Spain']);
  country.addToPage(page, { x: 200, y: 540, width: 120, height: 20 });
  return document.save();
}

for (const backend of backends) {
  describe(`schema jobs on ${backend}`, () => {
    let dj: TestDocjobs;
    before(async () => {
      dj = await startTestDocjobs(backend, 'schema', { WEBHOOK_ALLOW_PRIVATE: 'true' });
    });
    after(async () => dj?.close());

    const get = (url: string, auth = dj.auth) => dj.app.inject({ method: 'GET', url, headers: auth });
    const generate = (payload: Record<string, unknown>, auth = dj.auth) =>
      dj.app.inject({ method: 'POST', url: '/v1/schemas/generate', headers: auth, payload });
    const resultOf = async (id: string) => (await get(`/v1/jobs/${id}/result`)).json() as SchemaResult;

    it('proposes a schema from labels and the item table, which an extract job fills as it is', async () => {
      const response = await generate({
        document: Buffer.from(makeTextPdf([invoicePage])).toString('base64'),
        fileName: 'invoice.pdf',
      });
      assert.equal(response.statusCode, 202, response.body);
      const job = response.json() as { id: string; type: string };
      assert.equal(job.type, 'schema');
      assert.equal(response.headers.location, `/v1/jobs/${job.id}`);
      const done = await waitTerminal(dj, job.id);
      assert.equal(done.status, 'completed', JSON.stringify(done.error));
      const result = await resultOf(job.id);
      assert.equal(result.type, 'schema');
      assert.equal(result.source, 'document');
      const properties = result.schema.properties;
      assert.equal(properties.invoiceNumber?.type, 'string');
      assert.equal(properties.invoiceNumber?.description, 'Invoice number');
      assert.deepEqual([properties.date?.type, properties.date?.format], ['string', 'date']);
      assert.equal(properties.total?.type, 'number');
      assert.equal(properties.projectCode?.type, 'string');
      const items = properties.lineItems as { type: string; items: { properties: Record<string, unknown> } };
      assert.equal(items.type, 'array');
      assert.deepEqual(Object.keys(items.items.properties).sort(), [
        'amount',
        'description',
        'quantity',
        'unitPrice',
      ]);
      const evidence = new Map(result.fields.map((field) => [field.field, field]));
      assert.deepEqual(
        [evidence.get('invoiceNumber')?.source, evidence.get('invoiceNumber')?.page],
        ['label', 1],
      );
      assert.equal(evidence.get('lineItems[].quantity')?.source, 'table');
      const csv = (await get(`/v1/jobs/${job.id}/result?format=csv`)).body;
      assert.match(csv, /^field,type,format,description,source,label,page,formField\r\n/);
      assert.match(csv, /\r\ninvoiceNumber,string,,Invoice number,label,Invoice number,1,\r\n/);
      assert.match(csv, /\r\nlineItems\[\]\.quantity,number,,Quantity,table,Quantity,1,\r\n/);

      // The schema as it is, on the schema job's pages (dependsOn: no second parse).
      const extract = await dj.app.inject({
        method: 'POST',
        url: `/v1/jobs/${job.id}/operations`,
        headers: dj.auth,
        payload: { type: 'extract', schema: result.schema },
      });
      assert.equal(extract.statusCode, 202, extract.body);
      const extracted = await waitTerminal(dj, extract.json().id);
      assert.equal(extracted.status, 'completed', JSON.stringify(extracted.error));
      const { data } = (await get(`/v1/jobs/${extracted.id}/result`)).json() as {
        data: Record<string, unknown>;
      };
      assert.equal(data.invoiceNumber, 'INV-2024-077');
      assert.equal(data.date, '2024-03-12');
      assert.equal(data.total, 880);
      assert.equal((data.lineItems as unknown[]).length, 2);
    });

    it("reads an AcroForm's fields: kinds, options and the field names in x-field-name", async () => {
      const body = multipart({ name: 'form.pdf', bytes: await makeForm(), type: 'application/pdf' });
      const response = await dj.app.inject({
        method: 'POST',
        url: '/v1/schemas/generate',
        headers: { ...dj.auth, ...body.headers },
        payload: body.payload,
      });
      assert.equal(response.statusCode, 202, response.body);
      const done = await waitTerminal(dj, response.json().id);
      assert.equal(done.status, 'completed', JSON.stringify(done.error));
      const result = await resultOf(done.id);
      assert.equal(result.source, 'form');
      assert.deepEqual(result.schema.properties, {
        applicantName: { type: 'string', description: 'Full name', 'x-field-name': 'applicant.name' },
        dateOfBirth: {
          type: 'string',
          format: 'date',
          description: 'Date of birth',
          'x-field-name': 'Date of birth',
        },
        newsletter: { type: 'boolean', description: 'newsletter', 'x-field-name': 'newsletter' },
        plan: { type: 'string', enum: ['basic', 'premium'], description: 'plan', 'x-field-name': 'plan' },
        country: {
          type: 'string',
          enum: ['France', 'Germany', 'Spain'],
          description: 'country',
          'x-field-name': 'country',
        },
      });
      assert.deepEqual(
        result.fields.map((field) => [field.field, field.source, field.page]),
        [
          ['applicantName', 'form', 1],
          ['dateOfBirth', 'form', 1],
          ['newsletter', 'form', 1],
          ['plan', 'form', 1],
          ['country', 'form', 1],
        ],
      );
      // The extract job takes the form's schema as it is.
      const extract = await submit(dj, await makeForm(), 'form.pdf', {
        type: 'extract',
        schema: result.schema,
      });
      assert.equal((await waitTerminal(dj, extract.id)).status, 'completed');
    });

    it('reuses a parent job by dependsOn, and reads the form of its PDF', async () => {
      const parse = await submit(dj, await makeForm(), 'form.pdf');
      const response = await generate({ dependsOn: [parse.id] });
      assert.equal(response.statusCode, 202, response.body);
      const done = await waitTerminal(dj, response.json().id);
      assert.equal(done.status, 'completed', JSON.stringify(done.error));
      assert.deepEqual(done.dependsOn, [parse.id]);
      const result = await resultOf(done.id);
      assert.equal(result.source, 'form');
      assert.equal(Object.keys(result.schema.properties).length, 5);
    });

    it("announces its end at the request's webhookUrl, like every job", async () => {
      const bodies: { type: string; jobId: string; status: string }[] = [];
      const server = createServer((request, reply) => {
        const chunks: Buffer[] = [];
        request.on('data', (chunk: Buffer) => chunks.push(chunk));
        request.on('end', () => {
          bodies.push(JSON.parse(Buffer.concat(chunks).toString()));
          reply.end('ok');
        });
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      try {
        const webhookUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
        const response = await generate({
          document: Buffer.from(makeTextPdf([invoicePage])).toString('base64'),
          fileName: 'invoice.pdf',
          webhookUrl,
        });
        assert.equal(response.statusCode, 202, response.body);
        const id = response.json().id as string;
        const body = await waitFor(async () => bodies.find((entry) => entry.jobId === id));
        assert.deepEqual([body.type, body.status], ['job.completed', 'completed']);
      } finally {
        await new Promise<void>((resolve) => server.close(() => resolve()));
      }
    });

    it('is also type schema on POST /v1/jobs', async () => {
      const job = await submit(dj, makeTextPdf([invoicePage]), 'invoice.pdf', { type: 'schema' });
      assert.equal(job.type, 'schema');
      assert.equal((await waitTerminal(dj, job.id)).status, 'completed');
    });

    it('answers 400 for task fields and a stray type, 404 for another organisation’s parent', async () => {
      const document = Buffer.from(makeTextPdf([invoicePage])).toString('base64');
      const withSchema = await dj.app.inject({
        method: 'POST',
        url: '/v1/jobs',
        headers: dj.auth,
        payload: { document, fileName: 'a.pdf', type: 'schema', schema: { type: 'object' } },
      });
      assert.equal(withSchema.statusCode, 400, withSchema.body);
      assert.equal(withSchema.json().error.field, 'schema');
      const stray = await generate({ document, fileName: 'a.pdf', type: 'extract' });
      assert.equal(stray.statusCode, 400, stray.body);
      const theirs = await submit(dj, makeTextPdf([invoicePage]), 'a.pdf');
      const foreign = await generate({ dependsOn: [theirs.id] }, dj.otherAuth);
      assert.equal(foreign.statusCode, 404, foreign.body);
      const missing = await generate({});
      assert.equal(missing.statusCode, 400, missing.body);
    });
  });
}

describe('schema generation through @docjobs/client', () => {
  let dj: TestDocjobs;
  let client: Docjobs;
  before(async () => {
    dj = await startTestDocjobs('pglite', 'schema-client');
    client = new Docjobs({ baseUrl: await dj.app.listen({ port: 0, host: '127.0.0.1' }), apiKey: dj.key });
  });
  after(async () => dj?.close());

  it('generateSchema submits a schema job whose typed result feeds an extract job', async () => {
    const job = await client.generateSchema({ file: makeTextPdf([invoicePage]), fileName: 'invoice.pdf' });
    assert.equal(job.type, 'schema');
    const done = await client.wait(job);
    assert.equal(done.status, 'completed');
    const result = await client.result(done);
    assert.equal(result.source, 'document');
    const extracted = await client.submitAndWait({
      type: 'extract',
      dependsOn: [done.id],
      schema: result.schema,
    });
    const { data } = await client.result(extracted);
    assert.equal(data?.invoiceNumber, 'INV-2024-077');
  });
});
