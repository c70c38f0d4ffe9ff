import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { makePdf } from '../../src/pipeline/testing/fixtures.ts';
import { corpus } from '../harness.ts';
import {
  browserSkip,
  type ConsoleServer,
  screenshot,
  signedInPage,
  startConsole,
  viewports,
} from './browser-harness.ts';

/** A receipt of the corpus with a text layer; a generated one when the corpus is absent. */
const receiptPath = join(corpus, 'receipts_pdf_cc0', 'pdf', '01_us_restaurant.pdf');
const receipt = existsSync(receiptPath)
  ? { name: '01_us_restaurant.pdf', bytes: readFileSync(receiptPath) }
  : {
      name: 'generated-receipt.pdf',
      bytes: makePdf([
        {
          lines: [
            [14, 72, 72, 'BeerHaus'],
            [12, 72, 100, 'Total 42.50'],
          ],
        },
      ]),
    };
const letter = {
  name: 'letter.pdf',
  bytes: makePdf([
    {
      lines: [
        [18, 72, 72, 'A letter to upload'],
        [12, 72, 100, 'Dear reader, hello.'],
      ],
    },
  ]),
};

/** Files dropped on the drop zone as a browser would: a drop event carrying a DataTransfer. */
async function dropFiles(page: Page, files: { name: string; bytes: Uint8Array }[]): Promise<void> {
  const encoded = JSON.stringify(
    files.map((f) => ({ name: f.name, b64: Buffer.from(f.bytes).toString('base64') })),
  );
  // An expression as a string: it runs in the page, whose DOM types this Node project does not load.
  const dataTransfer = await page.evaluateHandle(`(() => {
    const transfer = new DataTransfer();
    for (const { name, b64 } of ${encoded}) {
      const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
      transfer.items.add(new File([bytes], name, { type: 'application/pdf' }));
    }
    return transfer;
  })()`);
  await page.dispatchEvent('[data-testid=upload-drop]', 'drop', { dataTransfer });
}

const pageOverflow = (page: Page) =>
  page.evaluate('document.documentElement.scrollWidth - window.innerWidth') as Promise<number>;

describe('console: upload and statistics', { skip: browserSkip }, () => {
  let server: ConsoleServer;
  let page: Page;
  before(async () => {
    server = await startConsole('browser-upload');
    page = await signedInPage(server, server.dj.key);
  });
  after(async () => {
    await page?.context().close();
    await server?.close();
  });

  it('uploads a dropped receipt and a chosen PDF with a progress bar each, and follows both live', async () => {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Upload' }).click();
    await page.getByRole('heading', { name: 'Upload', level: 1 }).waitFor();
    await dropFiles(page, [receipt]);
    await page.getByLabel('Choose files').setInputFiles({
      name: letter.name,
      mimeType: 'application/pdf',
      buffer: Buffer.from(letter.bytes),
    });
    const chosen = page.getByRole('list', { name: 'Chosen files' }).getByRole('listitem');
    assert.equal(await chosen.count(), 2);
    await page.getByRole('button', { name: 'Add metadata' }).click();
    await page.getByLabel('Key 1').fill('batch');
    await page.getByLabel('Value 1').fill('browser-upload');
    await page.getByRole('button', { name: 'Upload 2 files as parse jobs' }).click();

    const items = page.getByTestId('upload-item');
    await items.nth(1).waitFor();
    for (const file of [receipt, letter]) {
      await page.getByRole('progressbar', { name: `Upload of ${file.name}` }).waitFor();
    }
    await screenshot(page, 'upload-progress');
    // Both reach a terminal status on the page itself (events), without a reload.
    await page.getByText('2 of 2 finished.').waitFor({ timeout: 120_000 });
    for (const file of [receipt, letter]) {
      const item = items.filter({ hasText: file.name });
      assert.equal(await item.locator('.status').textContent(), 'completed', `${file.name} completed`);
    }
    assert.equal(await pageOverflow(page), 0);
    await screenshot(page, 'upload-done');

    const jobs = await server.dj.app.inject({ method: 'GET', url: '/v1/jobs', headers: server.dj.auth });
    const listed = jobs.json() as { jobs: { fileName: string; metadata: Record<string, string> }[] };
    assert.deepEqual(listed.jobs.map((j) => j.fileName).sort(), [receipt.name, letter.name].sort());
    assert.ok(
      listed.jobs.every((j) => j.metadata.batch === 'browser-upload'),
      'metadata sent with each file',
    );

    await items
      .filter({ hasText: receipt.name })
      .getByRole('link', { name: /^Open job/ })
      .click();
    await page.getByRole('heading', { name: receipt.name, level: 1 }).waitFor();
  });

  it('shows the bytes of a large file on their way on a slow line, then the failure of a file that is no document', async () => {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Upload' }).click();
    // Chromium's own throttling (DevTools protocol): 2 MB sent at 512 KB/s takes about 4 s.
    const devtools = await page.context().newCDPSession(page);
    await devtools.send('Network.enable');
    await devtools.send('Network.emulateNetworkConditions', {
      offline: false,
      latency: 0,
      downloadThroughput: -1,
      uploadThroughput: 512 * 1024,
    });
    const noise = Buffer.alloc(2 * 1024 * 1024);
    for (let i = 0; i < noise.length; i++) noise[i] = (i * 7919) % 251;
    await page.getByLabel('Choose files').setInputFiles({ name: 'noise.bin', mimeType: '', buffer: noise });
    await page.getByRole('button', { name: 'Upload as a parse job' }).click();
    const bar = page.getByRole('progressbar', { name: 'Upload of noise.bin' });
    // A value strictly between 0 and 100 proves progress events, not only a start and an end.
    const seen: number[] = [];
    for (let tries = 0; tries < 200 && !seen.some((n) => n > 0 && n < 100); tries++) {
      const text = (await bar.getAttribute('aria-valuetext')) ?? '';
      seen.push(Number(/^(\d+) % sent$/.exec(text)?.[1] ?? -1));
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    assert.ok(
      seen.some((n) => n > 0 && n < 100),
      `a percentage between 0 and 100 was shown: ${seen.join(' ')}`,
    );
    await devtools.send('Network.emulateNetworkConditions', {
      offline: false,
      latency: 0,
      downloadThroughput: -1,
      uploadThroughput: -1,
    });
    await devtools.detach();
    const item = page.getByTestId('upload-item').filter({ hasText: 'noise.bin' });
    // Taken (the bytes are checked by the job), then failed with the code that says why.
    await item.getByText(/^UNSUPPORTED_FORMAT: /).waitFor({ timeout: 60_000 });
    assert.equal(await item.locator('.status').textContent(), 'failed');
    await page.getByRole('button', { name: 'Clear finished' }).click();
    assert.equal(await page.getByTestId('upload-item').count(), 0);
  });

  it('refuses a schema that is not JSON before sending, then extracts with the schema typed', async () => {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Upload' }).click();
    await page.getByRole('radio', { name: /^extract/ }).check();
    const editor = page.getByLabel('JSON Schema of the fields to extract');
    await editor.fill('{"type": "object", "properties": {"total": {"type": "number"}');
    await page.getByText(/✗ Not valid JSON/).waitFor();
    await page.getByLabel('Choose files').setInputFiles({
      name: 'to-extract.pdf',
      mimeType: 'application/pdf',
      buffer: Buffer.from(receipt.bytes),
    });
    await page.getByRole('button', { name: 'Upload as an extract job' }).click();
    const alert = page.getByRole('alert');
    await alert.waitFor();
    assert.match((await alert.textContent()) ?? '', /Not sent: Schema: Not valid JSON/);
    assert.equal(await page.getByTestId('upload-item').count(), 0, 'nothing was sent');

    await editor.fill('{"type": "object", "properties": {"total": {"type": "numbr"}}}');
    await page.getByText('✗ /properties/total/type: "numbr" is not a JSON Schema type').waitFor();
    await editor.fill('{"type": "object", "properties": {"total": {"type": "number"}}}');
    await page.getByText('✓ Valid JSON; 1 field at the top level.').waitFor();
    await page.getByRole('button', { name: 'Upload as an extract job' }).click();
    await page.getByText('1 of 1 finished.').waitFor({ timeout: 120_000 });
    const status = await page.getByTestId('upload-item').locator('.status').textContent();
    assert.ok(status === 'completed' || status === 'partial', `the extract job ended ${status}`);
    const jobs = await server.dj.app.inject({
      method: 'GET',
      url: '/v1/jobs?type=extract',
      headers: server.dj.auth,
    });
    assert.equal((jobs.json() as { jobs: unknown[] }).jobs.length, 1);
  });

  it('charts the jobs on the statistics page, with their numbers as tables, for a chosen period', async () => {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Statistics' }).click();
    await page.getByRole('heading', { name: 'Statistics', level: 1 }).waitFor();
    // The receipt, the letter, the noise and the extraction.
    await page.getByText('4 jobs', { exact: true }).waitFor();
    const stats = (
      await server.dj.app.inject({
        method: 'GET',
        url: '/v1/jobs/stats?series=true',
        headers: server.dj.auth,
      })
    ).json() as {
      totalJobs: number;
      byStatus: Record<string, number>;
      qualityHistogram: { count: number }[];
    };
    assert.equal(stats.totalJobs, 4);
    const fact = (name: string) => page.locator('.stats-summary div').filter({ hasText: name }).locator('dd');
    assert.equal(await fact('Jobs created').textContent(), '4');
    assert.equal(await fact('Failed').textContent(), String(stats.byStatus.failed ?? 0));

    const byStatus = page.getByRole('figure', { name: 'Jobs created, by status' });
    await byStatus.getByText('Numbers of').click();
    const table = byStatus.getByRole('table', { name: 'Jobs created, by status' });
    for (const [status, count] of Object.entries(stats.byStatus).filter(([, n]) => n > 0)) {
      const row = table.getByRole('row', { name: new RegExp(`^${status}\\b`) });
      assert.equal(await row.getByRole('cell').textContent(), String(count), `${status} jobs`);
    }
    // The day's bars: one series per type that finished jobs (parse and extract), each job once.
    const usage = (
      await server.dj.app.inject({ method: 'GET', url: '/v1/usage', headers: server.dj.auth })
    ).json() as { totals: { jobs: number } };
    assert.equal(usage.totals.jobs, 4);
    const perDay = page.getByRole('figure', { name: 'Jobs finished per day, by type' });
    assert.equal(
      await perDay.getByRole('img').getAttribute('aria-label'),
      'Jobs finished per day, by type: 4 in all',
    );
    assert.equal(await perDay.locator('rect').count(), 2);
    // Today's bar of jobs created by status: completed and failed, one segment each.
    const byStatusPerDay = page.getByRole('figure', { name: 'Jobs created per day, by status' });
    assert.equal(
      await byStatusPerDay.getByRole('img').getAttribute('aria-label'),
      'Jobs created per day, by status: 4 in all',
    );
    const statuses = Object.entries(stats.byStatus).filter(([, n]) => n > 0);
    assert.equal(await byStatusPerDay.locator('rect').count(), statuses.length);
    // Every job with a quality score in one of the ten bins.
    const quality = page.getByRole('figure', { name: 'Quality scores of the jobs' });
    const scored = stats.qualityHistogram.reduce((sum, bin) => sum + bin.count, 0);
    assert.ok(scored >= 3, `${scored} jobs with a quality score`);
    assert.equal(
      await quality.getByRole('img').getAttribute('aria-label'),
      `Quality scores of the jobs: ${scored} in all`,
    );
    const times = page.getByRole('figure', { name: 'Processing time per day, p50 and p95' });
    await times.getByText('Numbers of').click();
    assert.equal(
      await times
        .getByRole('columnheader')
        .allTextContents()
        .then((h) => h.join(',')),
      'Day (UTC),p95,p50',
    );
    // The first day of the window had no jobs: nothing measured, not 0 ms.
    assert.deepEqual(await times.getByRole('row').nth(1).getByRole('cell').allTextContents(), ['—', '—']);
    for (const title of ['Processing time of completed jobs', 'Pages per day', 'Credits per day']) {
      await page.getByRole('figure', { name: title }).getByRole('img').waitFor();
    }
    await screenshot(page, 'stats-desktop');

    // Yesterday alone (UTC): none of these jobs.
    const yesterday = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
    await page.getByLabel('Jobs created in').selectOption('days');
    await page.getByLabel('First day').fill(yesterday);
    await page.getByLabel('Last day').fill(yesterday);
    await page.getByText('0 jobs', { exact: true }).waitFor();
    assert.equal(await fact('Jobs created').textContent(), '0');

    const phone = await signedInPage(server, server.dj.key, viewports.phone);
    await phone.goto(`${server.baseUrl}/stats`);
    await phone.getByText('4 jobs', { exact: true }).waitFor();
    await phone.getByRole('figure', { name: 'Credits per day' }).getByRole('img').waitFor();
    const overflow = await pageOverflow(phone);
    assert.ok(overflow <= 0, `the statistics page scrolls sideways by ${overflow} px at 390 px`);
    await screenshot(phone, 'stats-phone');
    await phone.context().close();
  });

  it('is usable at 390 px wide', async () => {
    const phone = await signedInPage(server, server.dj.key, viewports.phone);
    await phone.goto(`${server.baseUrl}/upload`);
    await phone.getByRole('radio', { name: /^classify/ }).check();
    await phone.getByLabel('Name of category 1').waitFor();
    const overflow = await pageOverflow(phone);
    assert.ok(overflow <= 0, `the upload page scrolls sideways by ${overflow} px at 390 px`);
    await screenshot(phone, 'upload-phone');
    await phone.context().close();
  });
});
