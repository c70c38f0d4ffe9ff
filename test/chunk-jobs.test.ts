import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Chunk } from '../src/core/chunk.ts';
import { makePaperPdf } from './fixtures.ts';
import {
  backends,
  type JobView,
  startTestDocjobs,
  submit,
  type TestDocjobs,
  waitTerminal,
} from './harness.ts';

interface ChunkResult {
  type: string;
  pages: unknown;
  chunks: Chunk[];
  chunking: Record<string, unknown>;
}

for (const backend of backends) {
  describe(`chunk jobs on ${backend}`, () => {
    let dj: TestDocjobs;
    // A 3-page paper: a title, a numbered section heading on each page, two columns of text.
    const paper = makePaperPdf(3);
    before(async () => {
      dj = await startTestDocjobs(backend, 'chunk-jobs');
    });
    after(async () => dj?.close());

    const get = (url: string, auth = dj.auth) => dj.app.inject({ method: 'GET', url, headers: auth });
    const post = (payload: Record<string, unknown>) =>
      dj.app.inject({ method: 'POST', url: '/v1/jobs', headers: dj.auth, payload });
    const done = async (job: JobView) => {
      const ended = await waitTerminal(dj, job.id);
      assert.equal(ended.status, 'completed', JSON.stringify(ended.error));
      return ended;
    };

    it('chunks a document by structure with every default, and serves a chunk a line', async () => {
      const job = await submit(dj, paper.pdf, 'paper.pdf', { type: 'chunk' });
      assert.equal(job.type, 'chunk');
      assert.deepEqual((job.options as { chunking: unknown }).chunking, {
        strategy: 'structure',
        maxTokens: 512,
        overlapTokens: 0,
        minTokens: 0,
        tokenizer: 'cl100k_base',
      });
      await done(job);
      const result = (await get(`/v1/jobs/${job.id}/result`)).json() as ChunkResult;
      assert.equal(result.type, 'chunk');
      assert.equal(result.pages, 3);
      assert.equal(result.chunking.strategy, 'structure');
      assert.ok(result.chunks.length >= 3, `${result.chunks.length} chunks`);
      result.chunks.forEach((chunk, k) => {
        assert.equal(chunk.id, `${job.id}:${k}`);
        assert.equal(chunk.index, k);
        assert.ok(chunk.tokens > 0 && chunk.tokens <= 512);
        assert.ok(chunk.pages.length > 0);
        assert.ok(Object.keys(chunk.bboxes).length > 0);
      });
      const sections = new Set(result.chunks.map((chunk) => chunk.headingPath.at(-1)));
      for (const heading of ['1 Section 1', '2 Section 2', '3 Section 3'])
        assert.ok(sections.has(heading), heading);
      const convective = result.chunks.find((chunk) => chunk.headingPath.at(-1) === '2 Section 2')!;
      assert.ok(convective.text.includes('2 Section 2\n\n'), 'the heading path tops the text');

      const lines = await get(`/v1/jobs/${job.id}/result?format=jsonl`);
      assert.equal(lines.statusCode, 200);
      assert.match(lines.headers['content-type'] as string, /application\/x-ndjson/);
      const parsed = lines.body
        .trimEnd()
        .split('\n')
        .map((line) => JSON.parse(line) as Chunk & { jobId: string });
      assert.equal(parsed.length, result.chunks.length);
      assert.deepEqual(parsed[1], { jobId: job.id, ...result.chunks[1] });

      const markdown = await get(`/v1/jobs/${job.id}/result?format=markdown`);
      assert.ok(markdown.body.includes('convective overshooting'));
      const csv = await get(`/v1/jobs/${job.id}/result?format=csv`);
      assert.ok(csv.body.startsWith('id,index,pages,headingPath,blockTypes,tokens,text'));

      const trace = (await get(`/v1/jobs/${job.id}/trace`)).json() as { stages: Record<string, unknown>[] };
      const chunking = trace.stages.find((stage) => stage.stage === 'chunking')!;
      assert.equal(chunking.chunks, result.chunks.length);
      assert.equal(chunking.tokenizer, 'cl100k_base');
      assert.equal((await get(`/v1/jobs/${job.id}/result?format=jsonl`, dj.otherAuth)).statusCode, 404);
    });

    it('parses and chunks in one parse job with options.chunking', async () => {
      const job = await submit(dj, paper.pdf, 'paper.pdf', {
        options: { chunking: { strategy: 'page', maxTokens: 2000 } },
      });
      await done(job);
      const result = (await get(`/v1/jobs/${job.id}/result`)).json() as ChunkResult & {
        pages: { page: number }[];
      };
      assert.equal(result.type, 'parse');
      assert.equal(result.pages.length, 3, 'the parse result keeps its pages');
      assert.deepEqual(
        result.chunks.map((chunk) => chunk.pages),
        [[1], [2], [3]],
      );
      assert.equal(result.chunking.strategy, 'page');
      const lines = (await get(`/v1/jobs/${job.id}/result?format=jsonl`)).body.trimEnd().split('\n');
      assert.equal(lines.length, 3, 'jsonl: a chunk a line rather than a page a line');
      assert.ok(JSON.parse(lines[0]!).headingPath);
      // A child parse job over these pages has no chunks: they were the parent's.
      const child = await post({ dependsOn: job.id });
      assert.equal(child.statusCode, 202, child.body);
      await done(child.json() as JobView);
      const childResult = (await get(`/v1/jobs/${(child.json() as JobView).id}/result`)).json() as Record<
        string,
        unknown
      >;
      assert.equal(childResult.chunks, undefined);
      assert.equal((childResult.pages as unknown[]).length, 3);
    });

    it("chunks a parent's pages through dependsOn: no second parse", async () => {
      const parent = await submit(dj, paper.pdf, 'paper.pdf');
      const child = await post({
        type: 'chunk',
        dependsOn: parent.id,
        options: { chunking: { strategy: 'size', maxTokens: 128 } },
      });
      assert.equal(child.statusCode, 202, child.body);
      const id = (child.json() as JobView).id;
      await done(parent);
      const ended = await waitTerminal(dj, id);
      assert.equal(ended.status, 'completed', JSON.stringify(ended.error));
      const trace = (await get(`/v1/jobs/${id}/trace`)).json() as {
        stages: { stage: string; reusedFrom?: string[] }[];
      };
      assert.deepEqual(trace.stages[0]?.reusedFrom, [parent.id]);
      const result = (await get(`/v1/jobs/${id}/result`)).json() as ChunkResult;
      assert.deepEqual(result.chunking, {
        strategy: 'size',
        maxTokens: 128,
        overlapTokens: 16,
        minTokens: 0,
        tokenizer: 'cl100k_base',
      });
      assert.ok(result.chunks.length > 5);
      assert.ok(result.chunks.every((chunk) => chunk.tokens <= 128));
      // The child uploaded nothing: its chunks and hits are named after the parent's file.
      const page = (await get(`/v1/jobs/${id}/chunks?limit=1`)).json() as { chunks: { fileName: string }[] };
      assert.equal(page.chunks[0]?.fileName, 'paper.pdf');
      const search = await dj.app.inject({
        method: 'POST',
        url: '/v1/search',
        headers: dj.auth,
        payload: {
          query: result.chunks[0]!.text.split(/\s+/).slice(0, 3).join(' '),
          filters: { jobIds: [id] },
        },
      });
      assert.equal(search.statusCode, 200, search.body);
      const hits = (search.json() as { data: { fileName: string }[] }).data;
      assert.ok(hits.length > 0);
      assert.ok(
        hits.every((hit) => hit.fileName === 'paper.pdf'),
        JSON.stringify(hits.map((h) => h.fileName)),
      );
    });

    it('refuses bad chunking options with a 400 that says how to fix them', async () => {
      const cases: [Record<string, unknown>, string, RegExp][] = [
        [
          { type: 'chunk', options: { chunking: { strategy: 'sections' } } },
          'options.chunking.strategy',
          /"structure", "size", "page"/,
        ],
        [
          { type: 'chunk', options: { chunking: { maxTokens: 256, overlapTokens: 200 } } },
          'options.chunking.overlapTokens',
          /from 0 to 128/,
        ],
        [
          { type: 'extract', schema: { type: 'object' }, options: { chunking: {} } },
          'options.chunking',
          /submit a chunk job with dependsOn/,
        ],
        [{ type: 'chunk', categories: [{ name: 'a' }] }, 'categories', /does not apply to chunk jobs/],
      ];
      for (const [fields, field, message] of cases) {
        const response = await post({
          document: Buffer.from(paper.pdf).toString('base64'),
          fileName: 'p.pdf',
          ...fields,
        });
        assert.equal(response.statusCode, 400, response.body);
        const { error } = response.json() as { error: { code: string; message: string; field: string } };
        assert.equal(error.code, 'VALIDATION_ERROR');
        assert.equal(error.field, field);
        assert.match(error.message, message);
      }
    });
  });
}
