/** What the CLI benches (cli-start.ts, cli.ts) share: a command timed from exec to exit, a list to time. */
import { execFile } from 'node:child_process';
import { makeTextPdf } from '../test/fixtures.ts';
import { authHeaders } from './lib.ts';

const root = new URL('..', import.meta.url).pathname;

/** Wall seconds of one run; a non-zero exit is an error (the bench would time a failure). */
export function timeCommand(command: readonly string[], env: Record<string, string>): Promise<number> {
  const [file, ...args] = command;
  const started = performance.now();
  return new Promise((resolve, reject) =>
    execFile(
      file!,
      args,
      { env: { ...process.env, ...env }, cwd: root, maxBuffer: 64 << 20 },
      (error, _out, stderr) =>
        error
          ? reject(new Error(`${command.join(' ')}: ${stderr || error.message}`))
          : resolve((performance.now() - started) / 1000),
    ),
  );
}

/** `count` one-page PDFs submitted (queued: the bench instance runs no worker), for `jobs list` to show. */
export async function submitListJobs(baseUrl: string, count: number): Promise<void> {
  const pdf = new Blob([makeTextPdf(['A job for the list'])], { type: 'application/pdf' });
  for (let i = 0; i < count; i++) {
    const form = new FormData();
    form.set('file', pdf, `job-${i}.pdf`);
    const response = await fetch(`${baseUrl}/v1/jobs`, { method: 'POST', body: form, headers: authHeaders });
    if (response.status !== 202) throw new Error(`submit: ${response.status} ${await response.text()}`);
  }
}
