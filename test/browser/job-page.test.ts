import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { Docjobs } from '../../packages/client/src/index.ts';
import { corpus, needsCorpus } from '../../src/pipeline/testing/fixtures.ts';
import { makePdf } from '../fixtures.ts';
import {
  browserSkip,
  type ConsoleServer,
  screenshot,
  signedInPage,
  startConsole,
  viewports,
} from './browser-harness.ts';
import { invoicePdf, openJob } from './job-page-helpers.ts';

// Expressions as strings run in the page, whose DOM types this Node project does not load.
const sidewaysScroll = 'document.documentElement.scrollWidth - window.innerWidth';

const invoiceSchema = {
  type: 'object',
  properties: {
    invoice_number: { type: 'string', description: 'The invoice number' },
    total: { type: 'number', description: 'Total amount due' },
  },
};

/** The image's natural width once it has loaded: 0 means the browser could not decode what it got. */
interface LoadingImage {
  complete: boolean;
  naturalWidth: number;
  addEventListener: (event: 'load' | 'error', listener: () => void) => void;
}
const naturalWidth = (page: Page, selector: string): Promise<number> =>
  page
    .locator(selector)
    .first()
    .evaluate((image: LoadingImage) =>
      image.complete && image.naturalWidth > 0
        ? image.naturalWidth
        : new Promise<number>((done) => {
            image.addEventListener('load', () => done(image.naturalWidth));
            image.addEventListener('error', () => done(0));
          }),
    );

/** Every thumbnail shown and the page image have come and are decoded (they load one by one). */
const imagesSettled = `document.querySelectorAll('.job-thumb img').length === document.querySelectorAll('.job-thumb').length
  && document.querySelector('.job-page-image img') !== null
  && [...document.querySelectorAll('.job-viewer img')].every((image) => image.complete && image.naturalWidth > 0)`;

async function settledScreenshot(page: Page, name: string): Promise<void> {
  // Polled with evaluate: the console's CSP (no 'unsafe-eval') refuses waitForFunction's string.
  for (let tries = 0; tries < 150 && !(await page.evaluate(imagesSettled)); tries++)
    await page.waitForTimeout(200);
  await screenshot(page, name);
}

describe('console: a job page', { skip: browserSkip }, () => {
  let server: ConsoleServer;
  let client: Docjobs;
  // A webhook receiver of our own on 127.0.0.1: it counts what it is sent and answers 204.
  let receiver: Server;
  const received: string[] = [];
  before(async () => {
    receiver = createServer((request, response) => {
      request.resume();
      request.on('end', () => {
        received.push(String(request.headers['webhook-id']));
        response.writeHead(204).end();
      });
    });
    await new Promise<void>((done) => receiver.listen(0, '127.0.0.1', done));
    server = await startConsole('browser-job-page', { WEBHOOK_ALLOW_PRIVATE: 'true' });
    client = new Docjobs({ baseUrl: server.baseUrl, apiKey: server.dj.key });
  });
  after(async () => {
    await server?.close();
    receiver?.close();
  });

  it('shows a PDF beside its text, JSON and trace, and downloads the markdown', async () => {
    const job = await client.submitAndWait({ file: invoicePdf, fileName: 'invoice.pdf' });
    const page = await signedInPage(server, server.dj.key);
    await openJob(page, server, job.id);
    const panel = page.getByRole('tabpanel');
    await panel.getByText('Invoice number: INV-2024-0042').waitFor();
    assert.equal(await page.getByRole('tab', { name: 'Text' }).getAttribute('aria-selected'), 'true');
    await page.locator('.job-page-image img').waitFor();
    await page.locator('.job-thumb img').first().waitFor();
    assert.ok((await naturalWidth(page, '.job-page-image img')) > 0, 'the page image is decoded');
    assert.ok((await naturalWidth(page, '.job-thumb img')) > 0, 'the thumbnail is decoded');
    assert.equal(await page.locator('.job-thumb').count(), 2, 'one thumbnail per page');
    await settledScreenshot(page, 'job-markdown');

    // Keyboard: the arrow key moves to the next tab, and the address follows.
    await page.getByRole('tab', { name: 'Text' }).focus();
    await page.keyboard.press('ArrowRight');
    await page.waitForURL(/\/json$/);
    assert.equal(await page.getByRole('tab', { name: 'JSON' }).getAttribute('aria-selected'), 'true');
    const tree = page.getByRole('list', { name: 'The result as JSON' });
    await tree.waitFor();
    // The top levels are open; a page (level 3) opens with Enter.
    assert.equal(
      await tree.getByRole('button', { name: /pages \[2\]/ }).getAttribute('aria-expanded'),
      'true',
    );
    const firstPage = tree.getByRole('button', { name: /^0 \{\d+\}$/ });
    assert.equal(await firstPage.getAttribute('aria-expanded'), 'false');
    await firstPage.focus();
    await page.keyboard.press('Enter');
    assert.equal(await firstPage.getAttribute('aria-expanded'), 'true');
    await tree.getByText('420', { exact: true }).first().waitFor(); // the page's width, now shown
    await settledScreenshot(page, 'job-json');

    await page.getByRole('tab', { name: 'Trace' }).click();
    await page.waitForURL(/\/trace$/);
    const stages = page.getByRole('list', { name: 'Stages' }).locator(':scope > li');
    await stages.first().waitFor();
    assert.ok((await stages.count()) >= 1);
    assert.match((await stages.first().textContent()) ?? '', /parsing|validating|uploading/);
    await settledScreenshot(page, 'job-trace');

    await page.getByText('Download', { exact: true }).click();
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Markdown' }).click(),
    ]);
    assert.equal(download.suggestedFilename(), 'invoice.md');
    const saved = await download.path();
    assert.match(readFileSync(saved, 'utf8'), /INV-2024-0042/);
    await page.context().close();
  });

  it('draws an extracted field’s evidence box on its page, scaled to the image', async () => {
    const job = await client.submitAndWait({
      file: invoicePdf,
      fileName: 'invoice.pdf',
      type: 'extract',
      schema: invoiceSchema,
    });
    const result = await client.result(job);
    const evidence = result.evidence.invoice_number;
    assert.ok(evidence?.bbox, 'the extraction has a box for invoice_number');
    const page = await signedInPage(server, server.dj.key);
    await openJob(page, server, job.id, 'fields');
    const row = page.getByRole('row', { name: /invoice_number/ });
    await row.waitFor();
    assert.match((await row.textContent()) ?? '', /INV-2024-0042/);
    assert.match((await row.textContent()) ?? '', /\d\.\d\d/, 'the confidence is written');
    await row.getByRole('button', { name: /on page 1/ }).click();
    const box = page.locator('.job-boxes rect.selected');
    await box.waitFor();
    const image = await page.locator('.job-page-image img').boundingBox();
    const drawn = await box.boundingBox();
    assert.ok(image && drawn);
    // The box sits where the bbox says, in the image's scale: x0 / page width of the image's width.
    const [x0, y0] = evidence.bbox as [number, number, number, number];
    assert.ok(Math.abs(drawn.x - image.x - (x0 / 420) * image.width) < 4, 'box left edge in place');
    assert.ok(Math.abs(drawn.y - image.y - (y0 / 595) * image.height) < 4, 'box top edge in place');
    await settledScreenshot(page, 'job-fields');
    await page.context().close();
  });

  it('draws a classification’s scores as bars, the chosen category marked in words', async () => {
    const categories = [
      { name: 'invoice', description: 'A bill asking for payment', keywords: ['invoice', 'total due'] },
      { name: 'letter', description: 'A personal letter', keywords: ['dear', 'sincerely'] },
    ];
    const job = await client.submitAndWait({
      file: invoicePdf,
      fileName: 'which.pdf',
      type: 'classify',
      categories,
    });
    const page = await signedInPage(server, server.dj.key);
    await openJob(page, server, job.id, 'classification');
    await page.getByRole('heading', { name: /^invoice/ }).waitFor();
    const bars = page.locator('.job-bars li');
    assert.equal(await bars.count(), 2);
    assert.match((await bars.first().textContent()) ?? '', /invoice ✓.*Score of invoice: \d\.\d\d/);
    await settledScreenshot(page, 'job-classification');
    await page.context().close();
  });

  it('shows a receipt photo with its OCR text, usable at 390 px', { skip: needsCorpus }, async () => {
    const photo = readFileSync(join(corpus, 'sroie_receipts', 'images', '032.jpg'));
    const job = await client.submitAndWait({ file: photo, fileName: 'receipt.jpg' }, { timeoutMs: 120_000 });
    const page = await signedInPage(server, server.dj.key, viewports.phone);
    await openJob(page, server, job.id);
    await page.locator('.job-markdown').waitFor();
    assert.ok(
      ((await page.locator('.job-markdown').textContent()) ?? '').trim().length > 20,
      'OCR text shown',
    );
    await page.locator('.job-page-image img').waitFor();
    assert.ok((await naturalWidth(page, '.job-page-image img')) > 0, 'the photo is decoded');
    const overflow = (await page.evaluate(sidewaysScroll)) as number;
    assert.ok(overflow <= 0, `the page scrolls sideways by ${overflow} px at 390 px`);
    await settledScreenshot(page, 'job-phone');
    // The receipt's item lines are read as a table: the Tables tab shows it as an HTML table.
    await page.getByRole('tab', { name: 'Tables' }).click();
    await page.locator('.job-table table').first().waitFor();
    assert.ok((await page.locator('.job-table table tr').count()) >= 2, 'a table with rows');
    const overflowTables = (await page.evaluate(sidewaysScroll)) as number;
    assert.ok(overflowTables <= 0, `the tables scroll the page sideways by ${overflowTables} px`);
    await page.context().close();
  });

  it('lists the job’s webhook deliveries and sends one again', async () => {
    const hook = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
    const job = await client.submitAndWait({ file: invoicePdf, fileName: 'hooked.pdf', webhookUrl: hook });
    const delivered = async () => {
      for (let tries = 0; tries < 100; tries++) {
        const [delivery] = (await client.webhooks.deliveriesPage({ jobId: job.id })).deliveries;
        if (delivery?.status === 'delivered') return delivery;
        await new Promise((wait) => setTimeout(wait, 200));
      }
      throw new Error('the webhook was not delivered');
    };
    const delivery = await delivered();
    const page = await signedInPage(server, server.dj.key);
    await openJob(page, server, job.id, 'webhooks');
    const row = page.getByRole('row', { name: /job\.completed/ });
    await row.waitFor();
    assert.match((await row.textContent()) ?? '', /delivered/);
    assert.match((await row.textContent()) ?? '', /204/);
    const before = received.filter((id) => id === delivery.id).length;
    await row.getByRole('button', { name: 'Redeliver' }).click();
    await page.getByText(`Delivery ${delivery.id} queued again.`).waitFor({ state: 'attached' });
    for (
      let tries = 0;
      tries < 100 && received.filter((id) => id === delivery.id).length === before;
      tries++
    ) {
      await new Promise((wait) => setTimeout(wait, 200));
    }
    assert.equal(
      received.filter((id) => id === delivery.id).length,
      before + 1,
      'sent again, same webhook-id',
    );

    // Quality per page, from GET /v1/jobs/{id}/pages.
    await page.getByRole('tab', { name: 'Quality' }).click();
    const qualityRows = page.getByRole('table').getByRole('row');
    await page.getByRole('button', { name: 'Page 2', exact: true }).last().waitFor();
    assert.equal(await qualityRows.count(), 3, 'a header and one row per page');
    await page.locator('.job-page-image img').waitFor();
    await settledScreenshot(page, 'job-quality');
    await page.context().close();
  });

  it('shows a document’s own markup as inert text: no script, handler or javascript: link', async () => {
    const hostile = makePdf([
      {
        lines: [
          [11, 40, 50, '<script>window.hacked = 1</script>'],
          [
            11,
            40,
            80,
            '<img src=x onerror="window.hacked = 2"> and <b onmouseover="window.hacked = 3">bold</b>',
          ],
          [11, 40, 110, '[a link](javascript:window.hacked=4) after it'],
        ],
      },
    ]);
    const job = await client.submitAndWait({ file: hostile, fileName: 'hostile.pdf' });
    const page = await signedInPage(server, server.dj.key);
    await openJob(page, server, job.id);
    await page.getByRole('tabpanel').getByText('after it').waitFor();
    const live = await page
      .locator('.job-markdown')
      .evaluate(
        (root: { querySelectorAll: (selector: string) => { length: number } }) =>
          root.querySelectorAll('script, [onerror], [onmouseover], a[href^="javascript"]').length,
      );
    assert.equal(live, 0);
    assert.equal(await page.evaluate('window.hacked'), undefined);
    await page.context().close();
  });

  it('says that another organisation’s job is not found', async () => {
    const job = await client.submitAndWait({ file: invoicePdf, fileName: 'mine.pdf' });
    const page = await signedInPage(server, server.dj.otherKey);
    await page.goto(`${server.baseUrl}/jobs/${job.id}`);
    await page.getByRole('heading', { name: 'Job not found' }).waitFor();
    assert.match((await page.getByRole('alert').textContent()) ?? '', /another organisation/);
    await page.context().close();
  });
});
