import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { Docjobs, type Job } from '../../packages/client/src/index.ts';
import { waitFor, waitTerminal } from '../harness.ts';
import {
  browserSkip,
  type ConsoleServer,
  screenshot,
  signedInPage,
  startConsole,
  viewports,
} from './browser-harness.ts';

/** Opens the filter panel unless it is open (it stays open across filter changes). */
async function openFilters(page: Page) {
  if (!(await page.locator('details.jobs-filter-panel').evaluate((d) => (d as { open: boolean }).open)))
    await page.getByText('Filters', { exact: true }).click();
}

const text = (words: string) => new TextEncoder().encode(`${words}\n`);

/** The job ids the table shows, in order. */
const shownIds = (page: Page) =>
  page
    .locator('tbody tr[data-job-id]')
    .evaluateAll((rows) => rows.map((row) => row.getAttribute('data-job-id')));

describe('console: the jobs table', { skip: browserSkip }, () => {
  let server: ConsoleServer;
  let acme: Docjobs;
  let globex: Docjobs;
  let page: Page;
  const batchA: Job[] = [];
  const batchB: Job[] = [];
  let foreign: Job;

  before(async () => {
    server = await startConsole('browser-jobs-list');
    acme = new Docjobs({ baseUrl: server.baseUrl, apiKey: server.dj.key });
    globex = new Docjobs({ baseUrl: server.baseUrl, apiKey: server.dj.otherKey });
    foreign = await globex.submit({ file: text('globex private memo'), fileName: 'globex-memo.txt' });
  });
  after(async () => {
    await page?.context().close();
    await server?.close();
  });

  it('shows jobs as they are submitted, their status turning completed without a reload', async () => {
    page = await signedInPage(server, server.dj.key);
    await page.getByText('No jobs yet').waitFor();
    await page.locator('.organisation', { hasText: 'acme' }).waitFor();
    await page.getByText('Live', { exact: true }).waitFor();
    for (let i = 1; i <= 3; i++) {
      batchA.push(
        await acme.submit({
          file: text(`invoice number ${i}`),
          fileName: `invoice-${i}.txt`,
          metadata: { batch: 'a' },
        }),
      );
    }
    batchB.push(
      await acme.submit({
        type: 'chunk',
        file: text('a memo to chunk'),
        fileName: 'memo.txt',
        metadata: { batch: 'b' },
      }),
    );
    for (const job of [...batchA, ...batchB]) await waitTerminal(server.dj, job.id);
    // Every row arrived through the event stream and ended completed, with no reload.
    for (const job of [...batchA, ...batchB]) {
      await page.locator(`tr[data-job-id="${job.id}"] .status-completed`).waitFor({ timeout: 15_000 });
    }
    const ids = await shownIds(page);
    assert.deepEqual(
      ids,
      [batchB[0]!, ...batchA.toReversed()].map((job) => job.id),
      'newest first',
    );
    assert.ok(!ids.includes(foreign.id), "another organisation's job is never shown");
    assert.match((await page.locator('.jobs-total').textContent()) ?? '', /^4 jobs/);
    await screenshot(page, 'jobs-desktop');
  });

  it("never shows another organisation's jobs, even when they change while the page is open", async () => {
    const late = await globex.submit({ file: text('globex second memo'), fileName: 'globex-late.txt' });
    await globex.wait(late, { timeoutMs: 60_000 });
    const mine = await acme.submit({
      file: text('acme late note'),
      fileName: 'acme-late.txt',
      metadata: { batch: 'c' },
    });
    await page.locator(`tr[data-job-id="${mine.id}"]`).waitFor();
    const ids = await shownIds(page);
    assert.ok(!ids.includes(late.id) && !ids.includes(foreign.id));
    await waitTerminal(server.dj, mine.id);
    batchB.push(mine);
  });

  it('filters by status, type and metadata, in the address so Back works', async () => {
    await openFilters(page);
    await page.getByLabel('Type').selectOption('chunk');
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await waitFor(async () => new URL(page.url()).searchParams.get('type') === 'chunk');
    await waitFor(async () => (await shownIds(page)).join() === batchB[0]!.id);

    await page.getByRole('button', { name: 'Remove filter type: chunk' }).click();
    await openFilters(page);
    await page.getByRole('checkbox', { name: 'completed', exact: true }).check();
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await waitFor(async () => new URL(page.url()).searchParams.getAll('status').join() === 'completed');
    await waitFor(async () => (await shownIds(page)).length === 5);
    assert.equal(await page.locator('tbody .status:not(.status-completed)').count(), 0);

    await page.getByLabel('Search by metadata').fill('batch=a');
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    await waitFor(async () => new URL(page.url()).searchParams.get('metadata.batch') === 'a');
    await waitFor(async () => (await shownIds(page)).length === 3);
    assert.deepEqual(new Set(await shownIds(page)), new Set(batchA.map((job) => job.id)));
    await screenshot(page, 'jobs-filtered');

    // Back undoes the search: the status filter alone again.
    await page.goBack();
    await waitFor(async () => (await shownIds(page)).length === 5);
    assert.equal(new URL(page.url()).searchParams.get('metadata.batch'), null);
    await page.goForward();
    await waitFor(async () => (await shownIds(page)).length === 3);
  });

  it('exports the filtered jobs as a downloaded file', async () => {
    await page.getByLabel('Export as').selectOption('json');
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Export filtered jobs' }).click(),
    ]);
    assert.match(download.suggestedFilename(), /\.json$/);
    const exported = JSON.parse(readFileSync((await download.path())!, 'utf8')) as Job[];
    assert.deepEqual(new Set(exported.map((job) => job.id)), new Set(batchA.map((job) => job.id)));
  });

  it('deletes the selected jobs after a confirmation, and reports how it went', async () => {
    const [first, second] = batchA;
    await page.getByLabel(`Select ${first!.fileName}`).check();
    await page.getByLabel(`Select ${second!.fileName}`).check();
    await page.getByText('2 selected').waitFor();
    await page.getByRole('button', { name: 'Delete' }).click();
    const dialog = page.getByRole('dialog', { name: 'Delete 2 jobs?' });
    await dialog.waitFor();
    // Escape is a "no": nothing is deleted.
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
    assert.equal((await shownIds(page)).length, 3);
    await page.getByRole('button', { name: 'Delete' }).click();
    await dialog.getByRole('button', { name: 'Delete' }).click();
    await page.getByRole('status').getByText('2 of 2 jobs deleted.').waitFor();
    await waitFor(async () => (await shownIds(page)).length === 1);
    assert.deepEqual(await shownIds(page), [batchA[2]!.id]);
    const left = await acme.listPage({ metadata: { batch: 'a' } });
    assert.deepEqual(
      left.jobs.map((job) => job.id),
      [batchA[2]!.id],
    );
  });

  it('is usable at 390 px wide, with no sideways scroll', async () => {
    const phone = await signedInPage(server, server.dj.key, viewports.phone);
    await phone.locator('tbody tr[data-job-id]').first().waitFor();
    const overflow = (await phone.evaluate(
      'document.documentElement.scrollWidth - window.innerWidth',
    )) as number;
    assert.ok(overflow <= 0, `the page scrolls sideways by ${overflow} px at 390 px`);
    await screenshot(phone, 'jobs-phone');
    await phone.context().close();
  });
});
