import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { parseArguments } from '../src/cli/arguments.ts';
import { searchCommand } from '../src/cli/search-command.ts';
import type { OrgId } from '../src/core/ids.ts';
import { purgeExpired } from '../src/services/purge.ts';
import { indexedJob, makeChunks, orgIdOf } from './chunk-fixtures.ts';
import { backends, startTestDocjobs, type TestDocjobs } from './harness.ts';

interface Hit {
  id: string;
  jobId: string;
  fileName: string | null;
  index: number;
  pages: number[];
  bboxes: Record<string, number[][]>;
  headingPath: string[];
  text: string;
  score: number;
  snippet: string;
}

const invoiceChunks = makeChunks('inv', [
  {
    heading: ['Invoice'],
    text: 'Invoice 2291. Total amount due: 1,250.00 EUR. Payment terms: 30 days net from the invoice date.',
  },
  {
    heading: ['Payment'],
    text: 'Please pay by bank transfer to IBAN DE89 3704 0044 0532 0130 00, quoting the invoice number.',
  },
]);
const paperChunks = makeChunks('paper', [
  {
    heading: ['4 Results'],
    text: 'We train convolutional neural networks on ImageNet and report a top-1 accuracy of 76.1 percent.',
  },
  {
    heading: ['3 Methods', '3.1 Data'],
    text: 'The dataset was collected from public web pages and annotated by three people.',
  },
  {
    heading: ['3 Methods', '3.2 Tables'],
    text: 'Tables are detected with a layout model and their cells are recovered from the text layer.',
  },
]);
const germanChunks = makeChunks('de', [
  {
    text: 'Die Rechnung ist innerhalb von 30 Tagen ohne Abzug zu bezahlen. Bei Verzug werden Gebühren fällig.',
  },
]);

for (const backend of backends) {
  describe(`search on ${backend}, without an embeddings endpoint`, () => {
    let dj: TestDocjobs;
    let acme: OrgId;
    let globex: OrgId;
    const jobs: Record<string, string> = {};
    before(async () => {
      dj = await startTestDocjobs(backend, 'search-fulltext', {}, { worker: false });
      acme = await orgIdOf(dj.ctx, 'acme');
      globex = await orgIdOf(dj.ctx, 'globex');
      jobs.invoice = (
        await indexedJob(dj.ctx, acme, invoiceChunks, {
          fileName: 'invoice-2291.pdf',
          metadata: { kind: 'invoice' },
        })
      ).id;
      jobs.paper = (
        await indexedJob(dj.ctx, acme, paperChunks, { fileName: 'paper.pdf', metadata: { kind: 'paper' } })
      ).id;
      jobs.german = (
        await indexedJob(dj.ctx, acme, germanChunks, { fileName: 'rechnung.pdf', language: 'de' })
      ).id;
      jobs.foreign = (
        await indexedJob(
          dj.ctx,
          globex,
          makeChunks('globex', [
            { text: 'Globex invoice: total amount due 990 EUR, payment by bank transfer.' },
          ]),
          { fileName: 'globex-invoice.pdf' },
        )
      ).id;
    });
    after(async () => dj?.close());

    const search = async (payload: Record<string, unknown>, auth = dj.auth) => {
      const response = await dj.app.inject({ method: 'POST', url: '/v1/search', headers: auth, payload });
      return {
        status: response.statusCode,
        body: response.json() as {
          mode: string;
          data: Hit[];
          error: { code: string; message: string };
        },
      };
    };
    const keys = (hits: Hit[]) => hits.map((hit) => `${hit.jobId}:${hit.index}`);

    it('finds chunks by their words, with job, file, pages, boxes, heading path and a marked snippet', async () => {
      const { status, body } = await search({ query: 'invoice total amount', mode: 'fulltext' });
      assert.equal(status, 200, JSON.stringify(body));
      assert.equal(body.mode, 'fulltext');
      const [top] = body.data;
      assert.ok(top);
      assert.equal(top.jobId, jobs.invoice);
      assert.equal(top.index, 0);
      assert.equal(top.id, 'inv:0');
      assert.equal(top.fileName, 'invoice-2291.pdf');
      assert.deepEqual(top.pages, [1]);
      assert.deepEqual(top.bboxes, { '1': [[72, 100, 540, 200]] });
      assert.deepEqual(top.headingPath, ['Invoice']);
      assert.match(top.snippet, /<mark>Total<\/mark> <mark>amount<\/mark>/);
      assert.ok(top.score > 0 && top.score <= 1);
    });

    it('stems words in the document language, and weighs the heading path', async () => {
      const tables = await search({ query: 'detecting table', mode: 'fulltext' });
      assert.deepEqual(keys(tables.body.data).slice(0, 1), [`${jobs.paper}:2`]);
      const german = await search({ query: 'Rechnungen bezahlt', mode: 'fulltext' });
      assert.deepEqual(keys(german.body.data), [`${jobs.german}:0`], 'German stems: Rechnungen → rechnung');
      const methods = await search({ query: 'methods', mode: 'fulltext' });
      assert.deepEqual(keys(methods.body.data).sort(), [`${jobs.paper}:1`, `${jobs.paper}:2`].sort());
    });

    it('falls back to chunks holding some of the words when none holds them all, best first', async () => {
      const { body } = await search({ query: 'neural networks accuracy zebra', mode: 'fulltext', topK: 3 });
      assert.equal(body.data[0]?.jobId, jobs.paper);
      assert.equal(body.data[0]?.index, 0);
      const scores = body.data.map((hit) => hit.score);
      assert.deepEqual(
        scores,
        [...scores].sort((a, b) => b - a),
      );
    });

    it("never shows another organisation's chunks", async () => {
      const ours = await search({ query: 'invoice payment bank transfer', mode: 'fulltext', topK: 100 });
      assert.ok(ours.body.data.length > 0);
      assert.ok(ours.body.data.every((hit) => hit.jobId !== jobs.foreign));
      const theirs = await search(
        { query: 'invoice payment bank transfer', mode: 'fulltext', topK: 100 },
        dj.otherAuth,
      );
      assert.deepEqual(
        theirs.body.data.map((hit) => hit.jobId),
        [jobs.foreign],
      );
      const asked = await search(
        { query: 'invoice', mode: 'fulltext', filters: { jobIds: [jobs.invoice] } },
        dj.otherAuth,
      );
      assert.deepEqual(asked.body.data, [], 'naming a foreign job does not reach it');
    });

    it('filters by job ids, type, metadata and creation time', async () => {
      const byId = await search({ query: 'invoice', mode: 'fulltext', filters: { jobIds: [jobs.paper] } });
      assert.deepEqual(byId.body.data, []);
      const byMetadata = await search({
        query: 'methods tables invoice',
        mode: 'fulltext',
        filters: { metadata: { kind: 'paper' } },
      });
      assert.ok(byMetadata.body.data.length > 0);
      assert.ok(byMetadata.body.data.every((hit) => hit.jobId === jobs.paper));
      const dotted = await search({
        query: 'methods tables invoice',
        mode: 'fulltext',
        filters: { 'metadata.kind': 'invoice' },
      });
      assert.ok(dotted.body.data.length > 0);
      assert.ok(dotted.body.data.every((hit) => hit.jobId === jobs.invoice));
      const byType = await search({ query: 'invoice', mode: 'fulltext', filters: { type: 'extract' } });
      assert.deepEqual(byType.body.data, []);
      const future = new Date(Date.now() + 3_600_000).toISOString();
      const after = await search({ query: 'invoice', mode: 'fulltext', filters: { createdAfter: future } });
      assert.deepEqual(after.body.data, []);
      const before = await search({ query: 'invoice', mode: 'fulltext', filters: { createdBefore: future } });
      assert.ok(before.body.data.length > 0);
    });

    it('answers hybrid as fulltext, and vector with a 400 saying to set EMBEDDINGS_BASE_URL', async () => {
      const hybrid = await search({ query: 'invoice' });
      assert.equal(hybrid.status, 200);
      assert.equal(hybrid.body.mode, 'fulltext');
      assert.ok(hybrid.body.data.length > 0);
      const vector = await search({ query: 'invoice', mode: 'vector' });
      assert.equal(vector.status, 400);
      assert.equal(vector.body.error.code, 'EMBEDDINGS_NOT_CONFIGURED');
      assert.match(vector.body.error.message, /EMBEDDINGS_BASE_URL/);
    });

    it('refuses a request without a query, with a bad mode, topK or filter', async () => {
      for (const payload of [
        {},
        { query: '' },
        { query: 'x', mode: 'semantic' },
        { query: 'x', topK: 0 },
        { query: 'x', topK: 101 },
        { query: 'x', filters: { createdAfter: 'yesterday' } },
        { query: 'x', filters: { colour: 'red' } },
      ]) {
        const { status, body } = await search(payload);
        assert.equal(status, 400, JSON.stringify(payload));
        assert.equal(body.error.code, 'VALIDATION_ERROR');
      }
    });

    it("pages through a job's chunks in reading order; another organisation's job is a 404", async () => {
      const first = await dj.app.inject({ url: `/v1/jobs/${jobs.paper}/chunks?limit=2`, headers: dj.auth });
      assert.equal(first.statusCode, 200, first.body);
      const page1 = first.json();
      assert.deepEqual(
        page1.chunks.map((chunk: { index: number }) => chunk.index),
        [0, 1],
      );
      assert.equal(page1.total, 3);
      assert.equal(page1.hasMore, true);
      assert.deepEqual(page1.chunks[1].headingPath, ['3 Methods', '3.1 Data']);
      assert.equal(page1.chunks[1].language, 'english');
      assert.equal(page1.chunks[1].dims, null);
      const page2 = (
        await dj.app.inject({
          url: `/v1/jobs/${jobs.paper}/chunks?limit=2&cursor=${page1.nextCursor}`,
          headers: dj.auth,
        })
      ).json();
      assert.deepEqual(
        page2.chunks.map((chunk: { index: number }) => chunk.index),
        [2],
      );
      assert.equal(page2.hasMore, false);
      const byOffset = (
        await dj.app.inject({ url: `/v1/jobs/${jobs.paper}/chunks?limit=1&offset=2`, headers: dj.auth })
      ).json();
      assert.equal(byOffset.chunks[0].index, 2);
      const foreign = await dj.app.inject({ url: `/v1/jobs/${jobs.paper}/chunks`, headers: dj.otherAuth });
      assert.equal(foreign.statusCode, 404);
    });

    it('docjobs search prints the hits, best first, with file, pages and heading path', async () => {
      const address = await dj.app.listen({ port: 0, host: '127.0.0.1' });
      const flags = (...args: string[]) =>
        parseArguments(['--url', address, '--api-key', dj.key, ...args]).values;
      const printed: string[] = [];
      const log = console.log;
      console.log = (line: string) => printed.push(line);
      try {
        assert.equal(await searchCommand(flags('--top', '2', '--mode', 'fulltext'), ['bank transfer']), 0);
      } finally {
        console.log = log;
      }
      assert.match(
        printed[0] ?? '',
        /^1\. 0\.\d{4} {2}invoice-2291\.pdf {2}p\. 2 {2}Payment {2}\(job_\w+ #1\)$/,
      );
      // Not a terminal: the <mark>s go, with no bold escapes in their place.
      assert.ok(printed[1]?.includes('by bank transfer to'), printed[1]);
      assert.ok(!printed[1]?.includes('<mark>') && !printed[1]?.includes('\u001b'), printed[1]);
      await assert.rejects(
        searchCommand(flags('--top', '2', '--mode', 'vector'), ['x']),
        /400 EMBEDDINGS_NOT_CONFIGURED: vector search needs an embeddings endpoint/,
      );
      await assert.rejects(searchCommand(flags('--top', '0'), ['x']), /--top takes a whole number/);
    });

    it('removes the chunks of a deleted job and of an expired one; a case keeps its own', async () => {
      const doomed = await indexedJob(
        dj.ctx,
        acme,
        makeChunks('d', [{ text: 'quarterly turbine maintenance log' }]),
      );
      const expiring = await indexedJob(
        dj.ctx,
        acme,
        makeChunks('e', [{ text: 'turbine inspection schedule' }]),
      );
      const created = await dj.app.inject({
        method: 'POST',
        url: '/v1/cases',
        headers: dj.auth,
        payload: { name: 'turbines' },
      });
      const caseId = created.json().id as string;
      const kept = await indexedJob(dj.ctx, acme, makeChunks('k', [{ text: 'turbine warranty terms' }]), {
        caseId,
      });
      const found = async () =>
        (await search({ query: 'turbine', mode: 'fulltext', topK: 10 })).body.data
          .map((hit) => hit.jobId)
          .sort();
      assert.deepEqual(await found(), [doomed.id, expiring.id, kept.id].sort());
      const inCase = await search({ query: 'turbine', mode: 'fulltext', filters: { caseId } });
      assert.deepEqual(
        inCase.body.data.map((hit) => hit.jobId),
        [kept.id],
      );

      const deleted = await dj.app.inject({
        method: 'DELETE',
        url: `/v1/jobs/${doomed.id}`,
        headers: dj.auth,
      });
      assert.equal(deleted.statusCode, 200);
      // Every acme job expires in a day (jobFields); the purge's clock two days on takes all but the case's.
      await purgeExpired(dj.ctx, { now: new Date(Date.now() + 2 * 86_400_000) });
      assert.deepEqual(await found(), [kept.id]);
      const rows = await dj.ctx.db.query('SELECT job_id FROM chunks WHERE job_id = ANY($1::text[])', [
        [doomed.id, expiring.id],
      ]);
      assert.deepEqual(rows, []);
      // Put back what the purge took for the other tests of this suite.
      jobs.invoice = (
        await indexedJob(dj.ctx, acme, invoiceChunks, {
          fileName: 'invoice-2291.pdf',
          metadata: { kind: 'invoice' },
        })
      ).id;
    });
  });
}
