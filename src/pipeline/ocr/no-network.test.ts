import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);
const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

describe('OCR without a network', { timeout: 120_000 }, () => {
  it('reads eng+deu and PaddleOCR English where every network use throws, engine threads included', async () => {
    const { stdout, stderr } = await run(
      process.execPath,
      ['--import', here('./testing/refuse-network.ts'), here('./testing/read-offline.ts')],
      { timeout: 90_000 },
    );
    const report = JSON.parse(stdout.trim().split('\n').at(-1)!);
    // The guard works: deliberate attempts fail with its message (a test that cannot fail proves nothing).
    for (const [what, outcome] of Object.entries(report.attempts)) {
      assert.match(String(outcome), /refused by refuse-network/, what);
    }
    assert.equal(report.text, 'Offline: die Straße');
    assert.equal(report.paddle, 'Offline and local');
    // Armed in tesseract's worker thread too, which inherits --import with the execArgv.
    assert.match(stderr, /armed in thread [1-9]\d* \(.*tesseract\.js\/src\/worker-script\/node\/index\.js\)/);
    assert.match(stderr, /armed in thread [1-9]\d* \(.*paddle-worker\.ts\)/);
  });
});
