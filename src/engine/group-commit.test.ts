import assert from 'node:assert/strict';
import { it } from 'node:test';
import { GroupCommit } from './group-commit.ts';

it('GroupCommit writes calls made together in one group, and answers each its own result', async () => {
  const groups: number[][] = [];
  const commit = new GroupCommit<number, number>(async (items) => {
    groups.push(items);
    await new Promise((resolve) => setTimeout(resolve, 5));
    return items.map((item) => item * 10);
  });
  const first = await Promise.all([1, 2, 3].map((n) => commit.submit(n)));
  assert.deepEqual(first, [10, 20, 30]);
  assert.deepEqual(groups, [[1, 2, 3]]);
  // Calls arriving while a group is being written go in the next group together.
  const a = commit.submit(4);
  await new Promise((resolve) => setTimeout(resolve, 1));
  const rest = [5, 6].map((n) => commit.submit(n));
  assert.deepEqual(await Promise.all([a, ...rest]), [40, 50, 60]);
  assert.deepEqual(groups.slice(1), [[4], [5, 6]]);
});

it('GroupCommit rejects every call of a failed group, and keeps working', async () => {
  let fail = true;
  const commit = new GroupCommit<number, number>(async (items) => {
    if (fail) throw new Error('database went away');
    return items;
  });
  await assert.rejects(Promise.all([commit.submit(1), commit.submit(2)]), /went away/);
  fail = false;
  assert.equal(await commit.submit(3), 3);
});
