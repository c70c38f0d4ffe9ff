import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Sql } from './db.ts';
import { openOrCreatePglite } from './pglite-template.ts';
import { scheduleUpkeep, upkeepGrownTables } from './pglite-upkeep.ts';

const root = mkdtempSync(join(tmpdir(), 'docjobs-upkeep-'));
after(() => rmSync(root, { recursive: true, force: true }));

it('vacuums and analyses the tables that grew since their last upkeep, and only those', async () => {
  const pglite = await openOrCreatePglite(join(root, 'a', 'pg'), join(root, 'template.tar.gz'));
  const sql: Sql = {
    query: async <Row>(text: string, values?: readonly unknown[]) =>
      (await pglite.query<Row>(text, values ? [...values] : undefined)).rows,
  };
  try {
    await pglite.exec(`CREATE SCHEMA s; CREATE TABLE s.big (x int, pad text); CREATE TABLE s.small (x int);
      CREATE TABLE public.elsewhere (x int);
      INSERT INTO s.big SELECT g, repeat('p', 100) FROM generate_series(1, 5000) g;
      INSERT INTO s.small VALUES (1);
      INSERT INTO public.elsewhere SELECT g FROM generate_series(1, 20000) g;`);
    const stats = async () =>
      (
        await pglite.query<{ relpages: number; reltuples: number }>(
          "SELECT relpages, reltuples FROM pg_class WHERE oid = 's.big'::regclass",
        )
      ).rows[0]!;
    assert.equal((await stats()).relpages, 0, 'PGlite never analyses on its own');

    assert.deepEqual(
      (await upkeepGrownTables(sql, ['s'])).sort(),
      ['s.big', 's.small'],
      'a small table too; public is not ours',
    );
    assert.equal((await stats()).reltuples, 5000, 'the planner now knows the table');
    assert.deepEqual(await upkeepGrownTables(sql, ['s']), [], 'nothing grew since');

    await pglite.exec("INSERT INTO s.big SELECT g, repeat('p', 100) FROM generate_series(1, 100) g");
    assert.deepEqual(await upkeepGrownTables(sql, ['s']), [], 'under 10 % more');
    await pglite.exec("INSERT INTO s.big SELECT g, repeat('p', 100) FROM generate_series(1, 1000) g");
    assert.deepEqual(await upkeepGrownTables(sql, ['s']), ['s.big']);
    assert.equal((await stats()).reltuples, 6100);
  } finally {
    await pglite.close();
  }
});

it('runs on a schedule, one run at a time, and its stop waits for a run under way', async () => {
  let runs = 0;
  let inFlight = 0;
  let most = 0;
  const stop = scheduleUpkeep(async () => {
    runs++;
    most = Math.max(most, ++inFlight);
    await sleep(30);
    inFlight--;
  }, 5);
  await sleep(120);
  await stop();
  const after = runs;
  assert.ok(runs >= 2, `ran ${runs} times`);
  assert.equal(most, 1, 'never two at once');
  assert.equal(inFlight, 0, 'stop waited for the run under way');
  await sleep(30);
  assert.equal(runs, after, 'no run after stop');
});
