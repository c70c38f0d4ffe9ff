import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, it } from 'node:test';
import { keepTemplate, openOrCreatePglite, pgliteTemplatePath } from './pglite-template.ts';

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

it('keeps the template in PGLITE_TEMPLATE_DIR when it is set', () => {
  const elsewhere = join(root, 'cache');
  assert.match(
    pgliteTemplatePath(join(root, 'data'), elsewhere),
    new RegExp(`^${elsewhere}/pglite-\\d+\\.\\d+\\.\\d+-initdb\\.tar\\.gz$`),
  );
});

it('says once, naming the path and the setting, that a template it cannot write leaves new directories to initdb', async (t) => {
  // A file where the cache directory should be: mkdir fails even for root, which a read-only
  // directory would not stop.
  writeFileSync(join(root, 'not-a-directory'), '');
  const template = join(root, 'not-a-directory', 'initdb.tar.gz');
  // stderr, as the operator sees it (the console, not our code, is what is listened to).
  const warn = t.mock.method(console, 'warn', () => {});
  const db = await openOrCreatePglite(join(root, 'e', 'pg'), template);
  assert.deepEqual((await db.query('SELECT 1 AS one')).rows, [{ one: 1 }], 'initdb made it');
  await keepTemplate(db, template); // the next new directory of this process: no second warning
  const writable = join(root, 'writable', 'initdb.tar.gz');
  await keepTemplate(db, writable);
  await db.close();
  const said = warn.mock.calls.map((call) => String(call.arguments[0]));
  assert.equal(said.length, 1, said.join('\n'));
  assert.match(
    said[0]!,
    new RegExp(
      `^docjobs: the PGlite template could not be saved to ${template} \\((ENOTDIR|EEXIST)\\): every new data directory will run initdb .* set PGLITE_TEMPLATE_DIR`,
    ),
  );
  assert.ok(existsSync(writable), 'a writable path gets the template');
  assert.deepEqual(readdirSync(join(root, 'writable')), ['initdb.tar.gz'], 'no partial file left');
});
