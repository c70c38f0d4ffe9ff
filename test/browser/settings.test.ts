import assert from 'node:assert/strict';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { Docjobs, type DocjobsError, verifyWebhook } from '../../packages/client/src/index.ts';
import { parseJson, schemaProblems } from '../../web/src/pages/settings-json.ts';
import {
  browserSkip,
  type ConsoleServer,
  screenshot,
  signedInPage,
  startConsole,
  viewports,
} from './browser-harness.ts';

/** A webhook receiver on 127.0.0.1 that keeps what it was sent and answers 200. */
interface Received {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
}
async function startReceiver(): Promise<{ url: string; received: Received[]; server: Server }> {
  const received: Received[] = [];
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      received.push({
        path: request.url ?? '',
        headers: request.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      });
      response.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('the receiver has no port');
  return { url: `http://127.0.0.1:${address.port}/hooks/docjobs`, received, server };
}

/** Polls until `check` holds; the receiver is told of deliveries by the server's worker. */
async function until(check: () => boolean, what: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

const sideways = (page: Page) =>
  page.evaluate('document.documentElement.scrollWidth - window.innerWidth') as Promise<number>;

describe('the schema editor feedback (no browser needed)', () => {
  it('puts a JSON error at its line and column', () => {
    const broken = parseJson('{\n  "type": "object",\n  "properties": { "a": x }\n}');
    assert.equal(broken.ok, false);
    if (broken.ok) return;
    assert.deepEqual([broken.line, broken.column], [3, 24]);
    assert.match(broken.message, /expected a value/);
    const trailing = parseJson('{\n  "a": 1,\n}');
    assert.ok(!trailing.ok && trailing.line === 3 && /trailing comma/.test(trailing.message));
  });
  it('names the shape faults of a schema by JSON Pointer', () => {
    assert.deepEqual(schemaProblems({ type: 'object', properties: { a: { type: 'string' } } }), []);
    assert.deepEqual(
      schemaProblems({ type: 'array', properties: { a: { type: 'strin' } }, required: ['b'] }).map(
        (p) => p.pointer,
      ),
      ['/type', '/properties/a/type', '/required'],
    );
  });
});

describe('console: settings', { skip: browserSkip }, () => {
  let server: ConsoleServer;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  let client: Docjobs;
  before(async () => {
    // The receiver is on 127.0.0.1, which the address guard refuses unless told otherwise.
    server = await startConsole('browser-settings', { WEBHOOK_ALLOW_PRIVATE: 'true' });
    receiver = await startReceiver();
    client = new Docjobs({ baseUrl: server.baseUrl, apiKey: server.dj.key });
  });
  after(async () => {
    receiver?.server.close();
    await server?.close();
  });

  it('sets a webhook and sends a signed test the receiver gets, showing its status', async () => {
    const page = await signedInPage(server, server.dj.key);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Settings' }).click();
    await page.waitForURL(/\/settings\/webhook$/);
    await page.getByLabel('URL').fill(receiver.url);
    await page.getByRole('button', { name: 'Save webhook' }).click();
    await page.getByText(/^Saved\./).waitFor();
    const settings = await client.webhooks.getSettings();
    assert.equal(settings.url, receiver.url);
    // The secret is never on the page in full; a shortened form tells secrets apart.
    const secretBody = settings.secret.slice('whsec_'.length);
    assert.ok(!(await page.content()).includes(secretBody), 'the full secret is not shown');
    assert.ok((await page.content()).includes(secretBody.slice(0, 4)));

    await page.getByRole('button', { name: 'Send test' }).click();
    const outcome = page.getByRole('definition').filter({ hasText: 'Delivered' });
    await outcome.waitFor({ timeout: 30_000 });
    const facts = await page.locator('.settings-outcome').textContent();
    assert.match(facts ?? '', /Status code\s*200/);
    assert.ok(receiver.received.length >= 1, 'the receiver got a request');
    const last = receiver.received.at(-1)!;
    const headers = Object.fromEntries(
      Object.entries(last.headers).map(([name, value]) => [
        name,
        Array.isArray(value) ? value.join(',') : value,
      ]),
    );
    const payload = await verifyWebhook(headers, last.body, settings.secret);
    assert.equal((payload as { type?: string }).type, 'webhook.test');
    // The delivery log lists it.
    await page.getByRole('button', { name: 'Refresh' }).click();
    await page.getByRole('table', { name: 'Recent deliveries' }).getByText('delivered').first().waitFor();
    await screenshot(page, 'settings-webhook');

    // A job's delivery is redelivered from the log: the receiver gets it again, same webhook-id.
    const job = await client.submitAndWait({
      file: new TextEncoder().encode('hello'),
      fileName: 'hello.txt',
    });
    const ofJob = () => receiver.received.filter((request) => request.body.includes(job.id));
    await until(() => ofJob().length === 1, "the job's delivery");
    await page.getByRole('button', { name: 'Refresh' }).click();
    await page.getByRole('button', { name: /^Redeliver job\.completed/ }).click();
    await page.getByText(/is queued to be sent again/).waitFor();
    await until(() => ofJob().length === 2, 'the redelivery');
    assert.equal(ofJob()[1]!.headers['webhook-id'], ofJob()[0]!.headers['webhook-id']);

    // Rotating the secret makes a new one; the old one no longer verifies.
    await page.getByLabel('Rotate: make a new one').check();
    await page.getByRole('button', { name: 'Save webhook' }).click();
    await page.getByText(/The secret is new/).waitFor();
    assert.notEqual((await client.webhooks.getSettings()).secret, settings.secret);

    // A URL typed but not saved can be tried first; the saved one stays.
    await page.getByLabel('URL').fill(`${receiver.url}/unsaved`);
    await page.getByText('To the URL above, which is not saved yet.').waitFor();
    await page.getByRole('button', { name: 'Send test' }).click();
    await until(
      () => receiver.received.at(-1)?.path === '/hooks/docjobs/unsaved',
      'the test to the unsaved URL',
    );
    assert.equal((await client.webhooks.getSettings()).url, receiver.url);
    await page.context().close();
  });

  it('creates an extractor, edits it into version 2, shows its history and restores version 1', async () => {
    const page = await signedInPage(server, server.dj.key);
    await page.goto(`${server.baseUrl}/settings/extractors`);
    await page.getByRole('button', { name: 'New extractor' }).click();
    await page.getByLabel('Name', { exact: true }).fill('Invoice fields');
    const schema = page.getByLabel('JSON Schema');
    await schema.fill(
      '{\n  "type": "object",\n  "properties": {\n    "total": { "type": "number" },\n  }\n}',
    );
    const feedback = page.getByTestId('schema-feedback');
    assert.match((await feedback.textContent()) ?? '', /line 5, column 3/);
    assert.equal(await schema.getAttribute('aria-invalid'), 'true');
    assert.ok(await page.getByRole('button', { name: 'Create extractor' }).isDisabled());
    await screenshot(page, 'settings-extractor-editor');
    await schema.fill('{"type": "object", "properties": {"total": {"type": "number"}}}');
    assert.match((await feedback.textContent()) ?? '', /Valid JSON; 1 field/);
    await page.getByRole('button', { name: 'Create extractor' }).click();
    await page.getByText('Saved Invoice fields: version 1.').waitFor();

    await page.getByRole('button', { name: 'Edit Invoice fields' }).click();
    await page
      .getByLabel('JSON Schema')
      .fill('{"type": "object", "properties": {"total": {"type": "number"}, "number": {"type": "string"}}}');
    await page.getByRole('button', { name: 'Save new version' }).click();
    await page.getByText('Saved Invoice fields: version 2.').waitFor();

    await page.getByRole('button', { name: 'History of Invoice fields' }).click();
    await page.getByRole('button', { name: 'Version 2' }).waitFor();
    await page.getByRole('button', { name: 'Version 1' }).click();
    const shown = page.getByRole('article', { name: 'Version 1' });
    await shown.waitFor();
    assert.doesNotMatch((await shown.textContent()) ?? '', /"number":/, 'version 1 has no number field');
    await screenshot(page, 'settings-extractors');
    await page.getByRole('button', { name: 'Restore version 1' }).click();
    await page.getByText(/it is now version 3/).waitFor();
    const [saved] = (await client.extractors.listPage()).extractors ?? [];
    assert.ok(saved);
    assert.equal(saved.version, 3);
    assert.deepEqual(Object.keys((saved.schema as { properties: object }).properties), ['total']);

    // Delete, after a confirm (Escape first: it closes the dialog and nothing is deleted).
    await page.getByRole('button', { name: 'Delete Invoice fields' }).click();
    await page.keyboard.press('Escape');
    await page.getByRole('dialog').waitFor({ state: 'detached' });
    await page.getByRole('button', { name: 'Delete Invoice fields' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Delete extractor' }).click();
    await page.getByText('Deleted Invoice fields.').waitFor();
    await assert.rejects(client.extractors.get(saved.id), (error: DocjobsError) => error.status === 404);
    await page.context().close();
  });

  it('creates a classifier with categories, refusing two names alike before saving', async () => {
    const page = await signedInPage(server, server.dj.key);
    await page.goto(`${server.baseUrl}/settings/classifiers`);
    await page.getByRole('button', { name: 'New classifier' }).click();
    await page.getByLabel('Name', { exact: true }).first().fill('Mail room');
    await page.locator('[id^="category-"][id$="-name"]').nth(1).fill('Invoice');
    await page.getByText(/are both "Invoice"/).waitFor();
    await page.locator('[id^="category-"][id$="-name"]').nth(1).fill('contract');
    await page.getByRole('button', { name: 'Create classifier' }).click();
    await page.getByText('Saved Mail room: version 1.').waitFor();
    const [saved] = (await client.classifiers.listPage()).classifiers ?? [];
    assert.deepEqual(
      saved?.categories.map((category) => category.name),
      ['invoice', 'contract'],
    );
    await page.context().close();
  });

  it('creates a case, links to its jobs and deletes it', async () => {
    const page = await signedInPage(server, server.dj.key);
    await page.goto(`${server.baseUrl}/settings/cases`);
    await page.getByLabel('Name').fill('Claim 2026-114');
    await page.getByRole('button', { name: 'Create case' }).click();
    await page.getByText(/Created case Claim 2026-114/).waitFor();
    const [made] = (await client.cases.listPage()).cases ?? [];
    const open = page.getByRole('link', { name: 'Open jobs of Claim 2026-114' });
    assert.equal(await open.getAttribute('href'), `/jobs?caseId=${made!.id}`);
    await page.getByRole('button', { name: 'Delete Claim 2026-114' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Delete case and its jobs' }).click();
    await page.getByText(/Deleted case Claim 2026-114/).waitFor();
    assert.equal((await client.cases.listPage()).total, 0);
    await page.context().close();
  });

  it('creates an API key shown once, which works, then revokes it', async () => {
    const page = await signedInPage(server, server.dj.key);
    await page.goto(`${server.baseUrl}/settings/keys`);
    await page.getByLabel('Name').fill('billing-service');
    await page.getByRole('button', { name: 'Create key' }).click();
    const dialog = page.getByRole('dialog', { name: 'Your new API key' });
    await dialog.waitFor();
    const key = await dialog.getByLabel(/API key/).inputValue();
    assert.match(key, /^dj_/);
    assert.match((await dialog.textContent()) ?? '', /only time it is shown/);
    await screenshot(page, 'settings-keys');
    // The key works for the same organisation.
    const fresh = new Docjobs({ baseUrl: server.baseUrl, apiKey: key });
    assert.ok((await fresh.keys.list()).some((listed) => listed.name === 'billing-service'));
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    assert.ok(!(await page.content()).includes(key), 'the key is not on the page once the dialog is closed');

    const row = page.getByRole('row').filter({ hasText: 'billing-service' });
    await row.getByText('Active').waitFor();
    await row.getByRole('button', { name: /Revoke/ }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Revoke key' }).click();
    await page.getByText('Revoked billing-service.').waitFor();
    await row.getByText(/^Revoked /).waitFor();
    await assert.rejects(fresh.keys.list(), (error: DocjobsError) => error.status === 401);
    await page.context().close();
  });

  it('works from the keyboard: section nav by Tab and Enter, dialogs start on Cancel', async () => {
    const page = await signedInPage(server, server.dj.key);
    await page.goto(`${server.baseUrl}/settings/webhook`);
    await page.getByLabel('URL').waitFor();
    const focused = () => page.evaluate('document.activeElement?.textContent ?? ""') as Promise<string>;
    let presses = 0;
    while ((await focused()) !== 'Cases' && presses++ < 30) await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/settings\/cases$/);
    assert.equal(await focused(), 'Settings', 'focus moves to the page heading');
    await page.getByLabel('Name').focus();
    await page.keyboard.type('Keyboard case');
    await page.keyboard.press('Enter');
    await page.getByText(/Created case Keyboard case/).waitFor();
    await page.getByRole('button', { name: 'Delete Keyboard case' }).focus();
    await page.keyboard.press('Enter');
    await page.getByRole('dialog').waitFor();
    assert.equal(await focused(), 'Cancel');
    await page.keyboard.press('Enter');
    await page.getByRole('dialog').waitFor({ state: 'detached' });
    assert.equal((await client.cases.listPage()).total, 1, 'Cancel deleted nothing');
    await page.context().close();
  });

  it('is usable at 390 px wide, every section', async () => {
    const page = await signedInPage(server, server.dj.key, viewports.phone);
    for (const section of ['webhook', 'keys', 'extractors', 'classifiers', 'cases']) {
      await page.goto(`${server.baseUrl}/settings/${section}`);
      await page.getByRole('heading', { level: 2 }).first().waitFor();
      const overflow = await sideways(page);
      assert.ok(overflow <= 0, `/settings/${section} scrolls sideways by ${overflow} px at 390 px`);
    }
    await page.goto(`${server.baseUrl}/settings/webhook`);
    await page.getByLabel('URL').waitFor();
    await screenshot(page, 'settings-phone');
    await page.context().close();
  });
});
