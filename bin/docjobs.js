#!/usr/bin/env node
// The `docjobs` command. The project runs on Node 24 (TypeScript by type stripping), which it
// brings through the npm `node` package; if an older Node started this file, hand over to it.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import module from 'node:module';
import { constants } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 22 || (major === 22 && minor < 18)) {
  const root = join(dirname(fileURLToPath(import.meta.url)), '..');
  const bundled = join(root, 'node_modules', 'node', 'bin', 'node');
  if (!existsSync(bundled)) {
    console.error(
      `docjobs needs Node >= 22.18 (this is ${process.version}); run "npm install" in ${root} first`,
    );
    process.exit(1);
  }
  handOver(bundled, [fileURLToPath(import.meta.url), ...process.argv.slice(2)]);
} else {
  // Type stripping costs ~0.2 s on every start (it loads its compiler first); the compile cache
  // (os.tmpdir()/node-compile-cache, keyed by file content) keeps the stripped code: `docjobs
  // --help` 0.30 → 0.12 s. A cache that cannot be written is skipped, never an error.
  module.enableCompileCache?.();
  if (process.env.DOCJOBS_LAUNCHER && process.channel) followLauncher();
  await import('../src/cli/main.ts');
}

/**
 * Run the command on `node` and be its stand-in: a process manager (systemd, npm start, a shell's
 * `kill`) signals this pid, so SIGTERM, SIGINT and SIGHUP go on to the child, and this process
 * ends the way the child ended (its exit code, or the same signal).
 *
 * The child gets a session of its own (`detached`): a Ctrl-C in the terminal then reaches it once,
 * through us, instead of twice (the terminal signals its whole foreground group), which
 * `docjobs serve` would read as "stop now" rather than "shut down in order".
 */
function handOver(node, args) {
  const forwarded = ['SIGTERM', 'SIGINT', 'SIGHUP'];
  const child = spawn(node, args, {
    stdio: ['inherit', 'inherit', 'inherit', 'ipc'],
    detached: process.platform !== 'win32',
    env: { ...process.env, DOCJOBS_LAUNCHER: String(process.pid) },
  });
  const lastSent = new Map();
  for (const signal of forwarded) {
    process.on(signal, () => {
      // The same signal twice within 300 ms is one event by two routes (`npm start` passes on
      // the Ctrl-C the terminal also sent us), not an operator asking twice.
      const now = Date.now();
      if (now - (lastSent.get(signal) ?? 0) < 300) return;
      lastSent.set(signal, now);
      child.kill(signal);
    });
  }
  child.once('error', (error) => {
    console.error(`docjobs: could not start ${node}: ${error.message}`);
    process.exit(1);
  });
  child.once('exit', (code, signal) => {
    if (signal === null) process.exit(code ?? 1);
    // Die of the same signal, so that our parent sees what the child saw; without our handler
    // the default action (termination) applies.
    for (const name of forwarded) process.removeAllListeners(name);
    process.kill(process.pid, signal);
    // A signal whose default is not to terminate: the shell's convention for "killed by".
    setTimeout(() => process.exit(128 + (constants.signals[signal] ?? 0)), 100);
  });
}

/**
 * In the child: the IPC channel to the launcher above says nothing, it only closes when the
 * launcher dies. A launcher killed outright (SIGKILL, the OOM killer) passes no signal on; its
 * child then shuts down as at SIGTERM instead of running on, unseen, holding the data directory.
 */
function followLauncher() {
  delete process.env.DOCJOBS_LAUNCHER; // not for processes this one starts
  process.channel.unref(); // the channel must not keep a finished command alive
  process.once('disconnect', () => process.kill(process.pid, 'SIGTERM'));
}
