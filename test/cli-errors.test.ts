import assert from 'node:assert/strict';
import { execFile, execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer as createHttpServer } from 'node:http';
import { type AddressInfo, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { jobTypes } from '../src/core/job.ts';
import { makeTextPdf } from './fixtures.ts';
import { binPath, freePort } from './processes.ts';

interface Outcome {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** No config file of the machine's user is read: XDG_CONFIG_HOME is an empty folder of the tests'. */
const configHome = mkdtempSync(join(tmpdir(), 'docjobs-cli-errors-config-'));
after(() => rmSync(configHome, { recursive: true, force: true }));

/** `docjobs ARGS` with only these settings (none inherited from the shell running the tests). */
function docjobs(args: string[], env: Record<string, string>): Promise<Outcome> {
  const { DOCJOBS_URL, DOCJOBS_API_KEY, HOST, PORT, DATA_DIR, DATABASE_URL, ...inherited } = process.env;
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [binPath, ...args],
      { env: { ...inherited, DATABASE_URL: '', XDG_CONFIG_HOME: configHome, ...env }, timeout: 60_000 },
      (error, stdout, stderr) => resolve({ code: error ? (error.code as number) : 0, stdout, stderr }),
    );
  });
}

/** A failure the user can act on: its exit code, one line on stderr, no stack trace. */
function assertOneLineError(outcome: Outcome, pattern: RegExp, code: number) {
  assert.equal(outcome.code, code, outcome.stderr);
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
      5,
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
      5,
    );
    assert.match(fromPort.stderr, /set DOCJOBS_URL to the server's address/);
  });

  it('a DOCJOBS_URL that is no http address is named as such', async () => {
    const outcome = await docjobs(['jobs', 'list'], {
      DATA_DIR: dataDir,
      DOCJOBS_URL: 'localhost:8080',
      DOCJOBS_API_KEY: 'dj_any',
    });
    assertOneLineError(
      outcome,
      /DOCJOBS_URL must be the server's address, like http:.*got "localhost:8080"/,
      2,
    );
  });

  it('no key: says it looked at DOCJOBS_API_KEY and DATA_DIR/api-key, and what it found there', async () => {
    const env = { DATA_DIR: dataDir, DOCJOBS_URL: `http://127.0.0.1:${await freePort()}` };
    const keyFile = join(dataDir, 'api-key');
    const missing = await docjobs(['jobs', 'list'], env);
    assertOneLineError(
      missing,
      /no API key: DOCJOBS_API_KEY is not set, nor --api-key, nor "apiKey" in \S+config\.json, and (\S+) does not exist/,
      4,
    );
    assert.ok(missing.stderr.includes(`${keyFile} does not exist`), missing.stderr);
    assert.doesNotMatch(missing.stderr, /cannot reach/); // checked before any request
    writeFileSync(keyFile, '\n');
    try {
      assertOneLineError(await docjobs(['jobs', 'list'], env), new RegExp(`${keyFile} is empty`), 4);
    } finally {
      rmSync(keyFile);
    }
  });

  it('takes the address and key from --url/--api-key, then the environment, then the config file', async () => {
    const home = mkdtempSync(join(tmpdir(), 'docjobs-cli-config-'));
    try {
      const [fromFlag, fromEnv, fromFile] = [await freePort(), await freePort(), await freePort()];
      mkdirSync(join(home, 'docjobs'));
      const file = join(home, 'docjobs', 'config.json');
      writeFileSync(file, JSON.stringify({ url: `http://127.0.0.1:${fromFile}`, apiKey: 'dj_from_file' }));
      const base = { DATA_DIR: dataDir, XDG_CONFIG_HOME: home };
      // The file alone: its url, and its key (no "no API key" although DATA_DIR has none).
      assertOneLineError(
        await docjobs(['jobs', 'list'], base),
        new RegExp(`cannot reach docjobs at http://127\\.0\\.0\\.1:${fromFile}, from "url" in ${file} `),
        5,
      );
      const env = { ...base, DOCJOBS_URL: `http://127.0.0.1:${fromEnv}` };
      assertOneLineError(
        await docjobs(['jobs', 'list'], env),
        new RegExp(`:${fromEnv}, from DOCJOBS_URL `),
        5,
      );
      assertOneLineError(
        await docjobs(['jobs', 'list', '--url', `http://127.0.0.1:${fromFlag}`, '--api-key', 'dj_x'], env),
        new RegExp(`:${fromFlag}, from --url `),
        5,
      );
      writeFileSync(file, '{"url": ');
      assertOneLineError(await docjobs(['jobs', 'list'], base), new RegExp(`${file} is not JSON`), 2);
    } finally {
      rmSync(home, { recursive: true, force: true });
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
      2,
    );
    // A folder is submitted file by file; an empty one is said so.
    const folder = join(dataDir, 'a-folder');
    mkdirSync(folder);
    assertOneLineError(
      await docjobs(['submit', folder], env),
      new RegExp(`the folder "${folder}" has no files to submit`),
      2,
    );
    // A named pipe stands in for an unreadable file (the tests may run as root, who reads any
    // file); before, a directory's upload failed inside the request stream with a DOMException.
    const pipe = join(dataDir, 'a-pipe');
    execFileSync('mkfifo', [pipe]);
    assertOneLineError(
      await docjobs(['submit', pipe], env),
      new RegExp(`the document "${pipe}" is not a file`),
      2,
    );
    assertOneLineError(
      await docjobs(['submit', pdf, '--type', 'extract', '--schema', join(dataDir, 'schema.json')], env),
      /the --schema file "\S+schema\.json" does not exist/,
      2,
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
      2,
    );
    assertOneLineError(
      await docjobs(['submit', pdf, '--colour', 'red'], env),
      /^docjobs: unknown option --colour \(docjobs --help lists them\)$/m,
      2,
    );
    for (const limit of ['abc', '0', '-5']) {
      assertOneLineError(
        await docjobs(['jobs', 'list', `--limit=${limit}`], env),
        new RegExp(`--limit takes a whole number of jobs from 1 to 100000; got "${limit}"`),
        2,
      );
    }
    // Before: the upload, the whole job, and only then a 400 from the result's GET.
    assertOneLineError(
      await docjobs(['submit', pdf, '--wait', '--format', 'xls'], env),
      /--format must be one of json, markdown, text, jsonl, csv, html; got "xls"/,
      2,
    );
    assertOneLineError(
      await docjobs(['submit', pdf, '--format', 'csv'], env),
      /--format is for the result: add --wait/,
      2,
    );
    assertOneLineError(
      await docjobs(['submit', pdf, '--wait', '--type', 'summarise'], env),
      new RegExp(`--type must be one of ${jobTypes.join(', ')}; got "summarise"`),
      2,
    );
    const schema = join(dataDir, 'broken-schema.json');
    writeFileSync(schema, '{"type": "object", properties: {}}');
    assertOneLineError(
      await docjobs(['submit', pdf, '--type', 'extract', '--schema', schema], env),
      new RegExp(`the --schema file "${schema}" is not JSON: .*\\(line 1 column 20\\)`),
      2,
    );
    assertOneLineError(
      await docjobs(['submit', pdf, '--options', '{ocr: "force"}'], env),
      /--options is not JSON: /,
      2,
    );
    // A good --format goes on to the request.
    assertOneLineError(
      await docjobs(['submit', pdf, '--wait', '--format', 'markdown'], env),
      /cannot reach docjobs/,
      5,
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

  it('jobs wait --timeout: a job still running then is exit 1 with its status', async () => {
    // A server whose job never ends: every long poll answers "processing" at once.
    const server = createHttpServer((request, reply) => {
      reply.writeHead(request.url?.startsWith('/v1/jobs/job_slow') ? 200 : 404, {
        'content-type': 'application/json',
      });
      reply.end(JSON.stringify({ id: 'job_slow', status: 'processing', type: 'parse' }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const env = {
        DATA_DIR: dataDir,
        DOCJOBS_URL: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
        DOCJOBS_API_KEY: 'dj_any',
      };
      assertOneLineError(
        await docjobs(['jobs', 'wait', 'job_slow', '--timeout', '1'], env),
        /^docjobs: job_slow is still processing after 1 s$/m,
        1,
      );
    } finally {
      server.close();
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
          `HTTP 404 that is not a docjobs answer \\(text/html\\): is docjobs at ${base}, from DOCJOBS_URL\\?$`,
          'm',
        ),
        5,
      );
      const ok = await docjobs(['jobs', 'list'], env);
      assertOneLineError(ok, /GET \/v1\/jobs: the answer is not JSON: is docjobs at /, 5);
      const withApiPath = await docjobs(['jobs', 'list'], { ...env, DOCJOBS_URL: `${base}/v1/` });
      assertOneLineError(
        withApiPath,
        new RegExp(`DOCJOBS_URL is the server's address without the API's /v1 .*use "${base}"`),
        2,
      );
    } finally {
      other.close();
    }
  });
});
