import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { JobFailure } from '../../core/errors.ts';
import { type JobId, newJobId, type OrgId } from '../../core/ids.ts';
import type { JobRecord } from '../../core/job.ts';
import {
  type WebhookEvent,
  type WebhookPayload,
  type WebhookPayloadField,
  webhookBody,
  webhookEvents,
  webhookPayloadFields,
  webhookPayloadMismatches,
} from '../../core/webhook-payload.ts';
import type { Database } from '../db.ts';
import { completeJobs } from '../jobs/complete-jobs.ts';
import { getJob } from '../jobs/get-job.ts';
import { insertJob } from '../jobs/insert-job.ts';
import { moveJob } from '../jobs/move-job.ts';
import { openDatabase } from '../open-database.ts';
import { ensureOrganisation } from '../orgs.ts';
import { dropSchemas } from '../testing/drop-schemas.ts';

/**
 * The payload has two writers: core's definition (webhookPayloadFields, which webhookBody sends)
 * and the outbox trigger, which freezes the payload in SQL (enqueue_job_webhook). This fires the
 * trigger, as migrated, for every webhook event and holds what it stored against the definition:
 * a field added, removed or renamed on either side, or of another kind, fails here.
 */
const names: readonly string[] = webhookPayloadFields.map((field) => field.name);

const failure = (code: JobFailure['code'], stage: JobFailure['stage']): JobFailure => ({
  code,
  message: `${code.toLowerCase()} on purpose`,
  stage,
  retryable: false,
});

interface Scenario {
  /** Moves a queued job to the event's terminal state through the store's own writes. */
  reach(db: Database, id: JobId): Promise<void>;
  /** The fields the trigger must write as null for this job; every other field holds a value. */
  nulls: WebhookPayloadField[];
}

const processing = async (db: Database, id: JobId) => {
  assert.ok(await moveJob(db, id, 'processing', { attempt: 1, stage: 'parsing' }));
};
const complete =
  (status: 'completed' | 'partial', error: JobFailure | null) => async (db: Database, id: JobId) => {
    await processing(db, id);
    const [done] = await completeJobs(db, [
      {
        id,
        attempt: 1,
        resultKey: `results/${id}.json`,
        pages: 2,
        mimeType: 'application/pdf',
        fileKind: 'pdf',
        status,
        error,
        qualityScore: status === 'completed' ? 0.93 : 0.41,
        minConfidence: null,
        llmTokens: 0,
        trace: null,
      },
    ]);
    assert.ok(done);
  };
const end =
  (to: 'failed' | 'timeout' | 'cancelled', error: JobFailure, from: 'queued' | 'processing') =>
  async (db: Database, id: JobId) => {
    if (from === 'processing') await processing(db, id);
    assert.ok(await moveJob(db, id, to, { error, stage: null, finished: true }));
  };

/** One way to reach each event (a Record: a new event in core needs a scenario here). */
const scenarios: Record<WebhookEvent, Scenario> = {
  'job.completed': { reach: complete('completed', null), nulls: ['error'] },
  'job.partial': { reach: complete('partial', failure('OCR_ERROR', 'ocr')), nulls: [] },
  'job.failed': {
    reach: end('failed', failure('PARSE_ERROR', 'parsing'), 'processing'),
    nulls: ['qualityScore', 'qualityCategory'],
  },
  'job.timeout': {
    reach: end('timeout', failure('TIMEOUT', 'ocr'), 'processing'),
    nulls: ['qualityScore', 'qualityCategory'],
  },
  'job.cancelled': {
    reach: end('cancelled', failure('CANCELLED', null), 'queued'),
    nulls: ['qualityScore', 'qualityCategory'],
  },
};

/** What each field means, from the job as the API shows it. */
const expectedPayload = (event: WebhookEvent, job: JobRecord): WebhookPayload => ({
  type: event,
  jobId: job.id,
  jobGuid: job.id,
  status: job.status,
  error: job.error,
  qualityScore: job.qualityScore,
  qualityCategory: job.qualityCategory,
  metadata: job.metadata,
  createdAt: job.createdAt,
  completedAt: job.completedAt!,
});

it('the scenarios see every nullable field both null and set (a kind is only checked on a value)', () => {
  for (const field of webhookPayloadFields) {
    const nullIn = webhookEvents.filter((event) => scenarios[event].nulls.includes(field.name));
    if ('nullable' in field) {
      assert.ok(nullIn.length > 0 && nullIn.length < webhookEvents.length, field.name);
    } else {
      assert.deepEqual(nullIn, [], field.name);
    }
  }
});

const backends: ('pglite' | 'postgres')[] = process.env.DATABASE_URL ? ['pglite', 'postgres'] : ['pglite'];

for (const backend of backends) {
  describe(`the outbox trigger's payload against core's definition (${backend})`, () => {
    const schema = `t_${createHash('sha1').update(`payload-drift:${process.pid}`).digest('hex').slice(0, 12)}`;
    let dataDir: string;
    let db: Database;
    let orgId: OrgId;
    const databaseUrl = backend === 'postgres' ? process.env.DATABASE_URL! : '';

    // Dropped before (a leftover of an interrupted run of this process id) and after the suite.

    before(async () => {
      dataDir = mkdtempSync(join(tmpdir(), 'docjobs-payload-drift-'));
      if (databaseUrl) await dropSchemas(databaseUrl, schema);
      db = await openDatabase({ dataDir, databaseUrl, databaseSchema: schema });
      orgId = (await ensureOrganisation(db, 'acme')).id;
    });

    after(async () => {
      await db.close();
      if (databaseUrl) await dropSchemas(databaseUrl, schema);
      rmSync(dataDir, { recursive: true, force: true });
    });

    const submitJob = async (event: string): Promise<JobId> => {
      const id = newJobId();
      const inserted = await insertJob(db, {
        id,
        orgId,
        type: 'parse',
        fileName: 'drift.pdf',
        mimeType: 'application/pdf',
        sizeBytes: 1234,
        documentKey: `documents/${id}`,
        options: {},
        metadata: { project: 'drift', event },
        priority: 0,
        timeoutSeconds: 60,
        idempotencyKey: null,
        requestHash: null,
        reprocessedFrom: null,
        // A per-job target: the trigger announces every terminal event to it.
        webhookUrl: 'https://hooks.example.com/drift',
        caseId: null,
        expiresAt: new Date(Date.now() + 86_400_000),
        task: null,
        extractor: null,
        dependsOn: [],
      });
      assert.ok(inserted);
      return id;
    };

    const deliveries = (id: JobId) =>
      db.query<{ event: string; payload: Record<string, unknown> }>(
        'SELECT event, payload FROM webhook_deliveries WHERE job_id = $1 ORDER BY id',
        [id],
      );

    for (const event of webhookEvents) {
      it(`${event}: the stored payload has exactly core's fields, of core's kinds, and round-trips`, async () => {
        const scenario = scenarios[event];
        const id = await submitJob(event);
        await scenario.reach(db, id);

        const rows = await deliveries(id);
        assert.deepEqual(
          rows.map((row) => row.event),
          [event],
          'the trigger wrote one delivery for the event',
        );
        const stored = rows[0]!.payload;

        // The keys, both ways: a field only in SQL, or only in core, shows up as a difference here.
        assert.deepEqual(Object.keys(stored).sort(), [...names].sort(), "the trigger's fields are core's");
        assert.deepEqual(webhookPayloadMismatches(stored), [], "the trigger's values are of core's kinds");
        assert.deepEqual(
          names.filter((name) => stored[name] === null),
          scenario.nulls,
          'null exactly where this job has no value',
        );
        const job = (await getJob(db, orgId, id))!;
        assert.deepEqual(stored, expectedPayload(event, job), 'each field holds what its name says');

        // What the sender posts: core's order (jsonb reorders keys), the same values, stable bytes.
        const payload = stored as WebhookPayload;
        const body = webhookBody(payload);
        assert.deepEqual(Object.keys(JSON.parse(body)), names);
        assert.deepEqual(JSON.parse(body), stored);
        assert.equal(webhookBody(JSON.parse(body)), body, 'a redelivery is byte-identical');
      });
    }

    it('announces no other status: an expired job adds no delivery', async () => {
      const id = await submitJob('job.expired');
      await scenarios['job.completed'].reach(db, id);
      assert.ok(await moveJob(db, id, 'expired', {}));
      assert.deepEqual(
        (await deliveries(id)).map((row) => row.event),
        ['job.completed'],
      );
    });
  });
}
