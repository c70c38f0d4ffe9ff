/**
 * POST /chat/completions on an OpenAI-compatible endpoint (OpenAI, Ollama, vLLM, llama.cpp's server),
 * retrying what may pass on another try: 429, 5xx, timeouts and lost connections.
 * Every request and answer is kept for the job's trace, and the token counts are summed.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { LlmSettings } from '../../core/config.ts';
import { permanent, transient } from '../../core/errors.ts';
import { cancelledError } from '../thread-pool.ts';
import { describeNetworkError, parseBody, redact, serverMessage } from './endpoint-replies.ts';
import { backoffMs, retryAfterMs } from './retry-delay.ts';
import type { ChatMessage, LlmExchange, LlmUsage } from './types.ts';

/** What one engine call (extract, classify, answer) accumulates over its requests. */
export class LlmSession {
  readonly settings: LlmSettings;
  readonly signal: AbortSignal;
  readonly usage: LlmUsage = { promptTokens: 0, completionTokens: 0, totalTokens: 0, calls: 0 };
  readonly exchanges: LlmExchange[] = [];
  /** As the endpoint names it in its answers. */
  model: string;

  constructor(settings: LlmSettings, signal: AbortSignal) {
    this.settings = settings;
    this.signal = signal;
    this.model = settings.model;
  }
}

export interface ChatRequest {
  messages: ChatMessage[];
  response_format?: Record<string, unknown>;
}

/** An answer that is not worth retrying: a 2xx, or a 4xx other than 429 for the caller to judge. */
export interface ChatReply {
  status: number;
  /** Parsed JSON, or the text when the body was not JSON. */
  body: unknown;
}

type Attempt = ChatReply & { headers: Headers | null; failure: string | null };

/**
 * Endpoints (`${baseUrl} ${model}`) that refuse `temperature: 0`: OpenAI's reasoning models
 * (o1, o3, gpt-5) take only their default, and say so with a 400.
 */
const fixedTemperature = new Set<string>();

/** Throws LLM_ERROR (retryable) once the retries are spent, and CANCELLED at once on abort. */
export async function postChat(session: LlmSession, request: ChatRequest): Promise<ChatReply> {
  const { settings, signal } = session;
  const endpoint = `${settings.baseUrl} ${settings.model}`;
  for (let failed = 0; ; failed++) {
    if (signal.aborted) throw cancelledError();
    // Temperature 0: the same document gives the same answer, as far as the server allows.
    const temperature = fixedTemperature.has(endpoint) ? {} : { temperature: 0 };
    const attempt = await send(session, { model: settings.model, ...temperature, stream: false, ...request });
    if (
      attempt.status === 400 &&
      'temperature' in temperature &&
      /temperature/i.test(serverMessage(attempt.body))
    ) {
      fixedTemperature.add(endpoint);
      failed -= 1; // not a failure of the endpoint: the same request again, as it wants it
      continue;
    }
    const retryable = attempt.failure !== null || attempt.status === 429 || attempt.status >= 500;
    if (!retryable) {
      if (attempt.status < 300) countUsage(session, attempt.body);
      return attempt;
    }
    const why = attempt.failure ?? `HTTP ${attempt.status}: ${serverMessage(attempt.body)}`;
    if (failed >= settings.maxRetries) {
      throw transient('LLM_ERROR', `the LLM endpoint failed after ${failed + 1} attempts: ${why}`);
    }
    const wait = (attempt.headers && retryAfterMs(attempt.headers)) ?? backoffMs(failed + 1);
    try {
      await sleep(wait, undefined, { signal });
    } catch {
      throw cancelledError();
    }
  }
}

async function send(session: LlmSession, body: Record<string, unknown>): Promise<Attempt> {
  const { settings, signal } = session;
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (settings.apiKey) headers.authorization = `Bearer ${settings.apiKey}`;
  const at = new Date();
  const started = performance.now();
  const record = (status: number, response: unknown) =>
    session.exchanges.push({
      at: at.toISOString(),
      ms: Math.round(performance.now() - started),
      request: body,
      response,
      status,
    });
  try {
    const response = await fetch(`${settings.baseUrl.replace(/\/+$/, '')}/chat/completions`, {
      method: 'POST',
      headers,
      body: JSON.stringify(body),
      signal: AbortSignal.any([signal, AbortSignal.timeout(settings.timeoutMs)]),
    });
    const parsed = parseBody(redact(await response.text(), settings.apiKey));
    record(response.status, parsed);
    return { status: response.status, body: parsed, headers: response.headers, failure: null };
  } catch (error) {
    if (signal.aborted) throw cancelledError();
    const failure =
      (error as Error).name === 'TimeoutError'
        ? `no answer within ${settings.timeoutMs} ms`
        : `cannot reach ${settings.baseUrl}: ${describeNetworkError(error)}`;
    record(0, null);
    return { status: 0, body: null, headers: null, failure };
  }
}

/** A 4xx answer as an error: a bad key or an unknown model will not get better by retrying. */
export function refusal(reply: ChatReply): Error {
  return permanent(
    'LLM_ERROR',
    `the LLM endpoint refused the request (HTTP ${reply.status}): ${serverMessage(reply.body)}`,
  );
}

function countUsage(session: LlmSession, body: unknown): void {
  const answer = body as { usage?: Record<string, unknown>; model?: unknown } | null;
  const count = (value: unknown) => (typeof value === 'number' && Number.isFinite(value) ? value : 0);
  const prompt = count(answer?.usage?.prompt_tokens);
  const completion = count(answer?.usage?.completion_tokens);
  session.usage.promptTokens += prompt;
  session.usage.completionTokens += completion;
  session.usage.totalTokens += count(answer?.usage?.total_tokens) || prompt + completion;
  session.usage.calls += 1;
  if (typeof answer?.model === 'string' && answer.model !== '') session.model = answer.model;
}
