import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { makeTextPdf } from './fixtures.ts';
import { backends } from './harness.ts';
import {
  binPath,
  freePort,
  processSandbox,
  type RunningProcess,
  runDocjobs,
  stop,
  waitForOutput,
} from './processes.ts';

const run = promisify(execFile);

for (const backend of backends) {
  describe(`the docjobs command on ${backend}`, () => {
    const { dataDir, env, docjobs, cleanup } = processSandbox(backend, 'cli');
    let server: RunningProcess | null = null;
    after(() => cleanup(server));

    it('creates a key with the data directory free, prints it alone on the last line', async () => {
      const { stdout } = await docjobs('keys', 'create', '--org', 'acme');
      const key = stdout.trim().split('\n').at(-1)!;
      assert.match(key, /^dj_[\w-]{32}$/);
    });

    it('serves, makes a first key on the first embedded start, and works with a server running', async () => {
      const port = await freePort();
      server = runDocjobs(['serve'], { ...env, PORT: String(port) });
      await waitForOutput(server, /docjobs listening on/);
      const clientEnv = { ...env, DOCJOBS_URL: `http://127.0.0.1:${port}` };
      const client = (...args: string[]) =>
        run(process.execPath, [binPath, ...args], { env: clientEnv, timeout: 120_000 });
      // A key made while the server holds the data directory: on PGlite the CLI asks the server
      // over its admin socket; on PostgreSQL it writes to the database directly.
      const created = await client('keys', 'create', '--org', 'default');
      const key = created.stdout.trim().split('\n').at(-1)!;
      assert.match(key, /^dj_/);
      // A refused key: the message says where the key came from.
      await assert.rejects(
        run(process.execPath, [binPath, 'jobs', 'list'], {
          env: { ...clientEnv, DOCJOBS_API_KEY: 'dj_not-a-key-of-this-server' },
        }),
        (error: { stderr: string; code: number }) =>
          error.code === 4 && / 401 .*\(the key from DOCJOBS_API_KEY\)$/m.test(error.stderr),
      );
      const withKey = { ...clientEnv, DOCJOBS_API_KEY: key };
      const cli = (...args: string[]) =>
        run(process.execPath, [binPath, ...args], { env: withKey, timeout: 120_000 });

      const file = join(dataDir, 'hello.pdf');
      writeFileSync(file, makeTextPdf(['Hello from the command line']));
      const submitted = await cli('submit', file, '--wait', '--format', 'text', '--metadata', 'source=cli');
      assert.match(submitted.stdout, /Hello from the command line/);
      assert.match(submitted.stderr, /completed/);
      // Options and minQuality pass through as the server's own fields: a forced OCR of the page.
      const ocr = await cli('submit', file, '--wait', '--options', '{"ocr":"force"}', '--min-quality', '0.5');
      const ocrJob = JSON.parse(ocr.stdout) as { pages: { source: string; text: string }[] };
      assert.equal(ocrJob.pages[0]?.source, 'ocr');
      assert.match(ocrJob.pages[0]?.text ?? '', /Hello from the command line/);
      await assert.rejects(cli('submit', file, '--options', '{"ocr":"sometimes"}'), /options\.ocr/);
      // Task fields: a categories file for a classification, its result as a CSV row.
      const categories = join(dataDir, 'categories.json');
      writeFileSync(
        categories,
        JSON.stringify([{ name: 'greeting', keywords: ['hello'] }, { name: 'invoice' }]),
      );
      const classified = await cli(
        'submit',
        file,
        '--type',
        'classify',
        '--categories',
        categories,
        '--wait',
        '--format',
        'csv',
      );
      assert.match(classified.stdout, /^label,confidence,score\.greeting,score\.invoice\r\ngreeting,/);

      // An edit job, then its new PDF on stdout.
      const edited = await cli(
        'submit',
        file,
        '--type',
        'edit',
        '--options',
        '{"operations":[{"type":"rotate","degrees":90}]}',
        '--wait',
      );
      assert.equal(JSON.parse(edited.stdout).type, 'edit');
      const editId = /(job_\w+) submitted/.exec(edited.stderr)![1]!;
      assert.match((await cli('jobs', 'output', editId)).stdout, /^%PDF-/);

      // A schema job: its fields as CSV rows, and its JSON schema fed to an extract job as it is.
      const invoice = join(dataDir, 'invoice.pdf');
      writeFileSync(invoice, makeTextPdf(['ACME Ltd\nInvoice number: INV-9\nTotal due: 80.00 EUR']));
      const fields = await cli('submit', invoice, '--type', 'schema', '--wait', '--format', 'csv');
      assert.match(fields.stdout, /^field,type,format,description,source,label,page,formField\r\n/);
      assert.match(fields.stdout, /\r\ninvoiceNumber,string,,Invoice number,label,/);
      const schemaId = /(job_\w+) submitted/.exec(fields.stderr)![1]!;
      const proposal = JSON.parse((await cli('jobs', 'result', schemaId)).stdout) as { schema: unknown };
      const schemaFile = join(dataDir, 'proposed.json');
      writeFileSync(schemaFile, JSON.stringify(proposal.schema));
      const filled = await cli('submit', invoice, '--type', 'extract', '--schema', schemaFile, '--wait');
      assert.equal(
        (JSON.parse(filled.stdout) as { data: { invoiceNumber: string } }).data.invoiceNumber,
        'INV-9',
      );

      const listed = await cli('jobs', 'list');
      // Newest first: the text job, submitted first, is the last line.
      const id = listed.stdout.trim().split('\n').at(-1)!.split(/\s+/)[0]!;
      assert.match(id, /^job_/);
      const got = JSON.parse((await cli('jobs', 'get', id)).stdout);
      assert.equal(got.status, 'completed');
      assert.deepEqual(got.metadata, { source: 'cli' });
      const deleted = JSON.parse((await cli('jobs', 'delete', id, '--json')).stdout);
      assert.deepEqual(deleted, { jobsDeleted: 1, errors: [] });
      await assert.rejects(cli('jobs', 'get', id), /404/);
    });

    it('says clearly what is wrong with a bad configuration value', async () => {
      await assert.rejects(
        run(process.execPath, [binPath, 'serve'], { env: { ...env, PORT: 'eighty' } }),
        (error: { stderr: string }) => /PORT must be an integer/.test(error.stderr),
      );
    });
  });
}

describe('the first embedded start', () => {
  it('generates a key, prints it once and writes DATA_DIR/api-key with mode 0600', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'docjobs-first-'));
    const port = await freePort();
    const server = runDocjobs(['serve'], { DATA_DIR: dataDir, DATABASE_URL: '', PORT: String(port) });
    try {
      const [, key] = await waitForOutput(server, /\n\s+(dj_\S+)\n/);
      await waitForOutput(server, /docjobs listening on/);
      assert.equal(readFileSync(join(dataDir, 'api-key'), 'utf8').trim(), key);
      assert.equal(statSync(join(dataDir, 'api-key')).mode & 0o777, 0o600);
      const response = await fetch(`http://127.0.0.1:${port}/v1/jobs`, {
        headers: { authorization: `Bearer ${key}` },
      });
      assert.equal(response.status, 200);
      // A second process on the same directory is refused by the pid lockfile.
      const second = runDocjobs(['serve'], {
        DATA_DIR: dataDir,
        DATABASE_URL: '',
        PORT: String(await freePort()),
      });
      assert.notEqual(await second.exited, 0);
      assert.match(second.output(), /in use by another docjobs process/);
    } finally {
      await stop(server);
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
