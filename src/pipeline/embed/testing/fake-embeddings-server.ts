/**
 * A real HTTP server on 127.0.0.1 speaking OpenAI's `/v1/embeddings` protocol, for tests and the
 * retrieval bench: it stands for the remote embedding model (the only kind of fake we allow), so the
 * client runs exactly as in production — fetch, headers, status codes, Retry-After, JSON bodies.
 *
 * Its vectors are meaningful enough to search with: feature hashing (Weinberger et al. 2009) of the
 * text's lower-cased words (weight 1) and their character trigrams (weight 0.5, so "tables" and
 * "table" share most of their mass), FNV-1a into `dims` buckets with a sign bit, L2-normalised. Texts
 * sharing words are close by cosine; it knows no synonyms, which a real model would.
 *
 *   const server = await startFakeEmbeddingsServer({ dims: 64 });
 *   server.fail({ status: 429, retryAfter: '1' }, { status: 500 });  // the next answers, in order
 *   settings = { ...settings, baseUrl: server.baseUrl };                // http://127.0.0.1:PORT/v1
 *   server.requests[0].input;  await server.close();
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface EmbeddingsRequestRecord {
  path: string;
  authorization: string | undefined;
  model: string | undefined;
  input: string[];
  receivedAt: number;
}

export interface Fault {
  status: number;
  /** Sent as the Retry-After header (seconds). */
  retryAfter?: string;
}

export interface FakeEmbeddingsServer {
  /** Up to and including /v1, as EmbeddingsSettings.baseUrl wants it. */
  baseUrl: string;
  dims: number;
  requests: EmbeddingsRequestRecord[];
  /** The next requests answer these faults, in order, before answering normally again. */
  fail(...faults: Fault[]): void;
  close(): Promise<void>;
}

export async function startFakeEmbeddingsServer(
  options: { dims?: number } = {},
): Promise<FakeEmbeddingsServer> {
  const dims = options.dims ?? 256;
  const requests: EmbeddingsRequestRecord[] = [];
  const faults: Fault[] = [];
  const server = createServer(async (incoming, outgoing) => {
    const parts: Buffer[] = [];
    for await (const part of incoming) parts.push(part as Buffer);
    let body: { model?: string; input?: string | string[] } = {};
    try {
      body = JSON.parse(Buffer.concat(parts).toString('utf8'));
    } catch {}
    const input = typeof body.input === 'string' ? [body.input] : Array.isArray(body.input) ? body.input : [];
    requests.push({
      path: incoming.url ?? '',
      authorization: incoming.headers.authorization,
      model: body.model,
      input,
      receivedAt: Date.now(),
    });
    const answer = (status: number, payload: unknown, headers: Record<string, string> = {}) => {
      outgoing.writeHead(status, { 'content-type': 'application/json', ...headers });
      outgoing.end(JSON.stringify(payload));
    };
    if (incoming.method !== 'POST' || incoming.url !== '/v1/embeddings') {
      return answer(404, { error: { message: `no route ${incoming.method} ${incoming.url}` } });
    }
    const fault = faults.shift();
    if (fault) {
      return answer(
        fault.status,
        { error: { message: `injected ${fault.status}` } },
        fault.retryAfter ? { 'retry-after': fault.retryAfter } : {},
      );
    }
    if (input.length === 0) return answer(400, { error: { message: "'input' must be a non-empty list" } });
    answer(200, {
      object: 'list',
      model: body.model ?? 'fake-hashing',
      data: input.map((text, index) => ({
        object: 'embedding',
        index,
        embedding: hashedEmbedding(text, dims),
      })),
      usage: { prompt_tokens: input.join(' ').split(/\s+/).length, total_tokens: 0 },
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}/v1`,
    dims,
    requests,
    fail: (...more) => faults.push(...more),
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

/** Feature-hashed words and character trigrams, unit length (see the header). */
export function hashedEmbedding(text: string, dims: number): number[] {
  const vector = new Array<number>(dims).fill(0);
  const add = (feature: string, weight: number) => {
    const hash = fnv1a(feature);
    vector[hash % dims]! += hash & 0x80000000 ? -weight : weight;
  };
  for (const word of text.toLowerCase().match(/\p{L}[\p{L}\p{N}]*|\p{N}+/gu) ?? []) {
    add(`w:${word}`, 1);
    const padded = `^${word}$`;
    for (let i = 0; i + 3 <= padded.length; i++) add(`g:${padded.slice(i, i + 3)}`, 0.5);
  }
  const norm = Math.sqrt(vector.reduce((sum, x) => sum + x * x, 0));
  return norm === 0 ? vector : vector.map((x) => x / norm);
}

function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash >>> 0;
}
