import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { newCaseId } from '../../core/case.ts';
import { newExtractorId } from '../../core/ids.ts';
import { caseExists } from '../cases/get-case.ts';
import { insertCase } from '../cases/insert-case.ts';
import { getDefinition } from '../definitions/get-definition.ts';
import { insertDefinition } from '../definitions/insert-definition.ts';
import { getJob } from '../jobs/get-job.ts';
import { moveJob, moveJobs } from '../jobs/move-job.ts';
import { addJob, type MakeDatabase, newOrg, useDatabase } from './fixtures.ts';

/**
 * The Database port itself (STYLE.md 5): a transaction commits or rolls back whole, a failed
 * statement does not poison the connection that comes after it (PGlite has only the one), and
 * notifications leave at commit.
 */
export function transactionsContract(make: MakeDatabase) {
  describe('transactions and notifications', () => {
    const db = useDatabase(make, 'transactions');

    it('rolls back everything before a failed statement, and the database carries on', async () => {
      const org = await newOrg(db());
      const id = newCaseId();
      await assert.rejects(
        db().transaction(async (tx) => {
          await insertCase(tx, { id, orgId: org.id, name: 'doomed', description: null, metadata: {} });
          assert.equal(await caseExists(tx, org.id, id), true, 'visible inside');
          await tx.query('SELECT * FROM no_such_table');
        }),
        /no_such_table/,
      );
      assert.equal(await caseExists(db(), org.id, id), false);
      assert.deepEqual(await db().query('SELECT 1 AS one'), [{ one: 1 }], 'the next statement runs');
      const committed = await db().transaction(async (tx) => {
        await insertCase(tx, { id, orgId: org.id, name: 'kept', description: null, metadata: {} });
        return 'done';
      });
      assert.equal(committed, 'done');
      assert.equal(await caseExists(db(), org.id, id), true, 'the next transaction commits');
    });

    it('accepts nothing more in a transaction after a failed statement, even one caught', async () => {
      const org = await newOrg(db());
      const id = newCaseId();
      await assert.rejects(
        db().transaction(async (tx) => {
          await insertCase(tx, { id, orgId: org.id, name: 'x', description: null, metadata: {} });
          await tx.query('SELECT 1 / 0').catch(() => {});
          await tx.query('SELECT 1');
        }),
        /current transaction is aborted/,
      );
      assert.equal(await caseExists(db(), org.id, id), false);
      assert.deepEqual(await db().query('SELECT 2 AS two'), [{ two: 2 }]);
    });

    it('rolls back when the work throws, and after a failed statement outside a transaction goes on', async () => {
      const org = await newOrg(db());
      const job = await addJob(db(), org.id);
      await assert.rejects(
        db().transaction(async (tx) => {
          await moveJob(tx, job.id, 'cancelled', { finished: true });
          throw new Error('not SQL');
        }),
        /not SQL/,
      );
      assert.equal((await getJob(db(), org.id, job.id))?.status, 'queued');
      await assert.rejects(db().query('SELECT * FROM jobs WHERE id = $1', []), 'a missing parameter');
      assert.equal((await getJob(db(), org.id, job.id))?.status, 'queued', 'the connection is usable');
    });

    it('makes a group of moves all or nothing', async () => {
      const org = await newOrg(db());
      const [a, b] = [await addJob(db(), org.id), await addJob(db(), org.id)];
      await assert.rejects(
        moveJobs(db(), [
          { id: a.id, to: 'processing', fields: { attempt: 1 }, guard: {} },
          // pages_done is an integer column: the statement fails after a's move went through.
          { id: b.id, to: 'processing', fields: { attempt: 1, pagesDone: 1.5 }, guard: {} },
        ]),
      );
      assert.equal((await getJob(db(), org.id, a.id))?.status, 'queued', 'the first move is undone');
      assert.deepEqual(
        await moveJobs(db(), [
          { id: a.id, to: 'processing', fields: { attempt: 1 }, guard: {} },
          { id: b.id, to: 'processing', fields: { attempt: 1, pagesDone: 2 }, guard: {} },
        ]),
        [true, true],
      );
    });

    it('leaves no half-made definition when its version cannot be written', async () => {
      const org = await newOrg(db());
      const id = newExtractorId();
      const bad = {
        name: 'x',
        description: null,
        prompt: null,
        engine: 'gpt' as 'llm',
        options: {},
        spec: {},
      };
      await assert.rejects(insertDefinition(db(), { id, orgId: org.id, kind: 'extractor', fields: bad }));
      assert.equal(await getDefinition(db(), org.id, 'extractor', id, { includeDeleted: true }), null);
      assert.deepEqual(await db().query('SELECT id FROM definitions WHERE id = $1', [id]), []);
    });

    it('announces status changes and job changes at commit, and nothing that was rolled back', async () => {
      const org = await newOrg(db());
      const statuses: string[] = [];
      const changes: string[] = [];
      const stop = [
        await db().listen(`${db().schema}_jobs`, (payload) => statuses.push(payload)),
        await db().listen(`${db().schema}_job_changes`, (payload) => changes.push(payload)),
      ];
      try {
        const job = await addJob(db(), org.id);
        await db()
          .transaction(async (tx) => {
            await moveJob(tx, job.id, 'cancelled', { finished: true });
            throw new Error('rolled back');
          })
          .catch(() => {});
        await db().transaction(async (tx) => {
          await moveJob(tx, job.id, 'processing', { attempt: 1 });
          await sleep(50);
          assert.deepEqual(statuses, [], 'nothing before the commit');
        });
        for (let waited = 0; (statuses.length < 1 || changes.length < 2) && waited < 5000; waited += 20)
          await sleep(20);
        assert.deepEqual(statuses, [`${job.id} processing`]);
        assert.deepEqual(
          changes,
          [`${job.id} ${org.id}`, `${job.id} ${org.id}`],
          'the insert, then the move',
        );
      } finally {
        for (const unlisten of stop) await unlisten();
      }
    });
  });
}
