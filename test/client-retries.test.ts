import assert from 'node:assert/strict';
import { createServer, type IncomingHttpHeaders, request, type Server } from 'node:http';
import { after, before, describe, it } from 'node:test';
import { Docjobs, DocjobsError } from '../packages/client/src/index.ts';
import { startTestDocjobs, type TestDocjobs } from './harness.ts';

/** What the proxy does with a request: answer a status (with headers), drop the connection, or pass it on. */
type Fault = { status: number; headers?: Record<string, string> } | 'drop' | 'hang' | 'cut-after-first-event';

interface Seen {
  method: string;
  url: string;
  at: number;
  headers: IncomingHttpHeaders;
}

/**
 * A real HTTP server in front of docjobs that plays the faults it is given, one per request, then
 * passes requests through: the client's retries meet real sockets, statuses and headers.
 */
async function startFaultyProxy(target: string) {
  const faults: Fault[] = [];
  const seen: Seen[] = [];
  const server: Server = createServer((req, res) => {
    seen.push({ method: req.method!, url: req.url!, at: performance.now(), headers: req.headers });
    const fault = faults.shift();
    if (fault === 'drop') {
      req.socket.destroy();
      return;
    }
    if (fault === 'hang') return; // no answer, until the proxy closes
    if (fault && fault !== 'cut-after-first-event') {
      req.resume();
      res.writeHead(fault.status, { 'content-type': 'application/json', ...fault.headers });
      res.end(
        JSON.stringify({
          error: { code: 'RATE_LIMITED', message: `played ${fault.status}`, requestId: 'req_proxy' },
        }),
      );
      return;
    }
    const upstream = request(
      `${target}${req.url}`,
      { method: req.method, headers: req.headers },
      (answer) => {
        res.writeHead(answer.statusCode!, answer.headers);
        if (fault !== 'cut-after-first-event') {
          answer.pipe(res);
          return;
        }
        // Pass the first event on, then break the connection as a proxy's idle timeout would.
        answer.on('data', (chunk: Buffer) => {
          const end = chunk.indexOf('\n\n');
          if (end < 0) return res.write(chunk);
          res.write(chunk.subarray(0, end + 2), () => res.destroy());
          answer.destroy();
        });
      },
    );
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    base: `http://127.0.0.1:${port}`,
    faults,
    seen,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

describe('@docjobs/client retries', () => {
  let dj: TestDocjobs;
  let proxy: Awaited<ReturnType<typeof startFaultyProxy>>;
  let client: Docjobs;

  before(async () => {
    dj = await startTestDocjobs('pglite', 'client-retries');
    proxy = await startFaultyProxy(await dj.app.listen({ port: 0, host: '127.0.0.1' }));
    client = new Docjobs({ baseUrl: proxy.base, apiKey: dj.key });
  });
  after(async () => {
    await proxy?.close();
    await dj?.close();
  });
  const fresh = () => {
    proxy.seen.length = 0;
    proxy.faults.length = 0;
  };

  it("waits the 429's Retry-After, retries a 503 and a dropped connection, then answers", async () => {
    fresh();
    proxy.faults.push({ status: 429, headers: { 'retry-after': '1' } }, { status: 503 }, 'drop');
    const stats = await client.stats({ period: '24h' });
    assert.equal(typeof stats.totalJobs, 'number');
    assert.equal(proxy.seen.length, 4);
    assert.ok(proxy.seen[1]!.at - proxy.seen[0]!.at >= 1000, 'the second attempt came after Retry-After');
  });

  it('retries a submit with the same Idempotency-Key: one job', async () => {
    fresh();
    proxy.faults.push({ status: 503 }, 'drop');
    const job = await client.submit({
      file: Buffer.from('retried'),
      fileName: 'retried.txt',
      metadata: { batch: 'retry' },
    });
    assert.equal(proxy.seen.length, 3);
    const keys = new Set(proxy.seen.map((s) => s.headers['idempotency-key']));
    assert.equal(keys.size, 1);
    assert.ok([...keys][0]);
    const page = await client.listPage({ metadata: { batch: 'retry' } });
    assert.deepEqual(
      page.jobs.map((j) => j.id),
      [job.id],
    );
  });

  it('never retries a request that is not idempotent, nor a stream it cannot send twice', async () => {
    const job = await client.submitAndWait({ file: Buffer.from('once'), fileName: 'once.txt' });
    fresh();
    proxy.faults.push({ status: 503 });
    await assert.rejects(client.retry(job), (error) => error instanceof DocjobsError && error.status === 503);
    assert.equal(proxy.seen.length, 1);
    fresh();
    proxy.faults.push({ status: 503 });
    const stream = new Blob(['streamed once']).stream();
    await assert.rejects(
      client.submit({ file: stream, fileName: 'once.txt' }),
      (error) => error instanceof DocjobsError && error.status === 503,
    );
    assert.equal(proxy.seen.length, 1);
  });

  it('gives up at once when Retry-After is far away, and after `retries` attempts', async () => {
    fresh();
    proxy.faults.push({ status: 429, headers: { 'retry-after': '3600' } });
    await assert.rejects(client.stats(), (error) => {
      assert.ok(error instanceof DocjobsError);
      assert.equal(error.status, 429);
      assert.equal(error.retryAfterSeconds, 3600);
      assert.equal(error.requestId, 'req_proxy');
      return true;
    });
    assert.equal(proxy.seen.length, 1);
    fresh();
    const once = new Docjobs({ baseUrl: proxy.base, apiKey: dj.key, retries: 1 });
    proxy.faults.push({ status: 500 }, { status: 500 }, { status: 500 });
    await assert.rejects(once.stats(), (error) => error instanceof DocjobsError && error.status === 500);
    assert.equal(proxy.seen.length, 2);
  });

  it('opens an event stream again when it drops, and goes on to the end', async () => {
    const job = await client.submitAndWait({ file: Buffer.from('streamed'), fileName: 's.txt' });
    fresh();
    proxy.faults.push('cut-after-first-event');
    const names: string[] = [];
    for await (const event of client.events({ jobId: job.id })) names.push(event.event);
    assert.equal(proxy.seen.filter((s) => s.url.endsWith('/events')).length, 2);
    assert.deepEqual(names, ['state', 'state', 'end']);
  });

  it('gives up on an attempt that gets no answer within timeoutMs, and tries again when it may', async () => {
    fresh();
    const impatient = new Docjobs({ baseUrl: proxy.base, apiKey: dj.key, timeoutMs: 300, retries: 0 });
    proxy.faults.push('hang');
    await assert.rejects(
      impatient.stats(),
      (error) => error instanceof DocjobsError && error.code === 'TIMEOUT',
    );
    fresh();
    const patient = new Docjobs({ baseUrl: proxy.base, apiKey: dj.key, timeoutMs: 300, retries: 1 });
    proxy.faults.push('hang');
    assert.equal(typeof (await patient.stats()).totalJobs, 'number');
    assert.equal(proxy.seen.length, 2);
  });
});
