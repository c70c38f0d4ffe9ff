/**
 * A real HTTP server on 127.0.0.1 that speaks OpenAI's chat-completions protocol, for tests: it
 * stands for the paid remote service (the only fake we allow), so the client code under test
 * runs exactly as in production — fetch, headers, status codes, Retry-After, JSON bodies.
 *
 *   const server = await startFakeOpenAiServer();
 *   server.script(rateLimited(1), chatReply({ total: 12.5 }));   // answers, in order
 *   const settings = { ...llmSettings, baseUrl: server.baseUrl };  // http://127.0.0.1:PORT/v1
 *   … run the code …
 *   server.requests[1].body.messages;  server.requests[1].receivedAt
 *   await server.close();
 *
 * Each POST /v1/chat/completions takes the next scripted step (a reply, or a function of the
 * request that returns one); when none is left, `options.fallback` answers, else a 400 saying
 * nothing was scripted. `rejectJsonSchema` answers every `response_format: json_schema` request
 * with the 400 older llama.cpp and vLLM give, without using a step.
 */
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { LlmSettings } from '../../../core/config.ts';

export interface RecordedRequest {
  method: string;
  /** e.g. /v1/chat/completions */
  path: string;
  headers: IncomingHttpHeaders;
  /** The parsed JSON body; `{}` when it was not JSON (see rawBody). */
  body: ChatBody;
  rawBody: string;
  /** Date.now() when the request arrived. */
  receivedAt: number;
}

export interface ChatBody {
  model?: string;
  messages?: { role: string; content: string }[];
  response_format?: {
    type: string;
    json_schema?: { name: string; schema: Record<string, unknown>; strict?: boolean };
  };
  [field: string]: unknown;
}

export interface FakeReply {
  status?: number;
  headers?: Record<string, string>;
  body: unknown;
}

export type FakeStep = FakeReply | ((request: RecordedRequest) => FakeReply | Promise<FakeReply>);

export interface FakeOpenAiOptions {
  /** Answers requests once the script is used up. */
  fallback?: (request: RecordedRequest) => FakeReply | Promise<FakeReply>;
  /** Refuse `response_format: {type: 'json_schema'}` like llama.cpp before b4000 and vLLM before 0.6. */
  rejectJsonSchema?: boolean;
}

export interface FakeOpenAiServer {
  /** Up to and including /v1, as LlmSettings.baseUrl wants it. */
  baseUrl: string;
  /** Every request received, in order, the refused ones included. */
  requests: RecordedRequest[];
  /** Appends steps to the script. */
  script(...steps: FakeStep[]): void;
  close(): Promise<void>;
}

export async function startFakeOpenAiServer(options: FakeOpenAiOptions = {}): Promise<FakeOpenAiServer> {
  const requests: RecordedRequest[] = [];
  const steps: FakeStep[] = [];
  const server = createServer(async (incoming, outgoing) => {
    const chunks: Buffer[] = [];
    for await (const chunk of incoming) chunks.push(chunk as Buffer);
    const text = Buffer.concat(chunks).toString('utf8');
    const request: RecordedRequest = {
      method: incoming.method ?? '',
      path: incoming.url ?? '',
      headers: incoming.headers,
      body: parseBody(text),
      rawBody: text,
      receivedAt: Date.now(),
    };
    requests.push(request);
    const reply = await replyTo(request, steps, options);
    outgoing.writeHead(reply.status ?? 200, { 'content-type': 'application/json', ...reply.headers });
    outgoing.end(typeof reply.body === 'string' ? reply.body : JSON.stringify(reply.body));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}/v1`,
    requests,
    script: (...more) => steps.push(...more),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

async function replyTo(
  request: RecordedRequest,
  steps: FakeStep[],
  options: FakeOpenAiOptions,
): Promise<FakeReply> {
  if (request.method !== 'POST' || request.path !== '/v1/chat/completions') {
    return errorReply(404, `no route for ${request.method} ${request.path}`);
  }
  if (options.rejectJsonSchema && request.body.response_format?.type === 'json_schema') {
    return errorReply(400, 'response_format type json_schema is not supported; use json_object or text');
  }
  const step = steps.shift();
  if (step) return typeof step === 'function' ? step(request) : step;
  if (options.fallback) return options.fallback(request);
  return errorReply(400, 'the fake server has no reply scripted for this request');
}

/** A 200 chat completion whose message content is `content` (objects are sent as their JSON). */
export function chatReply(
  content: string | object,
  usage = { prompt_tokens: 100, completion_tokens: 20, total_tokens: 120 },
  model = 'fake-model-2024',
): FakeReply {
  return {
    body: {
      id: 'chatcmpl-fake',
      object: 'chat.completion',
      created: Math.floor(Date.now() / 1000),
      model,
      choices: [
        {
          index: 0,
          message: {
            role: 'assistant',
            content: typeof content === 'string' ? content : JSON.stringify(content),
          },
          finish_reason: 'stop',
        },
      ],
      usage,
    },
  };
}

/** An error as OpenAI words it: {error: {message, type, code}}. */
export function errorReply(status: number, message: string, headers: Record<string, string> = {}): FakeReply {
  return { status, headers, body: { error: { message, type: 'invalid_request_error', code: status } } };
}

/** A 429 asking to come back in `seconds`. */
export function rateLimited(seconds: number): FakeReply {
  return errorReply(429, 'Rate limit reached for requests', { 'retry-after': String(seconds) });
}

/** The messages of a recorded request, joined: handy to see which chunk a request carried. */
export function promptText(request: RecordedRequest): string {
  return (request.body.messages ?? []).map((message) => message.content).join('\n');
}

function parseBody(text: string): ChatBody {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null ? (value as ChatBody) : {};
  } catch {
    return {};
  }
}

/** LlmSettings pointing at the fake server; tests override what they exercise. */
export function llmSettingsFor(server: FakeOpenAiServer, overrides: Partial<LlmSettings> = {}): LlmSettings {
  return {
    baseUrl: server.baseUrl,
    model: 'test-model',
    apiKey: 'sk-test-0123456789abcdef',
    timeoutMs: 10_000,
    maxRetries: 2,
    maxChunkChars: 24_000,
    ...overrides,
  };
}
