import assert from 'node:assert/strict';
import { it } from 'node:test';
import { Slots } from './slots.ts';

it('Slots never lets more than `size` run at once, and serves waiters in order', async () => {
  const slots = new Slots(2);
  let running = 0;
  let peak = 0;
  const order: number[] = [];
  await Promise.all(
    Array.from({ length: 8 }, async (_, i) => {
      const release = await slots.acquire();
      running++;
      peak = Math.max(peak, running);
      order.push(i);
      await new Promise((resolve) => setTimeout(resolve, 5));
      running--;
      release();
      release(); // a second release is harmless
    }),
  );
  assert.equal(peak, 2);
  assert.deepEqual(order, [0, 1, 2, 3, 4, 5, 6, 7]);
});
