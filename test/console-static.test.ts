import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { consoleDist } from '../src/http/console-files.ts';
import { startTestDocjobs, type TestDocjobs } from './harness.ts';

const built = existsSync(join(consoleDist, 'index.html'));

describe('the console is served by the API server', {
  skip: built ? false : 'npm run build:web first',
}, () => {
  let dj: TestDocjobs;
  before(async () => {
    dj = await startTestDocjobs('pglite', 'console-static');
  });
  after(() => dj?.close());

  it('answers its pages with index.html, under a policy that runs only its own scripts', async () => {
    for (const url of ['/', '/jobs', '/jobs/job_123/result', '/upload', '/stats', '/settings/keys']) {
      const page = await dj.app.inject({ url });
      assert.equal(page.statusCode, 200, url);
      assert.match(page.headers['content-type'] as string, /^text\/html/, url);
      assert.match(page.body, /<div id="root">/, url);
      assert.equal(page.headers['cache-control'], 'no-cache', url);
      const policy = page.headers['content-security-policy'] as string;
      assert.match(policy, /script-src 'self'(;|$)/, url);
      assert.doesNotMatch(policy, /unsafe-inline|unsafe-eval/, url);
    }
  });

  it('sends its hashed assets gzipped and cached for a year, and nothing else', async () => {
    const index = await dj.app.inject({ url: '/' });
    const script = index.body.match(/src="(\/assets\/[^"]+\.js)"/)?.[1];
    assert.ok(script, 'index.html names its script');
    const asset = await dj.app.inject({ url: script, headers: { 'accept-encoding': 'gzip, br' } });
    assert.equal(asset.statusCode, 200);
    assert.equal(asset.headers['content-encoding'], 'gzip');
    assert.match(asset.headers['cache-control'] as string, /immutable/);
    assert.match(asset.headers['content-type'] as string, /^text\/javascript/);
    const plain = await dj.app.inject({ url: script });
    assert.equal(plain.headers['content-encoding'], undefined);
    for (const url of [
      '/assets/../../package.json',
      '/assets/%2e%2e/%2e%2e/package.json',
      '/assets/nope.js',
    ]) {
      assert.equal((await dj.app.inject({ url })).statusCode, 404, url);
    }
  });

  it('leaves the API as it was: JSON 404 elsewhere, 401 without a key under /v1', async () => {
    const other = await dj.app.inject({ url: '/nope' });
    assert.equal(other.statusCode, 404);
    assert.match(other.headers['content-type'] as string, /json/);
    assert.equal((await dj.app.inject({ url: '/v1/jobs' })).statusCode, 401);
    assert.equal((await dj.app.inject({ url: '/docs' })).statusCode, 200);
  });
});
