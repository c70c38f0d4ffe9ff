import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { Docjobs } from '../packages/client/src/index.ts';
import { parseArguments } from '../src/cli/arguments.ts';
import { submitFields } from '../src/cli/submit-input.ts';
import { readFormFields } from '../src/pipeline/forms/read-form-fields.ts';
import {
  acroFormPdf,
  parsePdf,
  printedFormPdf,
  type Question,
} from '../src/pipeline/forms/testing/sample-forms.ts';
import {
  chatReply,
  type FakeOpenAiServer,
  startFakeOpenAiServer,
} from '../src/pipeline/llm/testing/fake-openai-server.ts';
import { makeTextPdf } from './fixtures.ts';
import {
  backends,
  type JobView,
  multipart,
  startTestDocjobs,
  submit,
  type TestDocjobs,
  waitTerminal,
} from './harness.ts';

const parseText = async (bytes: Uint8Array) => (await parsePdf(bytes)).text;

const questions: Question[] = [
  { key: 'fullName', label: 'Full name', kind: 'text', value: 'Grace Hopper' },
  { key: 'city', label: 'City', kind: 'text', value: 'Arlington' },
  { key: 'plan', label: 'Plan', kind: 'radio', options: ['Basic', 'Plus'], value: 'Plus' },
  { key: 'country', label: 'Country', kind: 'choice', options: ['France', 'United States'], value: 'France' },
  { key: 'agree', label: 'I agree', kind: 'checkbox', value: true },
];
const data = {
  fullName: 'Grace Hopper',
  city: 'Arlington',
  plan: 'Plus',
  country: 'Spain',
  agree: true,
  shoeSize: 9,
};

describe('docjobs submit --type fill', () => {
  it('reads --data from a file into options.data, with --flatten and --agent', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fill-cli-'));
    try {
      const file = join(dir, 'data.json');
      writeFileSync(file, JSON.stringify({ fullName: 'Ada Lovelace' }));
      const flags = parseArguments([
        'form.pdf',
        '--type',
        'fill',
        '--data',
        file,
        '--flatten',
        '--agent',
      ]).values;
      assert.deepEqual(await submitFields(flags), {
        type: 'fill',
        options: { data: { fullName: 'Ada Lovelace' }, flatten: true, mode: 'agent' },
      });
      writeFileSync(file, '{"fullName": ');
      await assert.rejects(submitFields(flags), /--data file/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

for (const backend of backends) {
  describe(`fill jobs on ${backend}`, () => {
    let dj: TestDocjobs;
    let llm: FakeOpenAiServer;
    before(async () => {
      llm = await startFakeOpenAiServer();
      dj = await startTestDocjobs(backend, 'fill-jobs', {
        LLM_BASE_URL: llm.baseUrl,
        LLM_MODEL: 'test-model',
      });
    });
    after(async () => {
      await dj?.close();
      await llm?.close();
    });

    const get = (url: string, auth = dj.auth) => dj.app.inject({ method: 'GET', url, headers: auth });
    const done = async (job: JobView) => {
      const ended = await waitTerminal(dj, job.id, 120);
      assert.equal(ended.status, 'completed', JSON.stringify(ended.error));
      return ended;
    };
    const result = async (id: string) => (await get(`/v1/jobs/${id}/result`)).json();
    /** The text a parse job with dependsOn on `id` reads. */
    const childText = async (id: string) => {
      const child = await dj.app.inject({
        method: 'POST',
        url: '/v1/jobs',
        headers: dj.auth,
        payload: { type: 'parse', dependsOn: id },
      });
      await done(child.json());
      return (await get(`/v1/jobs/${child.json().id}/result?format=text`)).body;
    };
    const output = async (id: string) => {
      const response = await get(`/v1/jobs/${id}/output`);
      assert.equal(response.statusCode, 200, response.body);
      assert.match(String(response.headers['content-disposition']), /-filled\.pdf/);
      return new Uint8Array(response.rawPayload);
    };

    it('fills an AcroForm and reports what was filled, skipped and not found', async () => {
      const form = await acroFormPdf(questions);
      const job = await submit(dj, form, 'form.pdf', { type: 'fill', options: { data }, engine: 'builtin' });
      await done(job);
      const report = await result(job.id);
      assert.equal(report.type, 'fill');
      assert.equal(report.mode, 'fields');
      assert.deepEqual(
        report.filled.map((entry: { key: string }) => entry.key),
        ['fullName', 'city', 'plan', 'agree'],
      );
      assert.deepEqual(
        report.skipped.map((entry: { key: string; reason: string }) => [
          entry.key,
          /not one of the options/.test(entry.reason),
        ]),
        [['country', true]],
      );
      assert.deepEqual(report.notFound, ['shoeSize']);
      const fields = new Map(
        (await readFormFields(await output(job.id))).map((field) => [field.name, field.value]),
      );
      assert.equal(fields.get('fullName'), 'Grace Hopper');
      assert.equal(fields.get('agree'), true);
      // A job over its pages reads the values, though they sit in the fields' appearances.
      assert.match(await childText(job.id), /Grace Hopper/);
      // The original stays as it was.
      const original = new Uint8Array((await get(`/v1/jobs/${job.id}/document`)).rawPayload);
      assert.equal(
        (await readFormFields(original)).find((field) => field.name === 'fullName')?.value,
        undefined,
      );
    });

    it('flattens: the values become page text, readable by a job that depends on it', async () => {
      const form = await acroFormPdf(questions);
      const job = await submit(dj, form, 'form.pdf', { type: 'fill', options: { data, flatten: true } });
      await done(job);
      assert.equal((await result(job.id)).flattened, true);
      const filled = await output(job.id);
      assert.deepEqual(await readFormFields(filled), []);
      assert.match(await parseText(filled), /Grace Hopper/);
      assert.match(await childText(job.id), /Arlington/);
    });

    it('agent fill through /v1/edit/agent/fill writes values at the blanks of a form without fields', async () => {
      const printed = await printedFormPdf(
        [
          { key: 'fullName', label: 'Full name', kind: 'text', value: '' },
          { key: 'email', label: 'E-mail address', kind: 'text', value: '' },
          { key: 'city', label: 'City', kind: 'text', value: '' },
        ],
        ['underscore', 'rule', 'box'],
      );
      const body = multipart(
        { name: 'printed.pdf', bytes: printed, type: 'application/pdf' },
        {
          options: JSON.stringify({
            data: { fullName: 'Alan Turing', emailAddress: 'alan@example.org', city: 'Wilmslow' },
          }),
          engine: 'builtin',
        },
      );
      const response = await dj.app.inject({
        method: 'POST',
        url: '/v1/edit/agent/fill',
        headers: { ...dj.auth, ...body.headers },
        payload: body.payload,
      });
      assert.equal(response.statusCode, 202, response.body);
      const job = response.json() as JobView;
      assert.equal(job.type, 'fill');
      await done(job);
      const report = await result(job.id);
      assert.equal(report.mode, 'agent');
      assert.equal(report.engine, 'builtin');
      assert.deepEqual(report.notFound, []);
      const text = await parseText(await output(job.id));
      for (const value of ['Alan Turing', 'alan@example.org', 'Wilmslow'])
        assert.match(text, new RegExp(value));
    });

    it('agent fill with the LLM engine: the model decides which key goes to which blank', async () => {
      const printed = await printedFormPdf(
        [
          { key: 'a', label: 'Surname', kind: 'text', value: '' },
          { key: 'b', label: 'Town', kind: 'text', value: '' },
        ],
        ['rule'],
      );
      // Blanks in reading order: 0 Surname, 1 Town; the built-in matcher would find neither.
      llm.script(chatReply({ familyName: 0, municipality: 1 }));
      const job = await submit(dj, printed, 'printed.pdf', {
        type: 'fill',
        engine: 'llm',
        options: { data: { familyName: 'Hamilton', municipality: 'Paoli' } },
      });
      await done(job);
      const report = await result(job.id);
      assert.equal(report.engine, 'llm');
      assert.deepEqual(
        report.filled.map((entry: { key: string; field: string }) => [entry.key, entry.field]),
        [
          ['familyName', 'Surname'],
          ['municipality', 'Town'],
        ],
      );
      const prompt = llm.requests
        .at(-1)!
        .body.messages!.map((message) => message.content)
        .join('\n');
      assert.match(prompt, /0\. page 1, line: "Surname"/);
      const trace = (await get(`/v1/jobs/${job.id}/trace`)).json();
      assert.ok(
        trace.stages.some(
          (stage: { stage: string; engine?: string }) => stage.stage === 'filling' && stage.engine === 'llm',
        ),
      );
    });

    it('the client fills a form and hands back the report and the filled PDF', async () => {
      const base = await dj.app.listen({ port: 0, host: '127.0.0.1' });
      const client = new Docjobs({ baseUrl: base, apiKey: dj.key });
      const { job, report, pdf } = await client.fill({
        file: await acroFormPdf(questions),
        fileName: 'form.pdf',
        options: { data: { city: 'Paris' }, flatten: true },
      });
      assert.equal(job.type, 'fill');
      assert.deepEqual(
        report.filled.map((entry) => entry.value),
        ['Paris'],
      );
      assert.match(await parseText(pdf), /Paris/);
    });

    it('answers bad data with a 400 naming the field, and another org with 404', async () => {
      const form = await acroFormPdf(questions);
      const post = (extra: Record<string, unknown>, url = '/v1/jobs') =>
        dj.app.inject({
          method: 'POST',
          url,
          headers: dj.auth,
          payload: {
            document: Buffer.from(form).toString('base64'),
            fileName: 'f.pdf',
            type: 'fill',
            ...extra,
          },
        });
      const cases: [Record<string, unknown>, string][] = [
        [{}, 'options.data'],
        [{ options: { data: [] } }, 'options.data'],
        [{ options: { data: { a: { b: [{}] } } } }, 'options.data.a.b'],
        [{ options: { data: { a: 1 }, flatten: 'yes' } }, 'options.flatten'],
        [{ options: { data: { a: 1 }, mode: 'magic' } }, 'options.mode'],
        [{ options: { data: { a: 1 } }, categories: [{ name: 'x' }] }, 'categories'],
      ];
      for (const [extra, field] of cases) {
        const response = await post(extra);
        assert.equal(response.statusCode, 400, `${JSON.stringify(extra)} → ${response.body}`);
        assert.equal(response.json().error.code, 'VALIDATION_ERROR');
        assert.equal(response.json().error.field, field, response.body);
      }
      const wrongType = await post({ type: 'parse', options: { data: { a: 1 } } }, '/v1/edit/templates/fill');
      assert.equal(wrongType.statusCode, 400);
      assert.equal(wrongType.json().error.field, 'type');

      // A PDF without fields, asked to fill fields only: the job fails with its reason.
      const fieldless = await submit(dj, makeTextPdf(['No form here']), 'plain.pdf', {
        type: 'fill',
        options: { data: { a: 'b' }, mode: 'fields' },
      });
      const failed = await waitTerminal(dj, fieldless.id, 60);
      assert.equal(failed.status, 'failed');
      assert.equal(failed.error?.code, 'VALIDATION_ERROR');
      assert.match(failed.error?.message ?? '', /no form fields/);

      const job = await submit(dj, form, 'form.pdf', { type: 'fill', options: { data: { city: 'Paris' } } });
      await done(job);
      assert.equal((await get(`/v1/jobs/${job.id}/output`, dj.otherAuth)).statusCode, 404);
      assert.equal((await get(`/v1/jobs/${job.id}/result`, dj.otherAuth)).statusCode, 404);
    });
  });
}
