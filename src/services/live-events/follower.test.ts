import assert from 'node:assert/strict';
import { it } from 'node:test';
import type { JobId, OrgId } from '../../core/ids.ts';
import type { JobRecord } from '../../core/job.ts';
import { type EventSink, Follower } from './follower.ts';
import type { LiveEvent } from './job-changes.ts';

const org = 'org_a' as OrgId;
const id = 'job_1' as JobId;

function job(fields: Partial<JobRecord> = {}): JobRecord {
  return {
    id,
    orgId: org,
    type: 'parse',
    status: 'queued',
    stage: null,
    progress: 0,
    pagesDone: 0,
    pagesTotal: null,
    createdAt: '2025-01-01T00:00:00.000Z',
    startedAt: null,
    completedAt: null,
    processingMs: null,
    qualityScore: null,
    qualityCategory: null,
    retryCount: 0,
    error: null,
    metadata: {},
    options: {},
    fileName: 'a.pdf',
    mimeType: null,
    sizeBytes: 1,
    priority: 0,
    timeoutSeconds: 600,
    reprocessedFrom: null,
    webhookUrl: null,
    caseId: null,
    expiresAt: null,
    dependsOn: [],
    waitingFor: null,
    extractorId: null,
    extractorVersion: null,
    minConfidence: null,
    task: null,
    llmTokens: 0,
    documentKey: null,
    resultKey: null,
    fileKind: null,
    attempt: -1,
    idempotencyKey: null,
    requestHash: null,
    queueJobId: null,
    trace: null,
    ...fields,
  };
}

function sink(writable: () => boolean = () => true) {
  const sent: LiveEvent[] = [];
  let ended = false;
  const target: EventSink = {
    send: (events) => {
      sent.push(...events);
      return writable();
    },
    keepAlive: () => {},
    end: () => {
      ended = true;
    },
  };
  return { target, sent, ended: () => ended };
}

it('sends the state first, then one event per changed field, and ends after the terminal status', () => {
  const out = sink();
  let over = 0;
  const follower = new Follower({ orgId: org, jobId: id }, out.target, () => over++);
  follower.offer(job());
  follower.offer(job({ status: 'processing', stage: 'parsing', attempt: 1 }));
  follower.offer(job({ status: 'processing', stage: 'parsing', pagesDone: 3, pagesTotal: 10, progress: 30 }));
  follower.offer(
    job({
      status: 'completed',
      progress: 100,
      pagesDone: 10,
      pagesTotal: 10,
      qualityScore: 0.9,
      qualityCategory: 'Very Confident',
    }),
  );
  assert.deepEqual(
    out.sent.map((e) => e.event),
    [
      'state',
      'stage',
      'status',
      'pages',
      'progress',
      'stage',
      'pages',
      'progress',
      'quality',
      'status',
      'end',
    ],
  );
  assert.ok(out.ended());
  assert.equal(over, 1);
  follower.offer(job({ status: 'expired' }));
  assert.equal(out.sent.at(-1)!.event, 'end', 'nothing after the end');
});

it('keeps only the newest row while the client is slow, and sends the difference when it drains', () => {
  let writable = false;
  const out = sink(() => writable);
  const follower = new Follower({ orgId: org, jobId: id }, out.target, () => {});
  follower.offer(job({ status: 'processing', stage: 'parsing' }));
  for (let page = 1; page <= 50; page++)
    follower.offer(
      job({ status: 'processing', stage: 'parsing', pagesDone: page, pagesTotal: 50, progress: page * 2 }),
    );
  assert.deepEqual(
    out.sent.map((e) => e.event),
    ['state'],
  );
  writable = true;
  follower.resume();
  assert.deepEqual(out.sent.slice(1), [
    { event: 'pages', data: { id, pagesDone: 50, pagesTotal: 50 } },
    { event: 'progress', data: { id, progress: 100 } },
  ]);
});

it('on an organisation stream: introduces jobs with state, filters, and ignores other organisations', () => {
  const out = sink();
  const follower = new Follower(
    {
      orgId: org,
      jobId: null,
      filter: { statuses: ['processing', 'completed'], metadata: { team: 'blue' } },
    },
    out.target,
    () => {},
  );
  const blue = { metadata: { team: 'blue' } };
  follower.offer(job({ ...blue })); // queued: not in the filter
  follower.offer(job({ ...blue, orgId: 'org_b' as OrgId, status: 'processing' }));
  follower.offer(job({ id: 'job_red' as JobId, metadata: { team: 'red' }, status: 'processing' }));
  assert.equal(out.sent.length, 0);
  follower.offer(job({ ...blue, status: 'processing', stage: 'parsing' }));
  follower.offer(job({ ...blue, status: 'processing', stage: 'parsing', progress: 50 }));
  follower.offer(job({ ...blue, status: 'completed', progress: 100 }));
  assert.deepEqual(
    out.sent.map((e) => e.event),
    ['state', 'progress', 'stage', 'progress', 'status'],
  );
  follower.offer(job({ ...blue, status: 'completed', progress: 100 }));
  assert.equal(out.sent.length, 5, 'a finished job read again sends nothing');
  assert.ok(!out.ended(), 'an organisation stream stays open');
});
