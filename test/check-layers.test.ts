import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, describe, it } from 'node:test';
import { checkConsole, checkLayers, checkSql } from '../scripts/check-layers.ts';

/** A small src/ tree written from path → text. */
function tree(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'layers-'));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, 'src', path)), { recursive: true });
    writeFileSync(join(root, 'src', path), text);
  }
  return root;
}

describe('the layer check (scripts/check-layers.ts)', () => {
  const roots: string[] = [];
  after(() => {
    for (const root of roots) rmSync(root, { recursive: true, force: true });
  });
  const make = (files: Record<string, string>) => {
    const root = tree(files);
    roots.push(root);
    return join(root, 'src');
  };

  it('passes this repository', () => {
    const src = join(import.meta.dirname, '..', 'src');
    assert.deepEqual(checkLayers(src), []);
    assert.deepEqual(checkSql(src), []);
    assert.deepEqual(checkConsole(join(import.meta.dirname, '..', 'web', 'src')), []);
  });

  it('names a console file that goes around @docjobs/client', () => {
    // make() writes under src/; the check is given that folder as if it were web/src.
    const web = make({
      'ok.tsx': "import { Docjobs } from '@docjobs/client';\nimport { x } from './pages/x.tsx';\n",
      'pages/x.tsx': 'export const x = 1;\n',
      'reach.ts': "import { submitJob } from '../../src/services/submit-job.ts';\n",
      'own.ts': "export const load = () => fetch('/v1/jobs');\n",
      'upload-transport.ts': 'export const send = () => new XMLHttpRequest();\n',
    });
    const found = checkConsole(web).map((v) => `${v.file}:${v.line}`);
    assert.deepEqual(found.sort(), ['own.ts:1', 'reach.ts:0']);
  });

  it('names an upward import, http reaching store, and core importing a stage', () => {
    const src = make({
      'core/task.ts': "import type { X } from '../pipeline/extract/types.ts';\n",
      'pipeline/extract/types.ts': 'export type X = 1;\n',
      'http/auth.ts': "import { findKey } from '../store/orgs.ts';\n",
      'store/orgs.ts': 'export const findKey = 1;\n',
      'services/cancel-job.ts': "import { queue } from '../engine/queue.ts';\n",
      'engine/queue.ts': 'export const queue = 1;\n',
    });
    const found = checkLayers(src).map((v) => `${v.from} → ${v.to}: ${v.why}`);
    assert.deepEqual(found.sort(), [
      'core/task.ts → pipeline/extract/types.ts: core may not import pipeline',
      'http/auth.ts → store/orgs.ts: http may not import store',
      'services/cancel-job.ts → engine/queue.ts: services may not import engine',
    ]);
  });

  it('names a cycle between files once, and leaves tests and testing/ helpers out', () => {
    const src = make({
      'services/a.ts': "import { b } from './b.ts';\nexport const a = b;\n",
      'services/b.ts': "import { a } from './a.ts';\nexport const b = a;\n",
      'services/a.test.ts': "import { x } from '../http/x.ts';\n",
      'services/testing/helper.ts': "import { x } from '../../http/x.ts';\n",
      'http/x.ts': 'export const x = 1;\n',
    });
    const found = checkLayers(src);
    assert.equal(found.length, 1);
    assert.match(found[0]!.why, /import cycle: services\/a\.ts → services\/b\.ts → services\/a\.ts/);
  });

  it('names SQL outside src/store/, and not a RegExp.exec or an HTTP method', () => {
    const src = make({
      'services/metrics.ts': "export const f = (db: any) => db.query('SELECT count(*) FROM jobs');\n",
      'services/names.ts': "export const m = /a(b)/.exec('ab');\nexport const method = 'DELETE';\n",
      'store/jobs.ts': "export const g = (db: any) => db.query('SELECT 1');\n",
    });
    const found = checkSql(src);
    assert.equal(found.length, 1);
    assert.equal(found[0]!.file, 'services/metrics.ts');
  });
});
