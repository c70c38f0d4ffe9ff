import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer as createHttpServer } from 'node:http';
import { type AddressInfo, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { makeTextPdf } from './fixtures.ts';
import { binPath, freePort } from './processes.ts';

interface Outcome {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** `docjobs ARGS` with only these settings (none inherited from the shell running the tests). */
function docjobs(args: string[], env: Record<string, string>): Promise<Outcome> {
  const { DOCJOBS_URL, DOCJOBS_API_KEY, HOST, PORT, DATA_DIR, DATABASE_URL, ...inherited } = process.env;
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [binPath, ...args],
      { env: { ...inherited, DATABASE_URL: '', ...env }, timeout: 60_000 },
      (error, stdout, stderr) => resolve({ code: error ? (error.code as number) : 0, stdout, stderr }),
    );
  });
}

/** A failure the user can act on: non-zero, one line on stderr, no stack trace. */
function assertOneLineError(outcome: Outcome, pattern: RegExp) {
  assert.notEqual(outcome.code, 0);
  assert.equal(outcome.stdout, '');
  assert.equal(outcome.stderr.trim().split('\n').length, 1, outcome.stderr);
  assert.match(outcome.stderr, /^docjobs: /);
  assert.match(outcome.stderr, pattern);
}

describe('the docjobs command says how to fix what is wrong', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'docjobs-cli-errors-'));
  after(() => rmSync(dataDir, { recursive: true, force: true }));
  const pdf = join(dataDir, 'hello.pdf');
  writeFileSync(pdf, makeTextPdf(['Hello']));

  it('cannot reach: names the URL it tried and DOCJOBS_URL', async () => {
    const port = await freePort(); // nothing listens there
    const fromUrl = await docjobs(['jobs', 'list'], {
      DATA_DIR: dataDir,
      DOCJOBS_URL: `http://127.0.0.1:${port}/`,
      DOCJOBS_API_KEY: 'dj_any',
    });
    assertOneLineError(
      fromUrl,
      new RegExp(
        `cannot reach docjobs at http://127\\.0\\.0\\.1:${port}, from DOCJOBS_URL \\(ECONNREFUSED\\)`,
      ),
    );
    // Without DOCJOBS_URL the address comes from HOST and PORT, and the message says so.
    const fromPort = await docjobs(['jobs', 'list'], {
      DATA_DIR: dataDir,
      HOST: '127.0.0.1',
      PORT: String(port),
      DOCJOBS_API_KEY: 'dj_any',
    });
    assertOneLineError(
      fromPort,
      new RegExp(`at http://127\\.0\\.0\\.1:${port}, from HOST and PORT as DOCJOBS_URL is not set`),
    );
    assert.match(fromPort.stderr, /set DOCJOBS_URL to the server's address/);
  });

  it('a DOCJOBS_URL that is no http address is named as such', async () => {
    const outcome = await docjobs(['jobs', 'list'], {
      DATA_DIR: dataDir,
      DOCJOBS_URL: 'localhost:8080',
      DOCJOBS_API_KEY: 'dj_any',
    });
    assertOneLineError(outcome, /DOCJOBS_URL must be the server's address, like http:.*got "localhost:8080"/);
  });

  it('no key: says it looked at DOCJOBS_API_KEY and DATA_DIR/api-key, and what it found there', async () => {
    const env = { DATA_DIR: dataDir, DOCJOBS_URL: `http://127.0.0.1:${await freePort()}` };
    const keyFile = join(dataDir, 'api-key');
    const missing = await docjobs(['jobs', 'list'], env);
    assertOneLineError(missing, /no API key: DOCJOBS_API_KEY is not set and (\S+) does not exist/);
    assert.ok(missing.stderr.includes(`${keyFile} does not exist`), missing.stderr);
    assert.doesNotMatch(missing.stderr, /cannot reach/); // checked before any request
    writeFileSync(keyFile, '\n');
    try {
      assertOneLineError(await docjobs(['jobs', 'list'], env), new RegExp(`${keyFile} is empty`));
    } finally {
      rmSync(keyFile);
    }
  });

  it('submit: a missing or unreadable file is named in one line, before anything is sent', async () => {
    const env = {
      DATA_DIR: dataDir,
      DOCJOBS_URL: `http://127.0.0.1:${await freePort()}`,
      DOCJOBS_API_KEY: 'dj_any',
    };
    const missing = join(dataDir, 'no-such.pdf');
    assertOneLineError(
      await docjobs(['submit', missing], env),
      new RegExp(`the document "${missing}" does not exist`),
    );
    // A directory stands in for an unreadable file (the tests may run as root, who reads any file);
    // before, its upload failed inside the request stream with an uncaught DOMException.
    const folder = join(dataDir, 'a-folder');
    mkdirSync(folder);
    assertOneLineError(
      await docjobs(['submit', folder], env),
      new RegExp(`the document "${folder}" is not a file`),
    );
    assertOneLineError(
      await docjobs(['submit', pdf, '--type', 'extract', '--schema', join(dataDir, 'schema.json')], env),
      /the --schema file "\S+schema\.json" does not exist/,
    );
  });

  it('wrong options, formats and JSON files are named before anything is sent', async () => {
    // Nothing listens there: each check must come before the request ("cannot reach").
    const env = {
      DATA_DIR: dataDir,
      DOCJOBS_URL: `http://127.0.0.1:${await freePort()}`,
      DOCJOBS_API_KEY: 'dj_any',
    };
    assertOneLineError(
      await docjobs(['jobs', 'list', '--stauts', 'done'], env),
      /^docjobs: unknown option --stauts; did you mean --status\? \(docjobs --help lists them\)$/m,
    );
    assertOneLineError(
      await docjobs(['submit', pdf, '--colour', 'red'], env),
      /^docjobs: unknown option --colour \(docjobs --help lists them\)$/m,
    );
    for (const limit of ['abc', '0', '-5']) {
      assertOneLineError(
        await docjobs(['jobs', 'list', `--limit=${limit}`], env),
        new RegExp(`--limit takes a whole number of jobs, like 50; got "${limit}"`),
      );
    }
    // Before: the upload, the whole job, and only then a 400 from the result's GET.
    assertOneLineError(
      await docjobs(['submit', pdf, '--wait', '--format', 'xls'], env),
      /--format must be one of json, markdown, text, jsonl, csv, html; got "xls"/,
    );
    const schema = join(dataDir, 'broken-schema.json');
    writeFileSync(schema, '{"type": "object", properties: {}}');
    assertOneLineError(
      await docjobs(['submit', pdf, '--type', 'extract', '--schema', schema], env),
      new RegExp(`the --schema file "${schema}" is not JSON: .*\\(line 1 column 20\\)`),
    );
    assertOneLineError(
      await docjobs(['submit', pdf, '--options', '{ocr: "force"}'], env),
      /--options is not JSON: /,
    );
    // A good --format goes on to the request.
    assertOneLineError(
      await docjobs(['submit', pdf, '--wait', '--format', 'markdown'], env),
      /cannot reach docjobs/,
    );
  });

  it('serve on a port in use names the address and PORT, in one line', async () => {
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    const { port } = taken.address() as AddressInfo;
    try {
      const outcome = await docjobs(['serve', '--no-worker'], {
        DATA_DIR: join(dataDir, 'serve'),
        HOST: '127.0.0.1',
        PORT: String(port),
        LOG_LEVEL: 'silent',
        // The template the other suites' data directories (in tmpdir) share: no initdb here.
        PGLITE_TEMPLATE_DIR: join(tmpdir(), '.docjobs-cache'),
      });
      // 1, not null: it ended by itself (its database closed), not at execFile's timeout.
      assert.equal(outcome.code, 1, outcome.stderr);
      assert.match(
        outcome.stderr,
        new RegExp(
          `^docjobs: 127\\.0\\.0\\.1:${port} is in use by another process: stop it, or set PORT \\(and HOST\\) to a free address$`,
          'm',
        ),
      );
      assert.doesNotMatch(outcome.stderr, /\n\s+at /, 'no stack trace');
    } finally {
      taken.close();
    }
  });

  it('another server at DOCJOBS_URL, or DOCJOBS_URL ending in /v1, is said in one line', async () => {
    // What answers on a port that is not docjobs': a web server's HTML pages, an error or not.
    const other = createHttpServer((request, reply) => {
      reply.writeHead(request.url?.startsWith('/v1/jobs?') ? 200 : 404, { 'content-type': 'text/html' });
      reply.end('<!DOCTYPE html><html><body><h1>Not here</h1></body></html>');
    });
    await new Promise<void>((resolve) => other.listen(0, '127.0.0.1', resolve));
    const base = `http://127.0.0.1:${(other.address() as AddressInfo).port}`;
    try {
      const env = { DATA_DIR: dataDir, DOCJOBS_URL: base, DOCJOBS_API_KEY: 'dj_any' };
      const notFound = await docjobs(['jobs', 'get', 'job_x'], env);
      assertOneLineError(
        notFound,
        new RegExp(
          `→ 404 not a docjobs answer \\(text/html\\): is docjobs at ${base}, from DOCJOBS_URL\\?$`,
          'm',
        ),
      );
      const ok = await docjobs(['jobs', 'list'], env);
      assertOneLineError(ok, /GET \/v1\/jobs\?limit=50 → 200 not a docjobs answer \(text\/html\)/);
      const withApiPath = await docjobs(['jobs', 'list'], { ...env, DOCJOBS_URL: `${base}/v1/` });
      assertOneLineError(
        withApiPath,
        new RegExp(`DOCJOBS_URL is the server's address without the API's /v1 .*use "${base}"`),
      );
    } finally {
      other.close();
    }
  });
});
