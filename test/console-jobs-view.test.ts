import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Job, JobEvent } from '../packages/client/src/index.ts';
import { apiFilters, isFiltered, matchesView, readView, viewSearch } from '../web/src/pages/jobs-filters.ts';
import { applyEvents, endingsOf, type JobRows } from '../web/src/pages/jobs-rows.ts';

/** The console's jobs page: its address ↔ view ↔ API filters, and how events change its rows. */
const job = (id: string, createdAt: string, changes: Partial<Job> = {}): Job =>
  ({ id, type: 'parse', status: 'queued', createdAt, metadata: {}, qualityScore: null, ...changes }) as Job;

describe('console jobs view', () => {
  it('reads an address and writes it back the same, leaving out what the API would refuse', () => {
    const search =
      'status=failed&status=partial&type=extract&createdFrom=2026-12-01&minQuality=0.8&metadata.customer=acme&limit=200&cursor=abc';
    const view = readView(new URLSearchParams(search));
    assert.deepEqual(view.statuses, ['failed', 'partial']);
    assert.deepEqual(view.metadata, [['customer', 'acme']]);
    assert.equal(viewSearch(view), `?${search}`);
    const bad = readView(
      new URLSearchParams('status=lost&type=x&minQuality=7&createdFrom=yesterday&limit=13'),
    );
    assert.equal(viewSearch(bad), '');
    assert.equal(isFiltered(bad), false);
    assert.equal(isFiltered(readView(new URLSearchParams('cursor=abc&limit=100'))), false);
  });

  it('turns picked days into the instants they start and end in local time', () => {
    const filters = apiFilters(readView(new URLSearchParams('createdFrom=2026-12-01&createdTo=2026-12-01')));
    assert.equal(filters.createdAfter, new Date('2026-12-01T00:00:00').toISOString());
    assert.equal(filters.createdBefore, new Date('2026-12-02T00:00:00').toISOString());
  });

  it('checks a job the stream tells of against every filter', () => {
    const view = readView(new URLSearchParams('status=completed&metadata.batch=a&minQuality=0.5'));
    const done = job('job_1', '2026-12-07T01:00:00.000Z', {
      status: 'completed',
      metadata: { batch: 'a' },
      qualityScore: 0.9,
    });
    assert.equal(matchesView(done, view), true);
    assert.equal(matchesView({ ...done, metadata: { batch: 'b' } }, view), false);
    assert.equal(matchesView({ ...done, qualityScore: 0.2 }, view), false);
    assert.equal(matchesView({ ...done, status: 'failed' }, view), false);
  });

  it('merges events into the rows shown and adds new matching jobs in order, on the first page only', () => {
    const view = readView(new URLSearchParams(''));
    const rows: JobRows = {
      rows: [job('job_2', '2026-12-07T02:00:00.000Z'), job('job_1', '2026-12-07T01:00:00.000Z')],
      total: 2,
      hasMore: false,
      nextCursor: null,
    };
    const events: JobEvent[] = [
      { event: 'status', data: { id: 'job_1', status: 'completed' } },
      { event: 'state', data: job('job_4', '2026-12-07T04:00:00.000Z') },
      { event: 'state', data: job('job_3', '2026-12-07T03:00:00.000Z') },
    ];
    const next = applyEvents(rows, events, view);
    assert.deepEqual(
      next.rows.map((r) => r.id),
      ['job_4', 'job_3', 'job_2', 'job_1'],
    );
    assert.equal(next.rows[3]!.status, 'completed');
    assert.equal(next.total, 4);
    const later = applyEvents(rows, events, { ...view, cursor: 'abc' });
    assert.deepEqual(
      later.rows.map((r) => r.id),
      ['job_2', 'job_1'],
      'a later page takes no new job',
    );
    assert.equal(applyEvents(rows, [{ event: 'stage', data: { id: 'job_9', stage: 'ocr' } }], view), rows);
  });

  it('tells a screen reader which shown jobs ended, not every stage', () => {
    const rows = [job('job_1', '2026-12-07T01:00:00.000Z', { fileName: 'a.pdf', status: 'processing' })];
    const events: JobEvent[] = [
      { event: 'stage', data: { id: 'job_1', stage: 'ocr' } },
      { event: 'status', data: { id: 'job_1', status: 'completed' } },
      { event: 'status', data: { id: 'job_7', status: 'failed' } },
    ];
    assert.equal(endingsOf(rows, events), 'a.pdf: completed');
    assert.equal(endingsOf(rows, events.slice(0, 1)), null);
  });
});
