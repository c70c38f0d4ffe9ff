import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { startTestDocjobs, type TestDocjobs } from './harness.ts';

const run = promisify(execFile);
const repo = join(dirname(fileURLToPath(import.meta.url)), '..');
const packageDir = join(repo, 'packages/client');
const tsc = join(repo, 'node_modules/typescript/bin/tsc');
const systemNode = '/usr/bin/node';

/**
 * @docjobs/client as a user gets it: `npm pack` (its prepack builds dist/ with tsc), the tarball
 * installed offline in a project of its own (it has no dependencies), imported from plain .mjs by
 * Node, its declarations type-checked by a TypeScript consumer, one call made to a running server.
 */
describe('the @docjobs/client package', () => {
  let dj: TestDocjobs;
  let base: string;
  let work: string;
  let project: string;

  before(async () => {
    work = mkdtempSync(join(tmpdir(), 'docjobs-pack-'));
    project = join(work, 'project');
    mkdirSync(project);
    dj = await startTestDocjobs('pglite', 'client-package');
    base = await dj.app.listen({ port: 0, host: '127.0.0.1' });
  });
  after(async () => {
    await dj?.close();
    rmSync(work, { recursive: true, force: true });
  });

  it('packs JS and declarations only, installs offline and works from a plain .mjs', async () => {
    const { stdout } = await run('npm', ['pack', '--json', '--pack-destination', work], { cwd: packageDir });
    const [packed] = JSON.parse(stdout) as { filename: string; files: { path: string }[] }[];
    const files = packed!.files.map((f) => f.path);
    assert.ok(files.includes('dist/index.js'));
    assert.ok(files.includes('dist/index.d.ts'));
    assert.ok(files.includes('dist/generated/openapi.d.ts'));
    assert.deepEqual(
      files.filter((f) => !f.startsWith('dist/') && f !== 'package.json' && f !== 'README.md'),
      [],
      'nothing but dist/, package.json and README.md',
    );

    writeFileSync(
      join(project, 'package.json'),
      JSON.stringify({ name: 'uses-docjobs', private: true, type: 'module' }),
    );
    await run('npm', ['install', '--offline', '--no-audit', '--no-fund', join(work, packed!.filename)], {
      cwd: project,
    });
    const installed = join(project, 'node_modules/@docjobs/client');
    assert.ok(existsSync(join(installed, 'dist/index.d.ts')));
    assert.ok(!existsSync(join(installed, 'src')));

    writeFileSync(
      join(project, 'use.mjs'),
      `import { Docjobs, DocjobsError, verifyWebhook } from '@docjobs/client';
const client = new Docjobs({ baseUrl: process.env.DOCJOBS_URL, apiKey: process.env.DOCJOBS_API_KEY });
const job = await client.submitAndWait({ file: new TextEncoder().encode('packed'), fileName: 'p.txt' });
const text = await client.result(job, { format: 'text' });
const missing = await client.get('job_nope').catch((error) => error instanceof DocjobsError && error.code);
console.log(JSON.stringify({ status: job.status, text, missing, verify: typeof verifyWebhook }));
`,
    );
    // This Node, and the machine's own when it is another (Node 20 here: the package's floor).
    const nodes = [process.execPath, ...(existsSync(systemNode) ? [systemNode] : [])];
    for (const node of nodes) {
      const used = await run(node, ['use.mjs'], {
        cwd: project,
        env: { ...process.env, DOCJOBS_URL: base, DOCJOBS_API_KEY: dj.key },
      });
      const said = JSON.parse(used.stdout);
      assert.equal(said.status, 'completed', node);
      assert.match(said.text, /packed/);
      assert.equal(said.missing, 'NOT_FOUND');
      assert.equal(said.verify, 'function');
    }
  });

  it("declares types a TypeScript project checks without Node's types", async () => {
    assert.ok(
      readdirSync(join(project, 'node_modules/@docjobs/client/dist')).length > 0,
      'installed by the test before',
    );
    writeFileSync(
      join(project, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          strict: true,
          noEmit: true,
          module: 'nodenext',
          moduleResolution: 'nodenext',
          target: 'es2022',
          lib: ['es2022', 'dom'],
          types: [],
        },
        files: ['use.ts'],
      }),
    );
    writeFileSync(
      join(project, 'use.ts'),
      `import { Docjobs, type Job } from '@docjobs/client';
const client = new Docjobs({ baseUrl: 'http://127.0.0.1:8080', apiKey: 'k' });
export async function pages(): Promise<number> {
  const job: Job<'parse'> = await client.submitAndWait({ file: new Blob(['x']), fileName: 'x.txt', type: 'parse' });
  const result = await client.result(job);
  return result.pages?.length ?? 0;
}
export async function extracted(): Promise<unknown> {
  const job = await client.submitAndWait({ file: 'invoice.pdf', type: 'extract', schema: { type: 'object' } });
  const result = await client.result(job);
  return [result.data, result.confidence];
}
// @ts-expect-error: not a job type
client.submit({ type: 'nope' });
`,
    );
    await run(process.execPath, [tsc, '-p', project], { cwd: project });
  });
});
