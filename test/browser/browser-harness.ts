import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';
import type { StartOptions } from '../../src/app.ts';
import { consoleDist } from '../../src/http/console-files.ts';
import { startTestDocjobs, type TestDocjobs } from '../harness.ts';

/**
 * The console's end-to-end tests: Debian's chromium (`apt-get install -y chromium`; .ci/run installs
 * it) driven by playwright-core, against a real docjobs server on PGlite listening on 127.0.0.1.
 * A test tool cannot download its own browser here, so without /usr/bin/chromium they skip.
 */
export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export const browserSkip: string | false = !existsSync(chromiumPath)
  ? `no browser at ${chromiumPath}: apt-get install -y chromium (or set CHROMIUM_PATH)`
  : !existsSync(join(consoleDist, 'index.html'))
    ? 'the console is not built: npm run build:web (npm install does it)'
    : false;

/** Screenshots of every page are test artefacts: look at them (CI keeps the folder). */
export const screenshotDir = new URL('../../test-artifacts/screenshots/', import.meta.url).pathname;

export const viewports = {
  desktop: { width: 1280, height: 800 },
  phone: { width: 390, height: 844 },
} as const;

export interface ConsoleServer {
  dj: TestDocjobs;
  baseUrl: string;
  browser: Browser;
  close: () => Promise<void>;
}

/**
 * `env` adds server settings, e.g. WEBHOOK_ALLOW_PRIVATE=true for a receiver on 127.0.0.1;
 * `options.deferWorker`: jobs stay queued until `dj.startWorkerSide()` (a job to cancel, to watch start).
 */
export async function startConsole(
  suite: string,
  env: Record<string, string> = {},
  options: StartOptions = {},
): Promise<ConsoleServer> {
  const dj = await startTestDocjobs('pglite', suite, env, options);
  await dj.app.listen({ host: '127.0.0.1', port: 0 });
  const address = dj.app.server.address();
  if (!address || typeof address === 'string') throw new Error('the server has no TCP address');
  const browser = await chromium.launch({
    executablePath: chromiumPath,
    // CI runs as root, where chromium refuses its sandbox; the pages are our own, on 127.0.0.1.
    args: ['--no-sandbox', '--disable-dev-shm-usage', '--disable-gpu'],
  });
  return {
    dj,
    baseUrl: `http://127.0.0.1:${address.port}`,
    browser,
    async close() {
      await browser.close();
      await dj.close();
    },
  };
}

/** A new page (its own session storage) signed in with `apiKey`, on the jobs page. */
export async function signedInPage(
  server: ConsoleServer,
  apiKey: string,
  viewport: { width: number; height: number } = viewports.desktop,
): Promise<Page> {
  const context = await server.browser.newContext({ viewport });
  const page = await context.newPage();
  await page.goto(`${server.baseUrl}/`);
  await page.getByLabel('API key').fill(apiKey);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { name: 'Jobs', level: 1 }).waitFor();
  return page;
}

export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(screenshotDir, { recursive: true });
  const path = join(screenshotDir, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}
