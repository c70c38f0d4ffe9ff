/**
 * The hostile input suite (test/hostile/generate-hostile-inputs.ts) against a real `docjobs serve`:
 * every case gets its 4xx with an error code, or a job that ends `failed` with its code (or, for
 * inputs that are only disguised, `completed` as what the bytes are); /healthz keeps answering;
 * the process's RSS stays bounded; good documents sent in between complete with their own text.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { backends } from './harness.ts';
import { multipartSubmit } from './hostile/builders.ts';
import {
  controlDocument,
  type HostileCase,
  type HostileRequest,
  hostileCases,
  hostileServerEnv,
} from './hostile/generate-hostile-inputs.ts';
import { type Answer, send as sendAs } from './hostile/send.ts';
import { freePort, processSandbox, type RunningProcess, runDocjobs, waitForOutput } from './processes.ts';

const key = 'hostile-suite-key-0123456789abcdef';
const auth = { authorization: `Bearer ${key}` };
const terminal = new Set(['completed', 'partial', 'failed', 'timeout', 'cancelled']);
/** Cases sent at once; a good document goes in with each group. */
const groupSize = 4;
const send = (base: string, request: HostileRequest) => sendAs(base, request, auth);
const rssLimitMb = 1536;
/** Growth over the warmed-up server: a parse thread that read a large DOCX keeps ~300 MB of heap. */
const rssGrowthLimitMb = 700;

async function getJson(base: string, path: string, seconds = 10): Promise<Record<string, unknown>> {
  const response = await fetch(`${base}${path}`, {
    headers: auth,
    signal: AbortSignal.timeout(seconds * 1000),
  });
  return (await response.json()) as Record<string, unknown>;
}

/** Memory of the server process (all its threads), in MB, from /proc: now and the peak so far. */
function memoryOf(pid: number): { rssMb: number; peakMb: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (field: string) => Number(new RegExp(`${field}:\\s+(\\d+)`).exec(status)?.[1] ?? Number.NaN);
  return { rssMb: Math.round(kb('VmRSS') / 1024), peakMb: Math.round(kb('VmHWM') / 1024) };
}

/** Restarts the peak (VmHWM) from the current RSS: the startup peak is not the suite's. */
function resetPeak(pid: number): boolean {
  try {
    writeFileSync(`/proc/${pid}/clear_refs`, '5');
    return true;
  } catch {
    return false;
  }
}

/**
 * How long /healthz may take before the server counts as blocked. Generous, because CI's 2 cores are
 * shared and timed assertions flake there; what it must catch blocked for 34–47 s (DOCX XML and
 * zip bombs parsed on the main thread) or for ever (a catastrophic regex).
 */
const healthzPatienceMs = 15_000;

/** /healthz every 250 ms while the suite runs: the longest wait for it, and any answer missed. */
function watchHealth(base: string) {
  let slowestMs = 0;
  const missed: string[] = [];
  let running = true;
  const loop = (async () => {
    while (running) {
      const started = performance.now();
      try {
        const response = await fetch(`${base}/healthz`, { signal: AbortSignal.timeout(healthzPatienceMs) });
        if (response.status !== 200) missed.push(`status ${response.status}`);
      } catch (error) {
        missed.push((error as Error).message);
      }
      slowestMs = Math.max(slowestMs, performance.now() - started);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  })();
  return {
    async stop() {
      running = false;
      await loop;
      return { slowestMs: Math.round(slowestMs), missed };
    },
  };
}

async function waitForJob(base: string, id: string): Promise<Record<string, unknown>> {
  const deadline = Date.now() + 150_000;
  for (;;) {
    const job = await getJson(base, `/v1/jobs/${id}?wait=20`, 30);
    // A hostile input is the input's fault: retrying it is a bug, and the backoff would hide it.
    if (terminal.has(job.status as string) || job.status === 'retrying' || Date.now() > deadline) return job;
  }
}

/** What went wrong with one case, or null. */
async function judge(base: string, c: HostileCase, answer: Answer): Promise<string | null> {
  const { expect } = c;
  let body: Record<string, unknown> = {};
  try {
    body = JSON.parse(answer.body);
  } catch {
    return `answered ${answer.status} with a body that is not JSON: ${answer.body.slice(0, 200)}`;
  }
  if (expect.kind === 'refused') {
    const error = body.error as { code?: string; message?: string; requestId?: string } | undefined;
    if (answer.status !== expect.status || error?.code !== expect.code)
      return `expected ${expect.status} ${expect.code}, got ${answer.status} ${answer.body.slice(0, 300)}`;
    if (!error.message || !error.requestId?.startsWith('req_'))
      return `an error without message or requestId: ${answer.body}`;
    return null;
  }
  if (answer.status !== 202)
    return `expected 202 and a job, got ${answer.status} ${answer.body.slice(0, 300)}`;
  const job = await waitForJob(base, body.id as string);
  const error = job.error as { code?: string; message?: string } | null;
  const seen = `${job.status}${error ? ` ${error.code}: ${error.message}` : ''}`;
  if (expect.kind === 'failed')
    return job.status === 'failed' && error?.code === expect.code
      ? null
      : `expected failed ${expect.code}, got ${seen}`;
  if (job.status !== 'completed') return `expected completed (${expect.fileType}), got ${seen}`;
  if (expect.fileName !== undefined && job.fileName !== expect.fileName)
    return `kept the file name ${JSON.stringify(job.fileName)}, expected ${JSON.stringify(expect.fileName)}`;
  const result = await getJson(base, `/v1/jobs/${job.id}/result`);
  const fileType = (result.metadata as { fileType?: string }).fileType;
  if (fileType !== expect.fileType) return `read as ${fileType}, expected ${expect.fileType}`;
  const text = String(result.text);
  for (const wanted of expect.contains ?? [])
    if (!text.includes(wanted)) return `text lacks "${wanted}": ${text.slice(0, 200)}`;
  for (const unwanted of expect.lacks ?? [])
    if (text.includes(unwanted)) return `text has "${unwanted}": ${text.slice(0, 200)}`;
  // Whatever the name, the download's header stays one safe token (no path, quote or line break).
  const download = await fetch(`${base}/v1/jobs/${job.id}/document`, { headers: auth });
  await download.arrayBuffer();
  const disposition = download.headers.get('content-disposition') ?? '';
  if (!/^attachment; filename="[\w.\- ]+"$/.test(disposition))
    return `unsafe download header: ${disposition}`;
  return null;
}

for (const backend of backends) {
  describe(`hostile inputs against docjobs serve on ${backend}`, () => {
    const sandbox = processSandbox(backend, 'hostile');
    let server: RunningProcess | null = null;
    after(async () => sandbox.cleanup(server));

    it('answers each with its code, stays up and bounded, and leaves good jobs alone', {
      timeout: 600_000,
    }, async (t) => {
      const started = performance.now();
      const cases = await hostileCases();
      const port = await freePort();
      const base = `http://127.0.0.1:${port}`;
      server = runDocjobs(['serve'], {
        ...sandbox.env,
        ...hostileServerEnv,
        PORT: String(port),
        DOCJOBS_BOOTSTRAP_API_KEY: key,
        OCR_WORKERS: '1', // one tesseract engine (~150 MB) is enough for the one image to read
      });
      await waitForOutput(server, /docjobs listening on/);
      const pid = server.child.pid!;

      // Warm up first (pdfjs, mammoth and tesseract threads), so that growth measures the suite.
      const controls: { id: string; marker: string }[] = [];
      const sendControl = async (index: number) => {
        const { fileName, bytes, marker } = controlDocument(index);
        const answer = await send(base, multipartSubmit({ fileName, bytes }));
        assert.equal(answer.status, 202, `control ${fileName}: ${answer.body}`);
        controls.push({ id: JSON.parse(answer.body).id, marker });
      };
      for (let i = 0; i < 3; i++) await sendControl(i);
      const warmOcr = cases.find((c) => c.name === 'type-png-named-pdf')!;
      await Promise.all([...controls.map((c) => waitForJob(base, c.id)), send(base, warmOcr.request)]);
      await new Promise((resolve) => setTimeout(resolve, 3000)); // the OCR warm-up job ends
      const baseline = memoryOf(pid);
      const peakReset = resetPeak(pid);

      const health = watchHealth(base);
      const faults: string[] = [];
      const timings: string[] = [];
      for (let at = 0; at < cases.length; at += groupSize) {
        const group = cases.slice(at, at + groupSize);
        const control = sendControl(controls.length);
        await Promise.all(
          group.map(async (c) => {
            const caseStarted = performance.now();
            let fault: string | null;
            try {
              fault = await judge(base, c, await send(base, c.request));
            } catch (error) {
              fault = `request failed: ${(error as Error).message}`;
            }
            timings.push(`${c.name} ${Math.round(performance.now() - caseStarted)} ms${fault ? ' ✗' : ''}`);
            if (fault) faults.push(`${c.name} (${c.why}): ${fault}`);
          }),
        );
        await control;
        const alive = await fetch(`${base}/healthz`, {
          signal: AbortSignal.timeout(healthzPatienceMs),
        }).catch((e: Error) => e);
        assert.ok(
          !(alive instanceof Error) && alive.status === 200,
          `/healthz after ${group.map((c) => c.name)}: ${alive}`,
        );
      }

      // Every good document, sent between the hostile ones, completed with its own text.
      for (const control of controls) {
        const job = await waitForJob(base, control.id);
        assert.equal(job.status, 'completed', `control ${control.id}: ${JSON.stringify(job.error)}`);
        const text = await (
          await fetch(`${base}/v1/jobs/${control.id}/result?format=text`, { headers: auth })
        ).text();
        assert.ok(text.includes(control.marker), `control ${control.id} reads "${text.slice(0, 100)}"`);
      }
      const { slowestMs, missed } = await health.stop();
      const end = memoryOf(pid);
      t.diagnostic(
        `${cases.length} cases, ${controls.length} good documents, ${Math.round((performance.now() - started) / 1000)} s`,
      );
      t.diagnostic(
        `RSS MB: warmed-up ${baseline.rssMb} (startup peak ${baseline.peakMb}), end ${end.rssMb}, peak during the suite ${peakReset ? end.peakMb : 'n/a'}`,
      );
      t.diagnostic(`slowest /healthz ${slowestMs} ms; cases: ${timings.join(', ')}`);

      assert.deepEqual(faults, [], `\n${faults.join('\n')}`);
      assert.deepEqual(missed, [], `/healthz did not answer within ${healthzPatienceMs / 1000} s`);
      assert.equal(server.child.exitCode, null, 'the server exited');
      const peak = peakReset ? end.peakMb : end.rssMb;
      assert.ok(peak < rssLimitMb, `RSS peaked at ${peak} MB`);
      assert.ok(
        end.rssMb - baseline.rssMb < rssGrowthLimitMb,
        `RSS grew from ${baseline.rssMb} to ${end.rssMb} MB`,
      );

      // Refused requests left nothing behind: one job row, and one blob directory, per accepted one.
      const accepted = (await getJson(base, '/v1/jobs?limit=1')).total as number;
      const expectedJobs = controls.length + 1 + cases.filter((c) => c.expect.kind !== 'refused').length;
      assert.equal(accepted, expectedJobs, 'jobs in the database');
      assert.equal(
        readdirSync(join(sandbox.dataDir, 'blobs', 'jobs')).length,
        expectedJobs,
        'job directories in the blob store',
      );
    });
  });
}
