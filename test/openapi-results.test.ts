/**
 * /openapi.json says what the API answers, and this suite holds it to that: real jobs of every type
 * run through the real server, and every answer (job, result by type, trace, list pages, stats,
 * usage, search, webhooks, cases, definitions, bulk, export, events) is validated with Ajv against
 * the component schema the document names for it. The schemas are closed (additionalProperties:
 * false) where the shape is ours, so a producer that adds a field the document does not describe
 * fails here. The job is also checked as the service makes it, before the serialiser would drop an
 * undescribed field without a word.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { jobTypes, publicJob } from '../src/core/job.ts';
import { acroFormPdf, printedFormPdf, type Question } from '../src/pipeline/forms/testing/sample-forms.ts';
import {
  chatReply,
  type FakeOpenAiServer,
  startFakeOpenAiServer,
} from '../src/pipeline/llm/testing/fake-openai-server.ts';
import { textPageImage } from '../src/pipeline/ocr/testing/page-image.ts';
import { makeTextInvoice } from '../src/pipeline/testing/fixtures.ts';
import { findJob } from '../src/services/find-job.ts';
import { makeTextPdf, tableOverPageBreak } from './fixtures.ts';
import {
  backends,
  type JobView,
  startTestDocjobs,
  submit,
  type TestDocjobs,
  waitTerminal,
} from './harness.ts';
import { SseClient } from './sse-client.ts';

type Spec = {
  openapi: string;
  paths: Record<
    string,
    Record<string, { operationId?: string; responses: Record<string, { description?: string }> }>
  >;
  components: { schemas: Record<string, Record<string, unknown>> };
  webhooks: Record<
    string,
    { post: { requestBody: { content: Record<string, { schema: { $ref: string } }> } } }
  >;
};

const invoiceSchema = {
  type: 'object',
  properties: {
    invoice_number: { type: 'string' },
    total: { type: 'number' },
    lines: {
      type: 'array',
      items: { type: 'object', properties: { description: { type: 'string' }, amount: { type: 'number' } } },
    },
  },
};
const fillQuestions: Question[] = [
  { key: 'fullName', label: 'Full name', kind: 'text', value: '' },
  { key: 'plan', label: 'Plan', kind: 'radio', options: ['Basic', 'Plus'], value: 'Plus' },
];

const categories = [
  { name: 'invoice', description: 'A bill asking for payment', keywords: ['faktura', 'invoice'] },
  { name: 'letter', description: 'A personal letter', keywords: ['dear'] },
];
const html = `<html><head><title>Report</title></head><body><h1>Quarterly report</h1>
<p>Revenue grew in every region this quarter.</p>
<table><tr><th>Region</th><th>Revenue</th></tr><tr><td>North</td><td>120</td></tr><tr><td>South</td><td>95</td></tr></table>
<h2>Outlook</h2><ul><li>Hire two engineers</li><li>Open an office</li></ul></body></html>`;

for (const backend of backends) {
  describe(`/openapi.json describes what the API answers, on ${backend}`, () => {
    let dj: TestDocjobs;
    let llm: FakeOpenAiServer;
    let spec: Spec;
    let ajv: Ajv2020;
    const jobs: Record<string, JobView> = {};
    /** The JSON bodies the suite submits (less the document), to hold SubmitRequest to them too. */
    const sent: Record<string, unknown>[] = [];
    const run = (bytes: Uint8Array | string, fileName: string, extra: Record<string, unknown> = {}) => {
      sent.push({ fileName, ...extra });
      return submit(dj, bytes, fileName, extra);
    };

    const get = async (url: string) => {
      const response = await dj.app.inject({ url, headers: dj.auth });
      assert.ok(response.statusCode < 300, `${url} → ${response.statusCode} ${response.body}`);
      return response;
    };
    const send = async (method: 'POST' | 'PUT' | 'PATCH' | 'DELETE', url: string, payload?: object) => {
      const response = await dj.app.inject({
        method,
        url,
        headers: dj.auth,
        ...(payload ? { payload } : {}),
      });
      assert.ok(response.statusCode < 300, `${method} ${url} → ${response.statusCode} ${response.body}`);
      return response.json();
    };

    /** Fails with Ajv's errors (and the value's start) unless `value` is what the schema `name` says. */
    const assertShape = (name: string, value: unknown, what = name) => {
      const validate = ajv.getSchema(`openapi.json#/components/schemas/${name}`);
      assert.ok(validate, `components.schemas.${name} is in /openapi.json`);
      if (!validate(value)) {
        assert.fail(
          `${what} is not a ${name}: ${JSON.stringify(validate.errors, null, 1)}\n${JSON.stringify(value).slice(0, 600)}`,
        );
      }
    };

    before(async () => {
      llm = await startFakeOpenAiServer();
      dj = await startTestDocjobs(backend, 'openapi-results', {
        LLM_BASE_URL: llm.baseUrl,
        LLM_MODEL: 'test-model',
        LLM_API_KEY: 'sk-test',
        WEBHOOK_ALLOW_PRIVATE: 'true',
      });
      spec = (await dj.app.inject({ url: '/openapi.json' })).json() as Spec;
      ajv = new Ajv2020({ strict: false, allowUnionTypes: true, allErrors: true, logger: false });
      addFormatsModule.default(ajv);
      ajv.addSchema(spec, 'openapi.json');

      // The organisation's webhook points at a closed port: every job's end makes a delivery.
      await send('PUT', '/v1/settings/webhook', { url: 'http://127.0.0.1:9/hook' });
      const extractor = await send('POST', '/v1/extractors', { name: 'invoices', schema: invoiceSchema });
      const classifier = await send('POST', '/v1/classifiers', { name: 'kinds', categories });
      const theCase = await send('POST', '/v1/cases', { name: 'openapi', metadata: { team: 'docs' } });

      const twoPages = makeTextPdf([
        'Introduction\nDocuments become data through jobs.\nEach job reads pages.',
        'Methods\nThe parser keeps the reading order.\nTables keep their cells.',
      ]);
      const submitted = {
        parse: await run(twoPages, 'two.pdf', { metadata: { kind: 'paper' }, caseId: theCase.id }),
        parseChunked: await run(twoPages, 'two.pdf', {
          options: { chunking: { strategy: 'structure', maxTokens: 64 }, pageSeparator: '\n---\n' },
        }),
        html: await run(html, 'report.html', { options: { keepFurniture: true } }),
        tables: await run(tableOverPageBreak(), 'parts.pdf'),
        mergedTables: await run(tableOverPageBreak(), 'parts.pdf', { options: { mergeTables: true } }),
        ocr: await run(await textPageImage(['Invoice number 7731', 'Total due 880.00 EUR']), 'scan.png'),
        extract: await run(makeTextInvoice(), 'faktura.txt', {
          type: 'extract',
          schema: invoiceSchema,
          engine: 'builtin',
        }),
        extractSaved: await run(makeTextInvoice(), 'faktura.txt', {
          type: 'extract',
          extractorId: extractor.id,
          engine: 'builtin',
        }),
        classify: await run(makeTextInvoice(), 'faktura.txt', {
          type: 'classify',
          classifierId: classifier.id,
          engine: 'builtin',
        }),
        workflow: await run(twoPages, 'two.pdf', {
          type: 'workflow',
          steps: [
            {
              type: 'split',
              ranges: [
                { from: 1, to: 1, label: 'invoice' },
                { from: 2, to: 2 },
              ],
            },
            { type: 'classify', categories, engine: 'builtin' },
            { type: 'extract', byLabel: { invoice: { schema: invoiceSchema, engine: 'builtin' } } },
          ],
        }),
        edit: await run(twoPages, 'two.pdf', {
          type: 'edit',
          options: {
            operations: [
              { type: 'rotate', pages: '2', degrees: 90 },
              { type: 'redact', strings: ['reading order'] },
            ],
          },
        }),
        split: await run(twoPages, 'two.pdf', {
          type: 'split',
          categories,
          engine: 'builtin',
          options: {
            ranges: [
              { from: 1, to: 1, label: 'invoice' },
              { from: 2, to: 2 },
            ],
            // biome-ignore lint/suspicious/noThenProperty: the option's name (issue 19); never awaited
            then: { type: 'extract', schema: invoiceSchema, engine: 'builtin' },
          },
        }),
        splitFound: await run(twoPages, 'two.pdf', {
          type: 'split',
          engine: 'builtin',
          options: { ocr: 'off' },
        }),
        fill: await run(await acroFormPdf(fillQuestions), 'form.pdf', {
          type: 'fill',
          options: { data: { fullName: 'Ada Lovelace', plan: 'Gold', shoeSize: 9 } },
        }),
        agentFill: await run(await printedFormPdf(fillQuestions, ['rule']), 'printed.pdf', {
          type: 'fill',
          engine: 'builtin',
          options: { data: { fullName: 'Ada Lovelace' } },
        }),
        schema: await run(makeTextInvoice(), 'faktura.txt', { type: 'schema' }),
        generate: await run(
          '# Invoice {{number}}\n\n| Item | Amount |\n|---|--:|\n{{#each items}}| {{name}} | {{amount}} |\n{{/each}}',
          'invoice.md',
          {
            type: 'generate',
            options: { data: { number: 'A-1', items: [{ name: 'Pens', amount: '4.00' }] } },
          },
        ),
        failed: await run('%PDF-1.7\nnot really a pdf', 'broken.pdf'),
      };
      Object.assign(jobs, submitted);
      for (const [name, job] of Object.entries(submitted)) jobs[name] = await waitTerminal(dj, job.id);
      // Jobs over other jobs' pages: a chunk job, and an LLM extraction and question on the parse.
      llm.script(chatReply({ invoice_number: null, total: null, lines: [] }), chatReply('Jobs read pages.'));
      sent.push({ type: 'chunk', dependsOn: jobs.parse!.id });
      const chunk = await send('POST', '/v1/jobs', sent.at(-1)!);
      jobs.chunk = await waitTerminal(dj, chunk.id);
      const viaLlm = await send('POST', `/v1/jobs/${jobs.parse!.id}/operations`, {
        type: 'extract',
        schema: invoiceSchema,
      });
      jobs.extractLlm = await waitTerminal(dj, viaLlm.id);
      const question = await send('POST', `/v1/jobs/${jobs.parse!.id}/operations`, {
        type: 'prompt',
        prompt: 'What do jobs read?',
      });
      jobs.prompt = await waitTerminal(dj, question.id);
    });
    after(async () => {
      await dj?.close();
      await llm?.close();
    });

    it('is a well-formed OpenAPI 3.1 document: every $ref resolves, every schema compiles, every answer is described', () => {
      assert.equal(spec.openapi, '3.1.0');
      const names = new Set(Object.keys(spec.components.schemas));
      const refs = JSON.stringify(spec).matchAll(/"\$ref":"#\/components\/schemas\/([^"]+)"/g);
      for (const [, name] of refs) assert.ok(names.has(name!), `$ref to a missing schema ${name}`);
      for (const name of names) assert.ok(ajv.getSchema(`openapi.json#/components/schemas/${name}`), name);
      const operationIds = new Set<string>();
      for (const [path, methods] of Object.entries(spec.paths)) {
        for (const [method, operation] of Object.entries(methods)) {
          // A generated client names its methods by them: one each, none twice.
          assert.ok(operation.operationId, `${method} ${path} has an operationId`);
          assert.ok(!operationIds.has(operation.operationId), `${operation.operationId} is unique`);
          operationIds.add(operation.operationId);
          for (const [status, response] of Object.entries(operation.responses)) {
            assert.ok(response.description, `${method} ${path} ${status} has a description`);
          }
        }
      }
    });

    it('names a result and a submit body for every job type, told apart by `type`', () => {
      const { JobResult, SubmitRequest, SubmitForm } = spec.components.schemas as Record<
        string,
        { discriminator: { propertyName: string; mapping: Record<string, string> } }
      >;
      for (const union of [JobResult!, SubmitRequest!, SubmitForm!]) {
        assert.equal(union.discriminator.propertyName, 'type');
        assert.deepEqual(Object.keys(union.discriminator.mapping).sort(), [...jobTypes].sort());
        for (const [type, target] of Object.entries(union.discriminator.mapping)) {
          const schema = spec.components.schemas[target.split('/').at(-1)!] as {
            properties: { type: { enum: string[] } };
          };
          assert.deepEqual(schema.properties.type.enum, [type], target);
        }
      }
      const post = spec.paths['/v1/jobs']!.post as unknown as {
        requestBody: { content: Record<string, { schema: { $ref: string } }> };
      };
      assert.equal(
        post.requestBody.content['application/json']!.schema.$ref,
        '#/components/schemas/SubmitRequest',
      );
    });

    it('describes the submit bodies the server took, and refuses a misspelt option', () => {
      const validate = ajv.getSchema('openapi.json#/components/schemas/SubmitRequest')!;
      for (const body of sent) {
        // `type` may be left out (parse); the document asks for it so that the body types are told apart.
        const request = { type: 'parse', ...(body.dependsOn ? {} : { document: 'eA==' }), ...body };
        assert.ok(validate(request), `${JSON.stringify(request)}: ${JSON.stringify(validate.errors)}`);
      }
      const typo = { type: 'parse', document: 'eA==', fileName: 'a.pdf', options: { orc: 'force' } };
      assert.equal(validate(typo), false);
      const stray = { type: 'parse', document: 'eA==', fileName: 'a.pdf', schema: invoiceSchema };
      assert.equal(validate(stray), false, 'schema belongs to extract jobs');
    });

    it('ran every job type to its end', () => {
      for (const [name, job] of Object.entries(jobs)) {
        const expected = name === 'failed' ? 'failed' : 'completed';
        assert.equal(job.status, expected, `${name}: ${JSON.stringify(job.error)}`);
      }
      assert.deepEqual(
        [...new Set(Object.values(jobs).map((job) => job.type as string))].sort(),
        [...jobTypes].sort(),
      );
    });

    it('describes each job as the API shows it and as the service makes it', async () => {
      const [row] = await dj.ctx.db.query<{ org_id: `org_${string}` }>(
        'SELECT org_id FROM jobs WHERE id = $1',
        [jobs.parse!.id],
      );
      for (const [name, job] of Object.entries(jobs)) {
        assertShape('Job', (await get(`/v1/jobs/${job.id}`)).json(), name);
        assertShape(
          'Job',
          JSON.parse(JSON.stringify(publicJob(await findJob(dj.ctx, row!.org_id, job.id)))),
          name,
        );
      }
      // Drift is caught: a field the document does not describe fails.
      const validate = ajv.getSchema('openapi.json#/components/schemas/Job')!;
      assert.equal(validate({ ...(await get(`/v1/jobs/${jobs.parse!.id}`)).json(), surprise: 1 }), false);
      assertShape('JobPage', (await get('/v1/jobs?limit=5')).json());
      assertShape('JobPage', (await get('/v1/jobs?status=failed&type=parse')).json());
    });

    it("describes each job's result by its type, and its trace", async () => {
      const byType: Record<string, string> = {
        parse: 'ParseResult',
        extract: 'ExtractResult',
        classify: 'ClassifyResult',
        workflow: 'WorkflowResult',
        chunk: 'ChunkResult',
        edit: 'EditResult',
        split: 'SplitResult',
        fill: 'FillResult',
        schema: 'SchemaResult',
        generate: 'GenerateResult',
      };
      for (const [name, job] of Object.entries(jobs)) {
        if (job.status === 'failed') continue;
        const result = (await get(`/v1/jobs/${job.id}/result`)).json();
        assert.equal(result.type, job.type, name);
        assertShape(byType[job.type as string]!, result, `${name}'s result`);
        assertShape('JobResult', result, `${name}'s result`);
        assertShape('JobTrace', (await get(`/v1/jobs/${job.id}/trace`)).json(), `${name}'s trace`);
      }
      // Drift is caught in results too, at the top and deep inside.
      const jobResult = ajv.getSchema('openapi.json#/components/schemas/JobResult')!;
      const parsed = (await get(`/v1/jobs/${jobs.parse!.id}/result`)).json();
      assert.equal(jobResult(parsed), true);
      assert.equal(jobResult({ ...parsed, surprise: 1 }), false);
      parsed.pages[0].blocks[0].surprise = 1;
      assert.equal(jobResult(parsed), false);
      const extracted = (await get(`/v1/jobs/${jobs.extract!.id}/result`)).json();
      delete extracted.confidence;
      assert.equal(jobResult(extracted), false);
      // What the results hold is what the schemas were written for.
      const chunked = (await get(`/v1/jobs/${jobs.parseChunked!.id}/result`)).json();
      assert.ok(chunked.chunks.length > 0);
      const report = (await get(`/v1/jobs/${jobs.html!.id}/result`)).json();
      const table = report.pages[0].blocks.find((block: { type: string }) => block.type === 'table');
      assert.ok(table?.rows?.length === 3, 'the html table has its rows');
      for (const name of ['tables', 'mergedTables']) {
        const parts = (await get(`/v1/jobs/${jobs[name]!.id}/result`)).json();
        const ruled = parts.pages[0].blocks.find((block: { type: string }) => block.type === 'table');
        assert.ok(ruled?.cells?.length > 0, `${name}: the ruled table has cells`);
      }
      const scan = (await get(`/v1/jobs/${jobs.ocr!.id}/result`)).json();
      assert.equal(scan.pages[0].source, 'ocr');
      const extraction = (await get(`/v1/jobs/${jobs.extractSaved!.id}/result`)).json();
      assert.ok(extraction.extractor?.id, 'a saved extractor is named');
      assert.ok(Object.keys(extraction.evidence).length > 0, 'evidence for found fields');
      assert.equal((await get(`/v1/jobs/${jobs.extractLlm!.id}/result`)).json().engine, 'llm');
      assert.equal((await get(`/v1/jobs/${jobs.prompt!.id}/result`)).json().data.answer, 'Jobs read pages.');
    });

    it('describes stats, usage, search, chunks, export and bulk answers', async () => {
      assertShape('JobStats', (await get('/v1/jobs/stats?period=24h')).json());
      assertShape('Usage', (await get('/v1/usage?period=24h')).json());
      const found = await send('POST', '/v1/search', { query: 'reading order', mode: 'fulltext' });
      assert.ok(found.data.length > 0, 'the chunks are found');
      assertShape('SearchAnswer', found);
      assertShape('SearchAnswer', await send('POST', '/v1/search', { query: 'pages', topK: 3 }));
      assertShape('IndexedChunkPage', (await get(`/v1/jobs/${jobs.chunk!.id}/chunks?limit=2`)).json());
      const exported = (await get('/v1/jobs/export?format=json&include=data')).json();
      assert.ok(exported.length >= Object.keys(jobs).length);
      for (const job of exported) assertShape('ExportedJob', job, `exported ${job.id}`);
      assertShape('BulkCancelResult', await send('POST', '/v1/jobs/bulk/cancel', { ids: [jobs.parse!.id] }));
      const reprocessed = await send('POST', '/v1/jobs/bulk/reprocess', { ids: [jobs.html!.id] });
      assert.equal(reprocessed.created.length, 1);
      assertShape('BulkReprocessResult', reprocessed);
      await waitTerminal(dj, reprocessed.created[0].id);
      assertShape(
        'BulkDeleteResult',
        await send('POST', '/v1/jobs/bulk/delete', { filter: { status: ['failed'] } }),
      );
    });

    it('describes webhook settings and deliveries, cases, extractors and classifiers', async () => {
      assertShape('WebhookSetting', (await get('/v1/settings/webhook')).json());
      const deliveries = (await get('/v1/webhooks/deliveries?limit=3')).json();
      assert.ok(deliveries.deliveries.length > 0, 'job ends made deliveries');
      assertShape('WebhookDeliveryPage', deliveries);
      for (const { payload } of deliveries.deliveries) assertShape('WebhookPayload', payload);
      const sent = spec.webhooks.jobEnded!.post.requestBody.content['application/json']!;
      assert.equal(sent.schema.$ref, '#/components/schemas/WebhookPayload');
      const delivery = deliveries.deliveries[0];
      assertShape('WebhookDelivery', (await get(`/v1/webhooks/deliveries/${delivery.id}`)).json());
      assertShape('WebhookDelivery', await send('POST', `/v1/webhooks/deliveries/${delivery.id}/redeliver`));

      assertShape('CasePage', (await get('/v1/cases')).json());
      const theCase = (await get('/v1/cases')).json().cases[0];
      assertShape('Case', (await get(`/v1/cases/${theCase.id}`)).json());

      for (const [plural, one, spec] of [
        ['extractors', 'Extractor', { schema: invoiceSchema }],
        ['classifiers', 'Classifier', { categories }],
      ] as const) {
        const page = (await get(`/v1/${plural}`)).json();
        assertShape(`${one}Page`, page);
        const id = page[plural][0].id;
        assertShape(one, (await get(`/v1/${plural}/${id}`)).json());
        assertShape(one, await send('PATCH', `/v1/${plural}/${id}`, { description: 'changed' }));
        assertShape(one, await send('PUT', `/v1/${plural}/${id}`, { name: 'again', ...spec }));
        assertShape(`${one}Versions`, (await get(`/v1/${plural}/${id}/versions`)).json());
        assertShape(one, (await get(`/v1/${plural}/${id}/versions/1`)).json());
        assertShape(`${one}Deleted`, await send('DELETE', `/v1/${plural}/${id}`));
      }
      assertShape('JobDeleted', await send('DELETE', `/v1/jobs/${jobs.workflow!.id}`));
      assertShape('CaseDeleted', await send('DELETE', `/v1/cases/${theCase.id}`));
    });

    it("describes the events of a job's stream and the error envelope", async () => {
      const base = await dj.app.listen({ port: 0, host: '127.0.0.1' });
      const client = await SseClient.open(`${base}/v1/jobs/${jobs.extract!.id}/events`, dj.auth);
      await client.ended;
      assert.deepEqual(
        client.events.map((event) => event.event),
        ['state', 'end'],
      );
      for (const event of client.events) assertShape('JobEvent', event, `event ${event.event}`);
      // The organisation's stream while a job runs: its status, stage, pages, progress and quality.
      const live = await SseClient.open(`${base}/v1/events`, dj.auth);
      // Twenty pages: long enough that its stage, pages and progress are seen as events of their own
      // (a one-page job can end within one poll of the stream, its stage folded into its status).
      const pages = Array.from({ length: 20 }, (_, i) => `Page ${i + 1} to follow`);
      const running = await submit(dj, makeTextPdf(pages), 'follow.pdf');
      await live.waitFor(
        (event) =>
          event.event === 'status' && event.data.id === running.id && event.data.status === 'completed',
      );
      live.close();
      const seen = new Set(live.ofJob(running.id).map((event) => event.event));
      for (const name of ['state', 'status', 'stage', 'progress', 'quality']) assert.ok(seen.has(name), name);
      for (const event of live.events) assertShape('JobEvent', event, `event ${event.event}`);
      const missing = await dj.app.inject({ url: '/v1/jobs/job_nope', headers: dj.auth });
      assert.equal(missing.statusCode, 404);
      assertShape('ErrorEnvelope', missing.json());
      const bad = await dj.app.inject({
        method: 'POST',
        url: '/v1/jobs',
        headers: dj.auth,
        payload: { document: 'eA==', fileName: 'x.txt', options: { ocr: 'sometimes' } },
      });
      assert.equal(bad.statusCode, 400);
      assertShape('ErrorEnvelope', bad.json());
      assertShape('Health', (await get('/healthz')).json());
      assertShape('Readiness', (await get('/readyz')).json());
    });
  });
}
