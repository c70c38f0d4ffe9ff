import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  chatReply,
  type FakeOpenAiServer,
  rateLimited,
  startFakeOpenAiServer,
} from '../src/pipeline/llm/testing/fake-openai-server.ts';
import { makeTextPdf } from './fixtures.ts';
import {
  backends,
  type JobView,
  startTestDocjobs,
  submit,
  type TestDocjobs,
  waitTerminal,
} from './harness.ts';

const invoicePage = [
  'Northwind Traders Ltd',
  'INVOICE',
  'Invoice number: INV-7731',
  'Total due: 880.00 EUR',
].join('\n');
const schema = {
  type: 'object',
  properties: {
    vendor: { type: 'string' },
    total: { type: 'number' },
    due_date: { type: ['string', 'null'] },
  },
};
const categories = [
  { name: 'invoice', description: 'A bill asking for payment' },
  { name: 'letter', description: 'A personal letter' },
];

interface LlmStage {
  stage: string;
  engine?: string;
  llm?: { model: string; usage: { totalTokens: number }; exchanges: { request: unknown }[] };
}

for (const backend of backends) {
  describe(`LLM engine jobs on ${backend}`, () => {
    let dj: TestDocjobs;
    let llm: FakeOpenAiServer;
    before(async () => {
      llm = await startFakeOpenAiServer();
      dj = await startTestDocjobs(backend, 'llm-jobs', {
        LLM_BASE_URL: llm.baseUrl,
        LLM_MODEL: 'test-model',
        LLM_API_KEY: 'sk-secret-never-shown-123',
      });
    });
    after(async () => {
      await dj?.close();
      await llm?.close();
    });

    const json = async (url: string) => (await dj.app.inject({ url, headers: dj.auth })).json();

    it('extracts with the configured endpoint by default: structured output, tokens in trace and usage, no key in the trace', async () => {
      llm.script(rateLimited(1), chatReply({ vendor: 'Northwind Traders Ltd', total: 880, due_date: null }));
      const before = llm.requests.length;
      const job = await submit(dj, makeTextPdf([invoicePage]), 'inv.pdf', {
        type: 'extract',
        schema,
        prompt: 'Amounts in EUR.',
      });
      const done = await waitTerminal(dj, job.id);
      assert.equal(done.status, 'completed', JSON.stringify(done.error));
      const result = await json(`/v1/jobs/${job.id}/result`);
      assert.equal(result.engine, 'llm');
      assert.deepEqual(result.data, { vendor: 'Northwind Traders Ltd', total: 880, due_date: null });
      // Found verbatim in the document: high; absent: 0.
      assert.ok(result.confidence.vendor > 0.8);
      assert.equal(result.confidence.due_date, 0);
      assert.equal(result.evidence.vendor.page, 1);
      const sent = llm.requests.slice(before);
      assert.equal(sent.length, 2, 'the 429 was retried once');
      assert.ok(sent[1]!.receivedAt - sent[0]!.receivedAt >= 900, 'Retry-After was honoured');
      assert.equal(sent[1]!.body.response_format?.type, 'json_schema');
      assert.match(JSON.stringify(sent[1]!.body.messages), /Amounts in EUR\./);
      assert.match(JSON.stringify(sent[1]!.body.messages), /INV-7731/);
      const trace = await json(`/v1/jobs/${job.id}/trace`);
      const call = (trace.stages as LlmStage[]).find((stage) => stage.stage === 'extracting')!;
      assert.equal(call.engine, 'llm');
      assert.equal(call.llm?.usage.totalTokens, 120);
      assert.equal(trace.llmTokens, 120);
      assert.doesNotMatch(JSON.stringify(trace), /sk-secret-never-shown/);
      const usage = await json('/v1/usage?period=24h');
      assert.ok(usage.totals.llmTokens >= 120);
    });

    it('classifies with the endpoint, and keeps the built-in engine when asked for it', async () => {
      llm.script(chatReply({ label: 'invoice', scores: { invoice: 0.9, letter: 0.1 } }));
      const job = await submit(dj, makeTextPdf([invoicePage]), 'inv.pdf', { type: 'classify', categories });
      assert.equal((await waitTerminal(dj, job.id)).status, 'completed');
      const result = await json(`/v1/jobs/${job.id}/result`);
      assert.equal(result.engine, 'llm');
      assert.equal(result.label, 'invoice');
      const calls = llm.requests.length;
      const builtin = await submit(dj, makeTextPdf([invoicePage]), 'inv.pdf', {
        type: 'classify',
        categories,
        engine: 'builtin',
      });
      assert.equal((await waitTerminal(dj, builtin.id)).status, 'completed');
      assert.equal((await json(`/v1/jobs/${builtin.id}/result`)).engine, 'builtin');
      assert.equal(llm.requests.length, calls, 'the built-in engine made no request');
    });

    it('answers a prompt operation on a finished job, and fails with LLM_ERROR when the endpoint refuses the key', async () => {
      const parent = await submit(dj, makeTextPdf([invoicePage]), 'inv.pdf');
      await waitTerminal(dj, parent.id);
      llm.script(chatReply('Northwind Traders Ltd sent it.'));
      const response = await dj.app.inject({
        method: 'POST',
        url: `/v1/jobs/${parent.id}/operations`,
        headers: dj.auth,
        payload: { type: 'prompt', prompt: 'Who sent this invoice?' },
      });
      assert.equal(response.statusCode, 202, response.body);
      const question = response.json() as JobView;
      assert.equal((await waitTerminal(dj, question.id)).status, 'completed');
      assert.equal(
        (await json(`/v1/jobs/${question.id}/result`)).data.answer,
        'Northwind Traders Ltd sent it.',
      );

      llm.script({ status: 401, body: { error: { message: 'Incorrect API key provided' } } });
      const refused = await submit(dj, makeTextPdf([invoicePage]), 'inv.pdf', { type: 'extract', schema });
      const failed = await waitTerminal(dj, refused.id);
      assert.equal(failed.status, 'failed');
      assert.equal(failed.error?.code, 'LLM_ERROR');
      assert.equal(failed.retryCount, 0, 'a refused key is not retried');
    });
  });
}
