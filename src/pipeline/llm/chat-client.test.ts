import assert from 'node:assert/strict';
import { afterEach, describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { DocjobsError } from '../../core/errors.ts';
import { LlmSession, postChat } from './chat-client.ts';
import {
  chatReply,
  errorReply,
  type FakeOpenAiServer,
  llmSettingsFor,
  rateLimited,
  startFakeOpenAiServer,
} from './testing/fake-openai-server.ts';

const messages = [{ role: 'user' as const, content: 'Hello' }];
let server: FakeOpenAiServer;
afterEach(() => server.close());

function session(
  overrides: Parameters<typeof llmSettingsFor>[1] = {},
  signal = new AbortController().signal,
) {
  return new LlmSession(llmSettingsFor(server, overrides), signal);
}

async function rejection(promise: Promise<unknown>): Promise<DocjobsError> {
  const error = await promise.then(
    () => assert.fail('expected a rejection'),
    (caught: unknown) => caught,
  );
  assert.ok(error instanceof DocjobsError, `not a DocjobsError: ${error}`);
  return error;
}

describe('postChat', () => {
  test('sends an OpenAI chat completion with the bearer key and sums the usage', async () => {
    server = await startFakeOpenAiServer();
    server.script(
      chatReply('Hi', { prompt_tokens: 7, completion_tokens: 3, total_tokens: 10 }, 'gpt-x-2024'),
    );
    const run = session();
    const reply = await postChat(run, { messages });
    assert.equal(reply.status, 200);
    const [request] = server.requests;
    assert.equal(request!.path, '/v1/chat/completions');
    assert.equal(request!.headers.authorization, 'Bearer sk-test-0123456789abcdef');
    assert.equal(request!.body.model, 'test-model');
    assert.deepEqual(request!.body.messages, messages);
    assert.deepEqual(run.usage, { promptTokens: 7, completionTokens: 3, totalTokens: 10, calls: 1 });
    assert.equal(run.model, 'gpt-x-2024');
    assert.equal(run.exchanges.length, 1);
    assert.equal(run.exchanges[0]!.status, 200);
  });

  test('sends no Authorization header without a key (Ollama, llama.cpp)', async () => {
    server = await startFakeOpenAiServer();
    server.script(chatReply('Hi'));
    await postChat(session({ apiKey: null }), { messages });
    assert.equal(server.requests[0]!.headers.authorization, undefined);
  });

  test('drops temperature for models that refuse it, and remembers that', async () => {
    server = await startFakeOpenAiServer({
      fallback: (request) =>
        'temperature' in request.body
          ? errorReply(400, "Unsupported value: 'temperature' does not support 0 with this model.")
          : chatReply('Hi'),
    });
    const settings = { model: 'reasoning-model' };
    assert.equal((await postChat(session(settings), { messages })).status, 200);
    assert.equal((await postChat(session(settings), { messages })).status, 200);
    assert.deepEqual(
      server.requests.map((request) => 'temperature' in request.body),
      [true, false, false],
    );
  });

  test('waits as long as Retry-After says after a 429', async () => {
    server = await startFakeOpenAiServer();
    server.script(rateLimited(1), chatReply('Hi'));
    const run = session();
    assert.equal((await postChat(run, { messages })).status, 200);
    const [first, second] = server.requests;
    // Date.now() has millisecond steps; a timer never fires early by more than that.
    assert.ok(second!.receivedAt - first!.receivedAt >= 999, `${second!.receivedAt - first!.receivedAt} ms`);
    assert.deepEqual(
      run.exchanges.map((exchange) => exchange.status),
      [429, 200],
    );
    assert.equal(run.usage.calls, 1);
  });

  test('retries a 500 and then succeeds', async () => {
    server = await startFakeOpenAiServer();
    server.script(errorReply(500, 'upstream crashed'), chatReply('Hi'));
    const reply = await postChat(session(), { messages });
    assert.equal(reply.status, 200);
    assert.equal(server.requests.length, 2);
  });

  test('gives up with a retryable LLM_ERROR once the retries are spent', async () => {
    server = await startFakeOpenAiServer();
    const busy = errorReply(503, 'overloaded', { 'retry-after': '0' });
    server.script(busy, busy);
    const error = await rejection(postChat(session({ maxRetries: 1 }), { messages }));
    assert.equal(error.code, 'LLM_ERROR');
    assert.equal(error.retryable, true);
    assert.match(error.message, /after 2 attempts: HTTP 503: overloaded/);
  });

  test('returns a 401 at once, for the caller to refuse: no retry', async () => {
    server = await startFakeOpenAiServer();
    server.script(errorReply(401, 'Incorrect API key provided: sk-test-0123456789abcdef'));
    const run = session();
    const reply = await postChat(run, { messages });
    assert.equal(reply.status, 401);
    assert.equal(server.requests.length, 1);
    // The server echoed the key; the trace must not keep it.
    assert.doesNotMatch(JSON.stringify(run.exchanges), /sk-test-0123456789abcdef/);
    assert.match(JSON.stringify(run.exchanges), /\[redacted\]/);
  });

  test('a timeout and an unreachable endpoint are retryable LLM_ERRORs', async () => {
    server = await startFakeOpenAiServer();
    server.script(async () => {
      await sleep(1500);
      return chatReply('too late');
    });
    const slow = await rejection(postChat(session({ timeoutMs: 200, maxRetries: 0 }), { messages }));
    assert.equal(slow.retryable, true);
    assert.match(slow.message, /no answer within 200 ms/);

    const closed = await startFakeOpenAiServer();
    const baseUrl = closed.baseUrl;
    await closed.close();
    const unreachable = await rejection(postChat(session({ baseUrl, maxRetries: 0 }), { messages }));
    assert.equal(unreachable.code, 'LLM_ERROR');
    assert.equal(unreachable.retryable, true);
    assert.match(unreachable.message, /cannot reach/);
  });

  test('the abort signal ends a Retry-After wait at once', async () => {
    server = await startFakeOpenAiServer();
    const controller = new AbortController();
    server.script(() => {
      // Abort once the client is waiting out the 30 s the server asked for.
      setTimeout(() => controller.abort(), 50);
      return rateLimited(30);
    });
    const error = await rejection(postChat(session({}, controller.signal), { messages }));
    assert.equal(error.code, 'CANCELLED');
    assert.equal(server.requests.length, 1);
  });
});
