import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Docjobs } from '../../packages/client/src/index.ts';
import {
  browserSkip,
  type ConsoleServer,
  screenshot,
  signedInPage,
  startConsole,
} from './browser-harness.ts';
import { invoicePdf, openJob } from './job-page-helpers.ts';

describe('console: a job page while the job waits and runs', { skip: browserSkip }, () => {
  let server: ConsoleServer;
  let client: Docjobs;
  before(async () => {
    // No worker until the test starts it: submitted jobs stay queued, to cancel and to watch start.
    server = await startConsole('browser-job-live', {}, { deferWorker: true });
    client = new Docjobs({ baseUrl: server.baseUrl, apiKey: server.dj.key });
  });
  after(() => server?.close());

  it('cancels after a confirmation, retries as a new job, and deletes after a confirmation', async () => {
    const job = await client.submit({ file: invoicePdf, fileName: 'to-cancel.pdf' });
    const page = await signedInPage(server, server.dj.key);
    await openJob(page, server, job.id);
    await page.getByRole('button', { name: 'Cancel job' }).click();
    const dialog = page.getByRole('dialog', { name: 'Cancel this job?' });
    await dialog.waitFor();
    // Escape closes the question and nothing happens.
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
    assert.equal((await client.get(job.id)).status, 'queued');
    await page.getByRole('button', { name: 'Cancel job' }).click();
    await dialog.getByRole('button', { name: 'Cancel job' }).click();
    await page.locator('.job-header .status', { hasText: 'cancelled' }).waitFor();
    assert.equal((await client.get(job.id)).status, 'cancelled');

    await page.getByRole('button', { name: 'Retry' }).click();
    await page.waitForURL((url) => !url.pathname.includes(job.id));
    const retriedId = new URL(page.url()).pathname.split('/')[2]!;
    assert.equal((await client.get(retriedId)).reprocessedFrom, job.id);

    await openJob(page, server, job.id);
    await page.getByRole('button', { name: 'Delete' }).click();
    await page
      .getByRole('dialog', { name: 'Delete this job?' })
      .getByRole('button', { name: 'Delete job' })
      .click();
    await page.waitForURL(/\/jobs$/);
    await assert.rejects(client.get(job.id), { status: 404 });
    await page.context().close();
  });

  it('follows a queued job live until its result shows', async () => {
    const job = await client.submit({ file: invoicePdf, fileName: 'live.pdf' });
    const page = await signedInPage(server, server.dj.key);
    await openJob(page, server, job.id);
    await page.getByText(/^Queued/).waitFor();
    await screenshot(page, 'job-queued');
    await server.dj.startWorkerSide();
    // No reload: the event stream moves the page on, then the result loads.
    await page.getByRole('tabpanel').getByText('Invoice number: INV-2024-0042').waitFor({ timeout: 60_000 });
    assert.match((await page.locator('.job-header .status').textContent()) ?? '', /completed/);
    await page.context().close();
  });
});
