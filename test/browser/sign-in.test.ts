import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  browserSkip,
  type ConsoleServer,
  screenshot,
  signedInPage,
  startConsole,
  viewports,
} from './browser-harness.ts';

describe('console: sign in by API key', { skip: browserSkip }, () => {
  let server: ConsoleServer;
  before(async () => {
    server = await startConsole('browser-sign-in');
  });
  after(() => server?.close());

  it('refuses a wrong key with a message that says what to check', async () => {
    const page = await server.browser.newPage({ viewport: viewports.desktop });
    await page.goto(`${server.baseUrl}/jobs`);
    await page.getByLabel('API key').fill('dj_not_a_real_key');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('alert').waitFor();
    assert.match((await page.getByRole('alert').textContent()) ?? '', /not valid/);
    await screenshot(page, 'sign-in-refused');
    await page.context().close();
  });

  it('keeps the key in session storage only, never in the address, and signs out', async () => {
    const page = await signedInPage(server, server.dj.key);
    await screenshot(page, 'sign-in-jobs-empty');
    assert.ok(!page.url().includes(server.dj.key), 'the key is not in the URL');
    // Expressions as strings: they run in the page, whose DOM types this Node project does not load.
    const stored = (await page.evaluate(
      '({ session: Object.values({ ...sessionStorage }), local: Object.keys({ ...localStorage }), cookie: document.cookie })',
    )) as { session: string[]; local: string[]; cookie: string };
    assert.deepEqual(stored.session, [server.dj.key]);
    assert.deepEqual(stored.local, []);
    assert.equal(stored.cookie, '');
    // A reload stays signed in (same tab session); signing out forgets the key.
    await page.reload();
    await page.getByRole('heading', { name: 'Jobs', level: 1 }).waitFor();
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByLabel('API key').waitFor();
    assert.equal(await page.evaluate('sessionStorage.length'), 0);
    await page.context().close();
  });

  it('is usable at 390 px wide', async () => {
    const page = await signedInPage(server, server.dj.key, viewports.phone);
    const overflow = (await page.evaluate(
      'document.documentElement.scrollWidth - window.innerWidth',
    )) as number;
    assert.ok(overflow <= 0, `the page scrolls sideways by ${overflow} px at 390 px`);
    await screenshot(page, 'sign-in-phone');
    await page.context().close();
  });
});
