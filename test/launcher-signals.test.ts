import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { lockHolder } from '../src/store/directory-lock.ts';
import { freePort, olderNode, runDocjobs, stop, waitForOutput, waitForReady } from './processes.ts';

const isAlive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

const node = olderNode();

describe(`the launcher on ${node ?? 'an older Node'}`, {
  skip: node ? false : 'no Node < 22.18 here',
}, () => {
  /** `docjobs serve` through the launcher on a fresh data directory, ready; and the server's pid. */
  async function serveThroughLauncher() {
    const dataDir = mkdtempSync(join(tmpdir(), 'docjobs-launcher-'));
    const port = await freePort();
    const env = { DATA_DIR: dataDir, DATABASE_URL: '', PORT: String(port) };
    const launcher = runDocjobs(['serve'], env, node!);
    await waitForReady(launcher, `http://127.0.0.1:${port}`);
    // The data directory's lock names the process holding it: the Node 24 child, not the launcher.
    const server = lockHolder(dataDir);
    assert.ok(server !== null && server !== launcher.child.pid, `lock holder ${server}`);
    const cleanup = async () => {
      await stop(launcher);
      // A launcher that failed to pass the signal on leaves its server running: not past this test.
      if (isAlive(server)) process.kill(server, 'SIGKILL');
      rmSync(dataDir, { recursive: true, force: true });
    };
    return { dataDir, port, env, launcher, server, cleanup };
  }

  it("exits with the command's exit code", async () => {
    const failing = runDocjobs(['no-such-command'], {}, node!);
    assert.equal(await failing.exited, 2, 'a usage error: exit code 2');
    assert.match(failing.output(), /unknown command "no-such-command"/);
    assert.equal(await runDocjobs(['--help'], {}, node!).exited, 0);
  });

  it('passes SIGTERM on: the server shuts down in order, the launcher exits 0, the directory is free', async () => {
    const { dataDir, port, env, launcher, server, cleanup } = await serveThroughLauncher();
    try {
      launcher.child.kill('SIGTERM'); // the launcher's pid, as a process manager does
      assert.equal(await launcher.exited, 0, launcher.output());
      assert.match(launcher.output(), /docjobs: shutting down[\s\S]*docjobs: stopped/);
      assert.equal(isAlive(server), false, `the server (pid ${server}) is still running`);
      assert.equal(lockHolder(dataDir), null);
      await assert.rejects(fetch(`http://127.0.0.1:${port}/readyz`), 'the port is closed');
      // The next start on the same data directory is not refused; Ctrl-C (SIGINT) stops it in order.
      const next = runDocjobs(['serve'], { ...env, PORT: String(await freePort()) }, node!);
      try {
        await waitForOutput(next, /docjobs listening on/, 120);
        next.child.kill('SIGINT');
        assert.equal(await next.exited, 0, next.output());
        assert.match(next.output(), /docjobs: stopped/);
      } finally {
        await stop(next);
      }
    } finally {
      await cleanup();
    }
  });

  it('shuts down in order when, as systemd does, the launcher and the server get SIGTERM at once', async () => {
    const { launcher, server, cleanup } = await serveThroughLauncher();
    try {
      launcher.child.kill('SIGTERM');
      process.kill(server, 'SIGTERM'); // the same stop heard twice: not "stop now"
      assert.equal(await launcher.exited, 0, launcher.output());
      assert.match(launcher.output(), /docjobs: shutting down[\s\S]*docjobs: stopped/);
    } finally {
      await cleanup();
    }
  });

  it('ends as the server ended: a signal the server does not catch (SIGHUP) ends both, the launcher by that signal', async () => {
    const { launcher, server, cleanup } = await serveThroughLauncher();
    try {
      launcher.child.kill('SIGHUP');
      assert.equal(await launcher.exited, null, launcher.output());
      assert.equal(launcher.child.signalCode, 'SIGHUP');
      assert.equal(isAlive(server), false, `the server (pid ${server}) is still running`);
    } finally {
      await cleanup();
    }
  });

  it('a launcher killed outright (SIGKILL, passing nothing on): its server shuts down in order all the same', async () => {
    const { dataDir, launcher, server, cleanup } = await serveThroughLauncher();
    try {
      launcher.child.kill('SIGKILL');
      await launcher.exited;
      // The server was the launcher's child, not ours: its end shows in the output it still writes
      // to our pipe, then in its pid and lock going away.
      await waitForOutput(launcher, /docjobs: stopped/, 120);
      for (let waited = 0; isAlive(server) && waited < 120_000; waited += 100)
        await new Promise((resolve) => setTimeout(resolve, 100));
      assert.equal(isAlive(server), false, `the server (pid ${server}) is still running`);
      assert.equal(lockHolder(dataDir), null);
    } finally {
      await cleanup();
    }
  });
});
