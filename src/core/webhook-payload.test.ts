import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  type WebhookPayload,
  webhookBody,
  webhookPayloadFields,
  webhookPayloadMismatches,
} from './webhook-payload.ts';

const names = webhookPayloadFields.map((field) => field.name);

const failed: WebhookPayload = {
  type: 'job.failed',
  jobId: 'job_01',
  jobGuid: 'job_01',
  status: 'failed',
  error: { code: 'PARSE_ERROR', message: 'not a PDF', stage: 'parsing', retryable: false },
  qualityScore: null,
  qualityCategory: null,
  metadata: { project: 'hooks' },
  createdAt: '2030-01-01T00:00:00.000Z',
  completedAt: '2030-01-01T00:00:01.250Z',
};

/** The same payload with its keys in jsonb's order (shorter keys first), as the database hands it back. */
const fromJsonb = Object.fromEntries(
  Object.entries(failed).sort(([a], [b]) => a.length - b.length || (a < b ? -1 : 1)),
) as WebhookPayload;

describe('the webhook payload definition', () => {
  it('writes the body with the defined fields, in the defined order, whatever order it is given', () => {
    assert.notDeepEqual(Object.keys(fromJsonb), names);
    const body = webhookBody(fromJsonb);
    assert.deepEqual(Object.keys(JSON.parse(body)), names);
    assert.deepEqual(JSON.parse(body), failed);
    assert.equal(body, webhookBody(failed));
    assert.equal(webhookBody(JSON.parse(body)), body, 'a redelivery is byte-identical');
  });

  it('fills nullable fields and metadata missing from an older stored payload, as before', () => {
    const { error: _error, qualityScore: _score, metadata: _metadata, ...older } = failed;
    const body = JSON.parse(webhookBody(older as WebhookPayload));
    assert.deepEqual(Object.keys(body), names);
    assert.equal(body.error, null);
    assert.equal(body.qualityScore, null);
    assert.deepEqual(body.metadata, {});
  });

  it('accepts a payload and names every way a value can differ from the definition', () => {
    assert.deepEqual(webhookPayloadMismatches(failed), []);
    assert.deepEqual(webhookPayloadMismatches(fromJsonb), []);
    const completed = {
      ...failed,
      type: 'job.completed',
      status: 'completed',
      error: null,
      qualityScore: 0.9,
    };
    assert.deepEqual(webhookPayloadMismatches({ ...completed, qualityCategory: 'high' }), []);

    const { qualityCategory, ...renamed } = failed;
    assert.deepEqual(webhookPayloadMismatches({ ...renamed, quality_category: qualityCategory }), [
      'unexpected field quality_category',
      'missing field qualityCategory',
    ]);
    assert.deepEqual(webhookPayloadMismatches({ ...failed, jobGuid: null }), ['jobGuid: null is not text']);
    assert.deepEqual(webhookPayloadMismatches({ ...failed, qualityScore: '0.9' }), [
      'qualityScore: "0.9" is not number or null',
    ]);
    assert.deepEqual(webhookPayloadMismatches({ ...failed, type: 'job.expired' }), [
      'type: "job.expired" is not event',
    ]);
    assert.deepEqual(webhookPayloadMismatches({ ...failed, createdAt: '2030-01-01 00:00:00+00' }), [
      'createdAt: "2030-01-01 00:00:00+00" is not timestamp',
    ]);
    assert.deepEqual(webhookPayloadMismatches({ ...failed, metadata: { pages: 3 } }), [
      'metadata: {"pages":3} is not metadata',
    ]);
    assert.equal(webhookPayloadMismatches({ ...failed, error: { ...failed.error, details: {} } }).length, 1);
    assert.equal(webhookPayloadMismatches({ ...failed, error: { code: 'PARSE_ERROR' } }).length, 1);
    assert.deepEqual(webhookPayloadMismatches([failed]), ['not a JSON object']);
  });
});
