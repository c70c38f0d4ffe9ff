import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { verifyWebhook } from '../packages/client/src/index.ts';
import { makeTextPdf } from './fixtures.ts';
import { backends, startTestDocjobs, type TestDocjobs } from './harness.ts';
import { binPath } from './processes.ts';

interface Outcome {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * The remote commands as a user runs them: `docjobs …` as a child process against a real server
 * (the harness's, listening on a port), configured by the environment only.
 */
for (const backend of backends) {
  describe(`docjobs against a server on ${backend}`, () => {
    let dj: TestDocjobs;
    let env: Record<string, string>;
    const dir = mkdtempSync(join(tmpdir(), 'docjobs-cli-remote-'));
    const docs = join(dir, 'docs');
    mkdirSync(join(docs, 'more'), { recursive: true });
    writeFileSync(join(docs, 'one.pdf'), makeTextPdf(['The first document']));
    writeFileSync(join(docs, 'two.txt'), 'The second document\n');
    writeFileSync(join(docs, 'more', 'three.txt'), 'The third document\n');
    writeFileSync(join(docs, '.hidden.txt'), 'not submitted\n');
    const broken = join(dir, 'broken.pdf');
    writeFileSync(broken, makeTextPdf(['a page that will be cut short']).subarray(0, 200));

    before(async () => {
      // The webhook receiver of the test listens on 127.0.0.1.
      // MAX_UPLOAD_MB=1: a document the server refuses, among others it takes.
      dj = await startTestDocjobs(backend, `cli-remote-${backend}`, {
        WEBHOOK_ALLOW_PRIVATE: 'true',
        MAX_UPLOAD_MB: '1',
      });
      const url = await dj.app.listen({ port: 0, host: '127.0.0.1' });
      const { DOCJOBS_URL, DOCJOBS_API_KEY, ...inherited } = process.env;
      env = { ...inherited, DOCJOBS_URL: url, DOCJOBS_API_KEY: dj.key, XDG_CONFIG_HOME: dir } as Record<
        string,
        string
      >;
    });
    after(async () => {
      await dj.close();
      rmSync(dir, { recursive: true, force: true });
    });

    const docjobs = (...args: string[]): Promise<Outcome> =>
      new Promise((resolve) =>
        execFile(process.execPath, [binPath, ...args], { env, timeout: 120_000 }, (error, stdout, stderr) =>
          resolve({ code: error ? (error.code as number) : 0, stdout, stderr }),
        ),
      );
    const json = <T>(outcome: Outcome): T => {
      assert.equal(outcome.code, 0, outcome.stderr);
      return JSON.parse(outcome.stdout) as T;
    };

    it('submits a folder, several at a time, and writes each result to --out', async () => {
      const out = join(dir, 'results');
      const outcome = await docjobs(
        'submit',
        docs,
        '--wait',
        '--format',
        'text',
        '--out',
        out,
        '--concurrency',
        '2',
        '--metadata',
        'batch=folder',
      );
      assert.equal(outcome.code, 0, outcome.stderr);
      assert.deepEqual(readdirSync(out).sort(), ['one.txt', 'three.txt', 'two.txt']);
      assert.match(readFileSync(join(out, 'one.txt'), 'utf8'), /The first document/);
      assert.match(readFileSync(join(out, 'three.txt'), 'utf8'), /The third document/);
      // Not a terminal: plain lines, one per change, and a last line per job.
      assert.ok(!outcome.stderr.includes('\r') && !outcome.stderr.includes('\u001b['), outcome.stderr);
      assert.equal(
        outcome.stderr.match(/^(one\.pdf|two\.txt|three\.txt) {2}job_\w+ {2}completed$/gm)?.length,
        3,
      );
      // The jobs carry the metadata: the list filters on it.
      const listed = json<{ fileName: string }[]>(
        await docjobs('jobs', 'list', '--metadata', 'batch=folder', '--json'),
      );
      assert.deepEqual(listed.map((job) => job.fileName).sort(), ['one.pdf', 'three.txt', 'two.txt']);
    });

    it('without --wait prints a line per job, or the jobs as JSON', async () => {
      const plain = await docjobs('submit', join(docs, 'two.txt'), join(docs, 'more', 'three.txt'));
      assert.equal(plain.code, 0, plain.stderr);
      assert.match(plain.stdout, /^job_\w+ {2}queued {2}\S+two\.txt\njob_\w+ {2}queued {2}\S+three\.txt\n$/);
      const one = json<{ id: string; status: string; file: string }>(
        await docjobs('submit', join(docs, 'two.txt'), '--json', '--metadata', 'kind=single'),
      );
      assert.match(one.id, /^job_/);
      const waited = json<{ id: string; status: string }>(await docjobs('jobs', 'wait', one.id));
      assert.equal(waited.status, 'completed');
      const result = await docjobs('jobs', 'result', one.id, '--format', 'markdown');
      assert.match(result.stdout, /The second document/);
    });

    it('a document the server refuses is named, the others go on, exit 2', async () => {
      const mixed = join(dir, 'mixed');
      mkdirSync(mixed);
      writeFileSync(join(mixed, 'a-small.txt'), 'A small document\n');
      writeFileSync(join(mixed, 'b-large.txt'), 'x'.repeat(1536 * 1024));
      const outcome = await docjobs('submit', mixed, '--json');
      assert.equal(outcome.code, 2, outcome.stderr);
      assert.match(outcome.stderr, /^b-large\.txt {2}refused: 413 PAYLOAD_TOO_LARGE: /m);
      const [small, large] = JSON.parse(outcome.stdout) as { file: string; id?: string; error?: string }[];
      assert.match(small?.id ?? '', /^job_/);
      assert.match(large?.file ?? '', /b-large\.txt$/);
      assert.match(large?.error ?? '', /^413 PAYLOAD_TOO_LARGE/);
      // One document refused: the command's error, named, exit 2.
      const alone = await docjobs('submit', join(mixed, 'b-large.txt'));
      assert.equal(alone.code, 2);
      assert.match(alone.stderr, /^docjobs: \S+b-large\.txt: 413 PAYLOAD_TOO_LARGE/);
    });

    it('jobs list: a table with filters; --limit pages through the iterator', async () => {
      const table = await docjobs('jobs', 'list', '--type', 'parse', '--status', 'completed');
      assert.equal(table.code, 0, table.stderr);
      const [header, ...lines] = table.stdout.trimEnd().split('\n');
      assert.match(header!, /^ID +STATUS +TYPE +CREATED \(UTC\) +PAGES +QUALITY +FILE$/);
      assert.ok(lines.length >= 4, table.stdout);
      for (const line of lines)
        assert.match(line, /^job_\w+ +completed +parse +\d{4}-\d\d-\d\d \d\d:\d\d:\d\d /);
      const two = json<unknown[]>(await docjobs('jobs', 'list', '--limit', '2', '--json'));
      assert.equal(two.length, 2);
      const future = json<unknown[]>(
        await docjobs('jobs', 'list', '--created-after', '2999-01-01', '--json'),
      );
      assert.deepEqual(future, []);
    });

    it('exit codes: 1 a failed job, 3 not found, 4 a refused key, 2 a bad flag', async () => {
      const failed = await docjobs('submit', broken, '--wait');
      assert.equal(failed.code, 1, failed.stderr);
      assert.match(failed.stderr, /broken\.pdf {2}job_\w+ {2}failed: PARSE_ERROR /);
      assert.equal(failed.stdout, '');
      const id = /job_\w+/.exec(failed.stderr)![0];
      assert.equal((await docjobs('jobs', 'wait', id)).code, 1);
      const retried = await docjobs('jobs', 'retry', id);
      assert.match(retried.stdout, new RegExp(`^job_\\w+ {2}queued {2}\\(a retry of ${id}\\)$`, 'm'));
      const missing = await docjobs('jobs', 'get', 'job_doesnotexist');
      assert.equal(missing.code, 3);
      assert.match(missing.stderr, /^docjobs: 404 NOT_FOUND: /);
      const refused = await docjobs('jobs', 'list', '--api-key', 'dj_not-a-key-of-this-server');
      assert.equal(refused.code, 4);
      assert.match(refused.stderr, / 401 .*\(the key from --api-key\)$/m);
      const bad = await docjobs('stats', '--period', 'forever');
      assert.equal(bad.code, 2);
      assert.match(bad.stderr, /--period must be one of 24h, 7d, 30d; got "forever"/);
    });

    it('jobs watch follows a job on stderr; cancel and delete say what they did', async () => {
      const { id } = json<{ id: string }>(await docjobs('submit', join(docs, 'one.pdf'), '--json'));
      const watched = await docjobs('jobs', 'watch', id);
      assert.equal(watched.code, 0, watched.stderr);
      assert.match(watched.stderr, new RegExp(`^${id} {2}completed$`, 'm'));
      assert.equal(json<{ status: string }>(watched).status, 'completed');
      // A finished job cannot be cancelled: the server's 409 is a usage error.
      const cancel = await docjobs('jobs', 'cancel', id);
      assert.equal(cancel.code, 2, cancel.stderr);
      assert.match(cancel.stderr, /409 /);
      assert.deepEqual(json(await docjobs('jobs', 'delete', id, '--json')), { jobsDeleted: 1, errors: [] });
      assert.equal((await docjobs('jobs', 'get', id)).code, 3);
    });

    it('stats and usage as tables, or as the server gives them with --json', async () => {
      const stats = await docjobs('stats', '--period', '24h');
      assert.equal(stats.code, 0, stats.stderr);
      assert.match(stats.stdout, /^jobs +\d+$/m);
      assert.match(stats.stdout, /^success rate +\d+\.\d %$/m);
      assert.match(stats.stdout, /^processing +avg \d+\.\d\d s, p50 /m);
      const data = json<{ totalJobs: number; byType: Record<string, number> }>(
        await docjobs('stats', '--json'),
      );
      assert.ok(data.totalJobs >= 5);
      const usage = await docjobs('usage');
      assert.equal(usage.code, 0, usage.stderr);
      assert.match(usage.stdout, /^DAY \(UTC\) +TYPE +JOBS +PAGES +PROCESSING +CREDITS +LLM TOKENS$/m);
      assert.match(usage.stdout, /^\d{4}-\d\d-\d\d +parse +\d+ +\d+ +\d+\.\d\d s +\d+ +0$/m);
      assert.match(usage.stdout, /^total +\d+/m);
    });

    it('export streams CSV or JSON, to stdout or a file', async () => {
      const csv = await docjobs('export', '--metadata', 'batch=folder');
      assert.equal(csv.code, 0, csv.stderr);
      const [header, ...rows] = csv.stdout.trimEnd().split('\r\n');
      assert.match(header!, /^id,/);
      assert.equal(rows.length, 3);
      const file = join(dir, 'export.json');
      assert.equal(
        (await docjobs('export', '--format', 'json', '--out', file, '--status', 'completed')).code,
        0,
      );
      const exported = JSON.parse(readFileSync(file, 'utf8')) as { status: string }[];
      assert.ok(exported.length >= 3 && exported.every((job) => job.status === 'completed'));
    });

    it('webhook set, get and test: a signed webhook.test the receiver verifies', async () => {
      const received: { verified: boolean; type: string }[] = [];
      let secret = '';
      const receiver = createServer(async (request, reply) => {
        const chunks: Buffer[] = [];
        for await (const chunk of request) chunks.push(chunk as Buffer);
        const body = Buffer.concat(chunks).toString('utf8');
        const verified = await verifyWebhook(request.headers as Record<string, string>, body, secret).then(
          () => true,
          () => false,
        );
        received.push({ verified, type: (JSON.parse(body) as { type: string }).type });
        reply.writeHead(verified ? 204 : 400).end();
      });
      await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
      try {
        const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hooks`;
        const set = json<{ url: string; secret: string; events: string[] }>(
          await docjobs('webhook', 'set', url, '--events', 'job.completed,job.failed', '--json'),
        );
        assert.equal(set.url, url);
        secret = set.secret;
        const shown = await docjobs('webhook', 'get');
        assert.match(shown.stdout, new RegExp(`^url +${url}$`, 'm'));
        assert.match(shown.stdout, /^events +job\.completed, job\.failed$/m);
        const test = await docjobs('webhook', 'test');
        assert.equal(test.code, 0, test.stderr + test.stdout);
        assert.match(test.stdout, /^status +delivered$/m);
        assert.match(test.stdout, /^answer +HTTP 204$/m);
        assert.deepEqual(received, [{ verified: true, type: 'webhook.test' }]);
      } finally {
        receiver.close();
      }
    });

    it('search: hits of chunked documents, best first', async () => {
      const notes = join(dir, 'notes.txt');
      writeFileSync(notes, '# Turbines\n\nThe turbine maintenance schedule is quarterly.\n');
      const submitted = await docjobs(
        'submit',
        notes,
        '--wait',
        '--options',
        '{"chunking":{"strategy":"size"}}',
      );
      assert.equal(submitted.code, 0, submitted.stderr);
      const hits = await docjobs('search', 'turbine maintenance', '--mode', 'fulltext', '--top', '3');
      assert.equal(hits.code, 0, hits.stderr);
      assert.match(hits.stdout, /^1\. \d\.\d{4} {2}notes\.txt {2}p\. 1/);
    });
  });
}
