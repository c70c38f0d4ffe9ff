import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import {
  isTerminal,
  jobStatuses,
  moves,
  statusesThatMoveTo,
  terminalStatuses,
  transition,
} from './job-status.ts';

const status = fc.constantFrom(...jobStatuses);

describe('job state table', () => {
  it('allows exactly the moves in the table', () => {
    fc.assert(
      fc.property(status, status, (from, to) => {
        assert.equal(transition(from, to).ok, moves[from].includes(to));
      }),
    );
  });

  it('agrees with the SQL guard: `to` is reachable exactly from statusesThatMoveTo(to)', () => {
    fc.assert(
      fc.property(status, status, (from, to) => {
        assert.equal(statusesThatMoveTo(to).includes(from), transition(from, to).ok);
      }),
    );
  });

  it('lets a job end partial from exactly where it may end completed (one guard serves both)', () => {
    assert.deepEqual(statusesThatMoveTo('partial'), statusesThatMoveTo('completed'));
  });

  it('lets terminal states move only to expired, and expired nowhere', () => {
    fc.assert(
      fc.property(fc.constantFrom(...terminalStatuses), status, (from, to) => {
        assert.equal(transition(from, to).ok, from !== 'expired' && to === 'expired');
      }),
    );
  });

  it('reaches a terminal state from any state along some path, and every walk stays in the table', () => {
    fc.assert(
      fc.property(status, fc.array(fc.nat(), { maxLength: 20 }), (start, picks) => {
        let current = start;
        for (const pick of picks) {
          const options = moves[current];
          if (options.length === 0) break;
          const next = options[pick % options.length]!;
          assert.ok(transition(current, next).ok);
          current = next;
        }
        const reachable = new Set([current]);
        for (const s of reachable) for (const next of moves[s]) reachable.add(next);
        assert.ok([...reachable].some(isTerminal));
      }),
    );
  });

  it('never lets cancel reach a finished job', () => {
    for (const from of terminalStatuses) assert.equal(transition(from, 'cancelled').ok, false);
    for (const from of ['queued', 'processing', 'retrying'] as const)
      assert.equal(transition(from, 'cancelled').ok, true);
  });
});
