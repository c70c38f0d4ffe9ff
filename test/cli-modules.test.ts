import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { makeTextPdf } from './fixtures.ts';
import { binPath, freePort } from './processes.ts';

const recorder = new URL('./record-modules.ts', import.meta.url).pathname;

/**
 * Server code a command that only talks HTTP must not load: each took part of the 0.9 s that
 * `docjobs --help` spent before it printed a line (issue 15). Matched against resolved URLs.
 */
const serverCode = [
  /\/node_modules\/fastify\//,
  /\/node_modules\/@fastify\//,
  /\/node_modules\/@electric-sql\/pglite\//,
  /\/node_modules\/pg-boss\//,
  /\/node_modules\/pg\//,
  /\/node_modules\/pdfjs-dist\//,
  /\/node_modules\/sharp\//,
  /\/node_modules\/@napi-rs\/canvas\//,
  /\/node_modules\/tesseract\.js\//,
  /\/node_modules\/onnxruntime-node\//,
  /\/src\/(app\.ts|http|engine|store|pipeline|blobs)\//,
];

describe('the docjobs commands that only talk HTTP', () => {
  const dir = mkdtempSync(join(tmpdir(), 'docjobs-cli-modules-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  /** Run `node --import record-modules.ts bin/docjobs.js ARGS`; the URLs it loaded, exit code aside. */
  async function modulesOf(args: string[], env: Record<string, string> = {}): Promise<string[]> {
    const list = join(dir, `modules-${args.join('-').replace(/\W+/g, '_')}.txt`);
    await promisify(execFile)(process.execPath, ['--import', recorder, binPath, ...args], {
      env: { ...process.env, DATA_DIR: dir, DATABASE_URL: '', RECORD_MODULES_TO: list, ...env },
    }).catch((error: { code?: number }) => {
      if (typeof error.code !== 'number') throw error; // the command failed: still recorded
    });
    return readFileSync(list, 'utf8').split('\n');
  }

  const assertNoServerCode = (loaded: string[]) => {
    assert.ok(
      loaded.some((url) => url.endsWith('/src/cli/main.ts')),
      'the recorder saw the CLI load',
    );
    const offending = loaded.filter((url) => serverCode.some((pattern) => pattern.test(url)));
    assert.deepEqual(offending, []);
  };

  it('records what a process loads, server code included (the check below can fail)', async () => {
    const list = join(dir, 'control.txt');
    await promisify(execFile)(
      process.execPath,
      ['--import', recorder, '-e', "await import('fastify'); await import('pg-boss')"],
      { env: { ...process.env, RECORD_MODULES_TO: list }, cwd: new URL('..', import.meta.url).pathname },
    );
    const loaded = readFileSync(list, 'utf8').split('\n');
    assert.ok(
      loaded.some((url) => /\/node_modules\/fastify\/lib\//.test(url)),
      'fastify and its require()s',
    );
    assert.ok(loaded.some((url) => /\/node_modules\/pg-boss\//.test(url)));
  });

  it('--help loads no server code', async () => {
    assertNoServerCode(await modulesOf(['--help']));
  });

  it('jobs, search, submit, stats, usage, export, webhook and keys list load no server code', async () => {
    // Nothing listens on the port: each command goes as far as its request and fails there.
    const env = { DOCJOBS_URL: `http://127.0.0.1:${await freePort()}`, DOCJOBS_API_KEY: 'dj_any' };
    const file = join(dir, 'hello.pdf');
    writeFileSync(file, makeTextPdf(['Hello']));
    assertNoServerCode(await modulesOf(['jobs', 'list'], env));
    assertNoServerCode(await modulesOf(['jobs', 'get', 'job_x'], env));
    assertNoServerCode(await modulesOf(['search', 'invoice total', '--top', '3'], env));
    for (const command of [
      ['stats'],
      ['usage'],
      ['export'],
      ['webhook', 'get'],
      ['webhook', 'test'],
      ['keys', 'list'],
      ['jobs', 'watch', 'job_x'],
    ])
      assertNoServerCode(await modulesOf(command, env));
    const submit = await modulesOf(['submit', file, '--wait'], env);
    assertNoServerCode(submit);
    // With both DOCJOBS_URL and DOCJOBS_API_KEY set, not even the server's configuration.
    assert.deepEqual(
      submit.filter((url) => /\/node_modules\/zod\/|\/src\/core\/config\.ts$/.test(url)),
      [],
    );
  });
});

/**
 * What the one-off database commands need is the store side: the database (PGlite, or pg for a
 * server), its migrations, pg-boss's adapter for it, and for the purge the blob store. Not the
 * server: they loaded app.ts, and with it the pdf, OCR and thread pools, the queue and the events.
 */
const notForDatabaseCommands = [
  /\/node_modules\/fastify\//,
  /\/node_modules\/@fastify\//,
  /\/node_modules\/pdfjs-dist\//,
  /\/node_modules\/sharp\//,
  /\/node_modules\/@napi-rs\/canvas\//,
  /\/node_modules\/tesseract\.js\//,
  /\/node_modules\/onnxruntime-node\//,
  /\/src\/(app\.ts|http\/|engine\/|pipeline\/|cli\/serve-command\.ts)/,
  /\/src\/store\/queue\.ts$/,
];

describe('the docjobs commands that open the database', () => {
  const dir = mkdtempSync(join(tmpdir(), 'docjobs-cli-modules-db-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  async function modulesOf(args: string[]): Promise<string[]> {
    const list = join(dir, `modules-${args.join('-').replace(/\W+/g, '_')}.txt`);
    const { stdout } = await promisify(execFile)(process.execPath, ['--import', recorder, binPath, ...args], {
      env: { ...process.env, DATA_DIR: join(dir, 'data'), DATABASE_URL: '', RECORD_MODULES_TO: list },
    });
    assert.ok(stdout.length > 0, 'the command printed its answer');
    return readFileSync(list, 'utf8').split('\n');
  }

  it('keys create and purge load the store side only, keys create no blob store', async () => {
    const keys = await modulesOf(['keys', 'create', '--org', 'acme']);
    assert.ok(
      keys.some((url) => url.endsWith('/src/store/open-database.ts')),
      'the recorder saw the database open',
    );
    assert.deepEqual(
      keys.filter((url) => notForDatabaseCommands.some((pattern) => pattern.test(url))),
      [],
    );
    assert.deepEqual(
      keys.filter((url) => /\/src\/blobs\//.test(url)),
      [],
    );
    const purge = await modulesOf(['purge', '--dry-run']);
    assert.ok(purge.some((url) => url.endsWith('/src/blobs/open-blob-store.ts')));
    assert.deepEqual(
      purge.filter((url) => notForDatabaseCommands.some((pattern) => pattern.test(url))),
      [],
    );
  });
});
