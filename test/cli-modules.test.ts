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

  it('jobs list, jobs get, search and submit load no server code', async () => {
    // Nothing listens on the port: each command goes as far as its request and fails there.
    const env = { DOCJOBS_URL: `http://127.0.0.1:${await freePort()}`, DOCJOBS_API_KEY: 'dj_any' };
    const file = join(dir, 'hello.pdf');
    writeFileSync(file, makeTextPdf(['Hello']));
    assertNoServerCode(await modulesOf(['jobs', 'list'], env));
    assertNoServerCode(await modulesOf(['jobs', 'get', 'job_x'], env));
    assertNoServerCode(await modulesOf(['search', 'invoice total', '--top', '3'], env));
    const submit = await modulesOf(['submit', file, '--wait'], env);
    assertNoServerCode(submit);
    // With both DOCJOBS_URL and DOCJOBS_API_KEY set, not even the server's configuration (zod).
    assert.deepEqual(
      submit.filter((url) => /\/node_modules\/zod\/|\/src\/core\/config\.ts$/.test(url)),
      [],
    );
  });
});
