import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startTestDocjobs, type TestDocjobs } from './harness.ts';
import { binPath } from './processes.ts';

interface Outcome {
  code: number;
  stdout: string;
  stderr: string;
}

/** `docjobs keys list | create | revoke` as a user runs them, against a real server on a port. */
describe('docjobs keys against a server', () => {
  let dj: TestDocjobs;
  let url: string;
  const dir = mkdtempSync(join(tmpdir(), 'docjobs-cli-keys-'));

  before(async () => {
    dj = await startTestDocjobs('pglite', 'cli-keys', {}, { worker: false });
    url = await dj.app.listen({ port: 0, host: '127.0.0.1' });
  });
  after(async () => {
    await dj?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const docjobs = (key: string, ...args: string[]): Promise<Outcome> => {
    const { DOCJOBS_URL, DOCJOBS_API_KEY, ...inherited } = process.env;
    const env = { ...inherited, DOCJOBS_URL: url, DOCJOBS_API_KEY: key, XDG_CONFIG_HOME: dir };
    return new Promise((resolve) =>
      execFile(process.execPath, [binPath, ...args], { env, timeout: 60_000 }, (error, stdout, stderr) =>
        resolve({ code: error ? (error.code as number) : 0, stdout, stderr }),
      ),
    );
  };

  it('creates a named key, lists keys without showing them, revokes one', async () => {
    const created = await docjobs(dj.key, 'keys', 'create', '--name', 'nightly import');
    assert.equal(created.code, 0, created.stderr);
    const newKey = created.stdout.trim();
    assert.match(newKey, /^dj_[A-Za-z0-9_-]{32}$/, 'stdout is the key alone, for a script');
    assert.match(created.stderr, /"nightly import" \(key_[0-9a-z]{26}\); it is not shown again/);

    const listed = await docjobs(newKey, 'keys', 'list');
    assert.equal(listed.code, 0, listed.stderr);
    const [header, ...lines] = listed.stdout.trimEnd().split('\n');
    assert.match(header!, /^ID +KEY +NAME +CREATED +LAST USED +STATE$/);
    assert.equal(lines.length, 2);
    assert.ok(!listed.stdout.includes(newKey) && !listed.stdout.includes(dj.key), 'never a key');
    const mine = lines.find((line) => line.includes('nightly import'))!;
    assert.match(mine, new RegExp(`${newKey.slice(0, 7)}…${newKey.slice(-4)}`));
    assert.match(mine, /in use$/);

    const keys = JSON.parse((await docjobs(newKey, 'keys', 'list', '--json')).stdout) as {
      id: string;
      current: boolean;
    }[];
    const own = keys.find((key) => key.current)!;
    const inUse = await docjobs(newKey, 'keys', 'revoke', own.id);
    assert.equal(inUse.code, 2, 'a 409 is a refused request');
    assert.match(inUse.stderr, /409 KEY_IN_USE/);
    const revoked = await docjobs(newKey, 'keys', 'revoke', own.id, '--self');
    assert.equal(revoked.code, 0, revoked.stderr);
    assert.match(revoked.stdout, new RegExp(`^revoked +${own.id} `));
    const refused = await docjobs(newKey, 'keys', 'list');
    assert.equal(refused.code, 4, 'the revoked key is refused');
    assert.match(refused.stderr, /401 UNAUTHORIZED/);
  });

  it('a bad action is a usage error', async () => {
    for (const args of [['keys'], ['keys', 'rotate'], ['keys', 'revoke'], ['keys', 'list', 'extra']]) {
      const outcome = await docjobs(dj.key, ...args);
      assert.equal(outcome.code, 2, args.join(' '));
      assert.match(outcome.stderr, /usage: docjobs keys list \| create/);
    }
  });
});
