import assert from 'node:assert/strict';
import { afterEach, describe, test } from 'node:test';
import type { Category } from '../classify/types.ts';
import { parseText } from '../text.ts';
import { classifyWithLlm, settle } from './classify-with-llm.ts';
import {
  chatReply,
  type FakeOpenAiServer,
  llmSettingsFor,
  startFakeOpenAiServer,
} from './testing/fake-openai-server.ts';

const categories: Category[] = [
  { name: 'invoice', description: 'A bill asking for payment', keywords: ['invoice', 'amount due'] },
  { name: 'receipt', description: 'Proof of a payment made', examples: ['Thank you for your purchase'] },
  { name: 'contract' },
];
const letter = parseText(
  new TextEncoder().encode('ACME LTD\nInvoice no. 42\nAmount due: 120.00 EUR by 2024-04-01\n'),
  'text',
);
let server: FakeOpenAiServer;
afterEach(() => server.close());

describe('classifyWithLlm', () => {
  test('constrains the label to the categories and returns a score for each', async () => {
    server = await startFakeOpenAiServer();
    server.script(chatReply({ label: 'invoice', scores: { invoice: 0.85, receipt: 0.1, contract: 0 } }));
    const run = await classifyWithLlm(
      llmSettingsFor(server),
      letter,
      categories,
      'Reminders count as invoices.',
      new AbortController().signal,
    );
    assert.deepEqual(run.output, {
      label: 'invoice',
      confidence: 0.85,
      scores: { invoice: 0.85, receipt: 0.1, contract: 0 },
    });
    const sent = server.requests[0]!.body;
    const schema = sent.response_format!.json_schema!.schema as {
      properties: { label: { enum: unknown[] }; scores: { required: string[] } };
    };
    assert.deepEqual(schema.properties.label.enum, ['invoice', 'receipt', 'contract', null]);
    assert.deepEqual(schema.properties.scores.required, ['invoice', 'receipt', 'contract']);
    const system = sent.messages![0]!.content;
    assert.match(system, /- "invoice": A bill asking for payment\. keywords: invoice, amount due/);
    assert.match(system, /Reminders count as invoices\./);
    assert.match(sent.messages![1]!.content, /Amount due: 120\.00 EUR/);
    assert.equal(run.usage.calls, 1);
  });

  test('reads only the first chunk of a long document', async () => {
    server = await startFakeOpenAiServer();
    server.script(chatReply({ label: 'contract', scores: { invoice: 0, receipt: 0, contract: 0.7 } }));
    const pages = Array.from({ length: 5 }, (_, index) => ({
      ...letter.pages[0]!,
      page: index + 1,
      text: `Clause ${index + 1}. ${'The parties agree. '.repeat(20)}`,
    }));
    const long = { ...letter, pages, metadata: { ...letter.metadata, pages: 5 } };
    const run = await classifyWithLlm(
      llmSettingsFor(server, { maxChunkChars: 1000 }),
      long,
      categories,
      null,
      new AbortController().signal,
    );
    assert.equal(run.output.label, 'contract');
    assert.equal(server.requests.length, 1);
    const document = server.requests[0]!.body.messages![1]!.content;
    assert.match(document, /Clause 1\./);
    assert.doesNotMatch(document, /Clause 5\./);
  });
});

describe('settle', () => {
  const names = ['a', 'b', 'c'];
  test('rescales percentages and fills missing categories with 0', () => {
    assert.deepEqual(settle(names, 'a', { a: 80, b: 20 }), {
      label: 'a',
      confidence: 0.8,
      scores: { a: 0.8, b: 0.2, c: 0 },
    });
  });
  test('prefers the best-scored category over a label scored 0 or unknown', () => {
    assert.equal(settle(names, 'c', { a: 0.2, b: 0.6, c: 0 }).label, 'b');
    assert.equal(settle(names, 'zzz', { a: 0.2, b: 0.6, c: 0.1 }).label, 'b');
    assert.equal(settle(names, null, { a: 0.2, b: 0.6, c: 0.1 }).label, 'b');
  });
  test('no label when nothing scores and none was named; 0.5 for a named label without scores', () => {
    assert.deepEqual(settle(names, null, {}), { label: null, confidence: 0, scores: { a: 0, b: 0, c: 0 } });
    assert.deepEqual(settle(names, 'c', {}), { label: 'c', confidence: 0.5, scores: { a: 0, b: 0, c: 0.5 } });
  });
});
