/**
 * POST /embeddings on an OpenAI-compatible endpoint (OpenAI, Ollama, vLLM, llama.cpp's server):
 * texts in batches, each retried on 429, 5xx, timeouts and lost connections (Retry-After first,
 * else exponential backoff, as the LLM client does), vectors returned at unit length so a cosine
 * is a dot product in the database.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { EmbeddingsSettings } from '../../core/config.ts';
import { permanent, transient } from '../../core/errors.ts';
import { describeNetworkError, parseBody, redact, serverMessage } from '../llm/endpoint-replies.ts';
import { backoffMs, retryAfterMs } from '../llm/retry-delay.ts';
import { cancelledError } from '../thread-pool.ts';

export interface Embedded {
  /** One per input text, in order, unit length. */
  vectors: number[][];
  /** Their length (every vector of one call has the same). */
  dims: number;
  /** As the endpoint names it in its answers (else as configured). */
  model: string;
  requests: number;
  /** Tokens the endpoint counted (`usage.prompt_tokens`), 0 when it does not say. */
  tokens: number;
  /** Wall time of all the batches, retries and their waits included. */
  ms: number;
}

export interface EmbedOptions {
  signal: AbortSignal;
  /** After each batch: texts embedded so far, of all. */
  onProgress?: (done: number, total: number) => void;
}

export async function embedTexts(
  settings: EmbeddingsSettings,
  texts: string[],
  options: EmbedOptions,
): Promise<Embedded> {
  const started = performance.now();
  const result: Embedded = { vectors: [], dims: 0, model: settings.model, requests: 0, tokens: 0, ms: 0 };
  for (let start = 0; start < texts.length; start += settings.batchSize) {
    const batch = texts.slice(start, start + settings.batchSize);
    const answer = await postBatch(settings, batch, options.signal, result);
    for (const vector of answer) {
      if (result.dims === 0) result.dims = vector.length;
      if (vector.length !== result.dims) {
        throw permanent(
          'EMBEDDING_ERROR',
          `the embeddings endpoint returned vectors of ${result.dims} and ${vector.length} dimensions for one document; check EMBEDDINGS_MODEL`,
        );
      }
      result.vectors.push(unitLength(vector));
    }
    options.onProgress?.(result.vectors.length, texts.length);
  }
  result.ms = Math.round(performance.now() - started);
  return result;
}

/** One text (a search query); its vector at unit length. */
export async function embedQuery(settings: EmbeddingsSettings, text: string, signal: AbortSignal) {
  const embedded = await embedTexts(settings, [text], { signal });
  return { vector: embedded.vectors[0]!, model: settings.model };
}

async function postBatch(
  settings: EmbeddingsSettings,
  input: string[],
  signal: AbortSignal,
  totals: Embedded,
): Promise<number[][]> {
  const url = `${settings.baseUrl.replace(/\/+$/, '')}/embeddings`;
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (settings.apiKey) headers.authorization = `Bearer ${settings.apiKey}`;
  const body = JSON.stringify({ model: settings.model, input, encoding_format: 'float' });
  for (let failed = 0; ; failed++) {
    if (signal.aborted) throw cancelledError();
    let why: string;
    let wait: number | null = null;
    totals.requests += 1;
    try {
      const response = await fetch(url, {
        method: 'POST',
        headers,
        body,
        signal: AbortSignal.any([signal, AbortSignal.timeout(settings.timeoutMs)]),
      });
      const text = await response.text();
      if (response.ok) return readVectors(text, input.length, totals);
      why = `HTTP ${response.status}: ${serverMessage(parseBody(redact(text, settings.apiKey)), 300)}`;
      if (response.status !== 429 && response.status < 500) {
        throw permanent('EMBEDDING_ERROR', `the embeddings endpoint refused the request (${why})`);
      }
      wait = retryAfterMs(response.headers);
    } catch (error) {
      if (signal.aborted) throw cancelledError();
      if ((error as { code?: string }).code === 'EMBEDDING_ERROR') throw error;
      why =
        (error as Error).name === 'TimeoutError'
          ? `no answer within ${settings.timeoutMs} ms`
          : `cannot reach ${settings.baseUrl}: ${describeNetworkError(error)}`;
    }
    if (failed >= settings.maxRetries) {
      throw transient(
        'EMBEDDING_ERROR',
        `the embeddings endpoint failed after ${failed + 1} attempts: ${why}`,
      );
    }
    try {
      await sleep(wait ?? backoffMs(failed + 1), undefined, { signal });
    } catch {
      throw cancelledError();
    }
  }
}

/** OpenAI's shape: {data: [{index, embedding: number[]}], model, usage: {prompt_tokens}}. */
function readVectors(text: string, expected: number, totals: Embedded): number[][] {
  let answer: {
    data?: { index?: number; embedding?: unknown }[];
    model?: unknown;
    usage?: { prompt_tokens?: unknown };
  };
  try {
    answer = JSON.parse(text);
  } catch {
    throw permanent('EMBEDDING_ERROR', 'the embeddings endpoint answered with something that is not JSON');
  }
  const data = Array.isArray(answer.data) ? answer.data : [];
  if (data.length !== expected) {
    throw permanent(
      'EMBEDDING_ERROR',
      `the embeddings endpoint returned ${data.length} vectors for ${expected} texts`,
    );
  }
  // `index` says which input each vector is for; servers that omit it answer in order.
  const ordered = [...data].sort((a, b) => (a.index ?? 0) - (b.index ?? 0));
  const vectors = ordered.map((item) => item.embedding);
  for (const vector of vectors) {
    if (
      !Array.isArray(vector) ||
      vector.length === 0 ||
      !vector.every((x) => typeof x === 'number' && Number.isFinite(x))
    ) {
      throw permanent(
        'EMBEDDING_ERROR',
        'the embeddings endpoint returned an embedding that is not a list of numbers (base64 encoding is not supported)',
      );
    }
  }
  if (typeof answer.model === 'string' && answer.model) totals.model = answer.model;
  const tokens = answer.usage?.prompt_tokens;
  if (typeof tokens === 'number' && Number.isFinite(tokens)) totals.tokens += tokens;
  return vectors as number[][];
}

export function unitLength(vector: number[]): number[] {
  let sum = 0;
  for (const x of vector) sum += x * x;
  const norm = Math.sqrt(sum);
  return norm === 0 ? vector : vector.map((x) => x / norm);
}
