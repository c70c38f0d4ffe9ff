import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { findPostgresBin } from './chaos/private-postgres.ts';
import { runChaos } from './chaos/run-chaos.ts';

/**
 * The chaos run in its short form (the full one is `node bench/chaos.ts`): 200 mixed jobs with
 * webhooks, 3 workers of which one is SIGKILLed every 3 s, PostgreSQL crashed and restarted once.
 * It runs a PostgreSQL cluster of its own, so it needs the server binaries, not DATABASE_URL.
 */
describe('chaos: workers killed and PostgreSQL crashed under load', {
  skip: !findPostgresBin() && 'no PostgreSQL server binaries',
}, () => {
  it('ends every job once, as expected, with its own result, usage record and webhook', {
    timeout: 900_000,
  }, async () => {
    const report = await runChaos({
      jobs: 200,
      workers: 3,
      perSecond: 20,
      killEverySeconds: 3,
      minKills: 3,
      restartPostgresAt: 0.5,
      postgresDownSeconds: 3,
      settleSeconds: 600,
      seed: 1,
      log: (line) => console.log(`# ${line}`),
    });
    assert.deepEqual(report.problems, []);
    assert.ok(report.kills >= 3);
    assert.equal(report.counts.submitted, 200);
    assert.equal(report.counts.completed, report.counts.validSubmitted);
    assert.equal(report.counts.lost, 0);
    assert.ok(
      report.submitRetries > 0,
      'the PostgreSQL crash should have made some submits fail and be sent again',
    );
  });
});
