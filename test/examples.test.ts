import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startTestDocjobs, type TestDocjobs } from './harness.ts';
import { freePort } from './processes.ts';

const examples = new URL('../examples/', import.meta.url).pathname;
const resolveClient = new URL('./examples-resolve.ts', import.meta.url).pathname;

interface Outcome {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * Each example of examples/ run as a user runs it (`node examples/X.ts`, `@docjobs/client`
 * imported by name), against a real server, its output checked: an example that no longer works
 * with the client or the server fails here.
 */
describe('the examples, against a real server', () => {
  let dj: TestDocjobs;
  let env: Record<string, string>;
  const dir = mkdtempSync(join(tmpdir(), 'docjobs-examples-'));

  before(async () => {
    // The webhook example's receiver listens on 127.0.0.1.
    dj = await startTestDocjobs('pglite', 'examples', { WEBHOOK_ALLOW_PRIVATE: 'true' });
    const url = await dj.app.listen({ port: 0, host: '127.0.0.1' });
    env = { ...(process.env as Record<string, string>), DOCJOBS_URL: url, DOCJOBS_API_KEY: dj.key };
  });
  after(async () => {
    await dj.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const run = (example: string, args: string[] = [], extra: Record<string, string> = {}): Promise<Outcome> =>
    new Promise((resolve) =>
      execFile(
        process.execPath,
        ['--import', resolveClient, join(examples, example), ...args],
        { env: { ...env, ...extra }, cwd: dir, timeout: 180_000 },
        (error, stdout, stderr) => resolve({ code: error ? (error.code as number) : 0, stdout, stderr }),
      ),
    );

  it('submit-and-wait prints the job and its Markdown', async () => {
    const { code, stdout, stderr } = await run('submit-and-wait.ts');
    assert.equal(code, 0, stderr);
    assert.match(stdout, /^job job_\w+ completed, 1 page\(s\), quality \d/);
    assert.match(stdout, /^# Invoice INV-2291$/m);
    assert.match(stdout, /Total due: 860\.00 EUR/);
    assert.match(stderr, /completed 100%/);
    // A job that fails: the example says why and exits 1.
    const broken = join(dir, 'broken.pdf');
    writeFileSync(broken, '%PDF-1.7\n1 0 obj << /Type /Catalog');
    const failed = await run('submit-and-wait.ts', [broken]);
    assert.equal(failed.code, 1);
    assert.match(failed.stderr, /^the job failed: /m);
  });

  it('quality-gate passes a clean document on the first attempt', async () => {
    const { code, stdout, stderr } = await run('quality-gate.ts', [
      join(examples, 'documents/invoice.html'),
      '0.5',
    ]);
    assert.equal(code, 0, stderr);
    assert.match(stdout, /^attempt 1: job_\w+ quality [\d.]+ \([\w ]+\)\npassed: job_\w+\n$/);
  });

  it('webhook-receiver verifies the delivery of its demo job', async () => {
    const port = await freePort();
    const { code, stdout, stderr } = await run('webhook-receiver.ts', [], {
      PORT: String(port),
      DEMO_FILE: join(examples, 'documents/invoice.html'),
    });
    assert.equal(code, 0, stderr);
    assert.match(stdout, new RegExp(`^listening on http://127\\.0\\.0\\.1:${port}/hooks$`, 'm'));
    const id = /^submitted (job_\w+)$/m.exec(stdout)?.[1];
    assert.ok(id, stdout);
    assert.match(stdout, new RegExp(`^verified job\\.completed for ${id}: completed$`, 'm'));
  });

  it('export-jobs writes the completed jobs as CSV', async () => {
    const out = join(dir, 'jobs.csv');
    const { code, stdout, stderr } = await run('export-jobs.ts', [out]);
    assert.equal(code, 0, stderr);
    const count = Number(/: (\d+) completed job\(s\)/.exec(stdout)?.[1]);
    assert.ok(count >= 2, stdout);
    const lines = readFileSync(out, 'utf8').trimEnd().split('\r\n');
    assert.match(lines[0]!, /^id,/);
    assert.equal(lines.length, count + 1);
  });

  it('rag-search chunks the handbook and finds the inspection passage', async () => {
    const { code, stdout, stderr } = await run('rag-search.ts', ['how often are turbines inspected']);
    assert.equal(code, 0, stderr);
    assert.match(stdout, /^\d+ chunk\(s\) for "how often are turbines inspected" \(fulltext\)$/m);
    assert.match(stdout, /^\d\.\d{3} handbook\.txt p\.1: .*\*inspected\*/m);
  });
});
