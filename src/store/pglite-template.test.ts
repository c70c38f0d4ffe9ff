import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, it } from 'node:test';
import { openOrCreatePglite, pgliteTemplatePath } from './pglite-template.ts';

const root = mkdtempSync(join(tmpdir(), 'docjobs-template-'));
after(() => rmSync(root, { recursive: true, force: true }));

it('keeps the template beside the data directory, named for the PGlite version', () => {
  assert.match(
    pgliteTemplatePath(join(root, 'data')),
    new RegExp(`^${root}/\\.docjobs-cache/pglite-\\d+\\.\\d+\\.\\d+-initdb\\.tar\\.gz$`),
  );
});

it('writes the template at the first initdb and unpacks the next new directory from it', async () => {
  const template = join(root, 'first', 'initdb.tar.gz');
  const first = await openOrCreatePglite(join(root, 'a', 'pg'), template);
  assert.ok(existsSync(template), 'the first new directory leaves a template');
  // A table only a template can bring: a directory made by initdb would not have it.
  await first.exec('CREATE TABLE from_template (x int)');
  writeFileSync(template, new Uint8Array(await (await first.dumpDataDir('gzip')).arrayBuffer()));
  await first.close();

  const second = await openOrCreatePglite(join(root, 'b', 'pg'), template);
  const rows = await second.query(`SELECT to_regclass('from_template') IS NOT NULL AS present`);
  assert.deepEqual(rows.rows, [{ present: true }]);
  await second.exec('INSERT INTO from_template VALUES (1)');
  await second.close();

  // An existing directory is opened as it is, template or not.
  const reopened = await openOrCreatePglite(join(root, 'b', 'pg'), join(root, 'none.tar.gz'));
  assert.deepEqual((await reopened.query('SELECT x FROM from_template')).rows, [{ x: 1 }]);
  await reopened.close();
});

it('runs initdb when the template is damaged, and replaces it', async () => {
  const template = join(root, 'damaged.tar.gz');
  writeFileSync(template, 'not a tarball');
  const db = await openOrCreatePglite(join(root, 'c', 'pg'), template);
  assert.deepEqual((await db.query('SELECT 1 AS one')).rows, [{ one: 1 }]);
  await db.close();
  assert.deepEqual([...readFileSync(template).subarray(0, 2)], [0x1f, 0x8b], 'a gzip dump now');
});
