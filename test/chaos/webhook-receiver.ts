/**
 * The chaos run's webhook endpoint on 127.0.0.1: checks every Standard Webhooks signature and
 * records which webhook ids arrived for which job. One delivery in ten is refused (503) on its
 * first arrival, so retries happen even without a crash; a retry must reuse the webhook id.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { sign } from '../../src/core/webhook-signing.ts';

export interface ReceivedWebhooks {
  /** jobId → the distinct webhook ids that arrived for it. */
  idsByJob: Map<string, Set<string>>;
  /** Arrivals, including refused ones and repeats of an id. */
  arrivals: number;
  refused: number;
  badSignatures: number;
}

export interface WebhookReceiver {
  url: string;
  received: ReceivedWebhooks;
  /** The secret to check signatures with, once the organisation's webhook is set. */
  setSecret(secret: string): void;
  close(): Promise<void>;
}

const refusedOnce = (webhookId: string) => createHash('sha256').update(webhookId).digest()[0]! < 26;

function signatureMatches(secret: string, id: string, timestamp: string, body: string, header: string) {
  const expected = Buffer.from(sign(secret, { id, timestamp: Number(timestamp), body }));
  return header.split(' ').some((candidate) => {
    const given = Buffer.from(candidate);
    return given.length === expected.length && timingSafeEqual(given, expected);
  });
}

export async function startWebhookReceiver(): Promise<WebhookReceiver> {
  let secret = '';
  const seen = new Set<string>();
  const received: ReceivedWebhooks = { idsByJob: new Map(), arrivals: 0, refused: 0, badSignatures: 0 };
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      received.arrivals++;
      const body = Buffer.concat(chunks).toString('utf8');
      const id = String(request.headers['webhook-id'] ?? '');
      const timestamp = String(request.headers['webhook-timestamp'] ?? '');
      const signature = String(request.headers['webhook-signature'] ?? '');
      if (!secret || !signatureMatches(secret, id, timestamp, body, signature)) {
        received.badSignatures++;
        response.writeHead(401).end();
        return;
      }
      if (refusedOnce(id) && !seen.has(id)) {
        seen.add(id);
        received.refused++;
        response.writeHead(503).end();
        return;
      }
      seen.add(id);
      const { jobId } = JSON.parse(body) as { jobId: string };
      const ids = received.idsByJob.get(jobId) ?? new Set<string>();
      ids.add(id);
      received.idsByJob.set(jobId, ids);
      response.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}/hooks`,
    received,
    setSecret: (value) => {
      secret = value;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
