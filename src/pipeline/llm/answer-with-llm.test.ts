import assert from 'node:assert/strict';
import { afterEach, describe, test } from 'node:test';
import { parseText } from '../text.ts';
import { answerWithLlm } from './answer-with-llm.ts';
import {
  chatReply,
  type FakeOpenAiServer,
  llmSettingsFor,
  promptText,
  startFakeOpenAiServer,
} from './testing/fake-openai-server.ts';

const signal = () => new AbortController().signal;
let server: FakeOpenAiServer;
afterEach(() => server.close());

describe('answerWithLlm', () => {
  test('asks in plain chat and returns the answer without a reasoning block', async () => {
    server = await startFakeOpenAiServer();
    server.script(chatReply('<think>The memo names a date.</think>\nThe meeting is on 4 May.'));
    const memo = parseText(
      new TextEncoder().encode('# Memo\n\nThe meeting moves to 4 May, room 12.'),
      'markdown',
    );
    const run = await answerWithLlm(llmSettingsFor(server), memo, 'When is the meeting?', signal());
    assert.equal(run.output.answer, 'The meeting is on 4 May.');
    const sent = server.requests[0]!.body;
    assert.equal(sent.response_format, undefined);
    assert.match(
      sent.messages![1]!.content,
      /The meeting moves to 4 May[\s\S]*Question: When is the meeting\?$/,
    );
    assert.equal(run.usage.totalTokens, 120);
  });

  test('asks each chunk of a long document, then combines the answers', async () => {
    server = await startFakeOpenAiServer();
    server.script(chatReply('Alice signs.'), chatReply('Bob signs.'), chatReply('Alice and Bob sign.'));
    const base = parseText(new TextEncoder().encode('x'), 'text');
    const pages = ['Alice signs the lease.', 'Bob signs as guarantor.'].map((text, index) => ({
      ...base.pages[0]!,
      page: index + 1,
      text,
      markdown: text,
    }));
    const document = { ...base, pages };
    const run = await answerWithLlm(
      llmSettingsFor(server, { maxChunkChars: 40 }),
      document,
      'Who signs?',
      signal(),
    );
    assert.equal(run.output.answer, 'Alice and Bob sign.');
    assert.equal(server.requests.length, 3);
    const combine = promptText(server.requests[2]!);
    assert.match(combine, /<part pages="1">\nAlice signs\.\n<\/part>\n<part pages="2">\nBob signs\./);
    assert.deepEqual(run.usage, { promptTokens: 300, completionTokens: 60, totalTokens: 360, calls: 3 });
  });
});
