import assert from 'node:assert/strict';
import { after, afterEach, before, describe, test } from 'node:test';
import { DocjobsError } from '../../core/errors.ts';
import type { JsonSchema } from '../extract/types.ts';
import { closeThreadPools, parseDocument } from '../parse-document.ts';
import { makePdf } from '../testing/fixtures.ts';
import type { ParsedDocument } from '../types.ts';
import { extractWithLlm } from './extract-with-llm.ts';
import {
  chatReply,
  errorReply,
  type FakeOpenAiServer,
  llmSettingsFor,
  promptText,
  startFakeOpenAiServer,
} from './testing/fake-openai-server.ts';

const schema: JsonSchema = {
  type: 'object',
  properties: {
    invoiceNumber: { type: 'string' },
    issueDate: { type: 'string', format: 'date' },
    dueDate: { type: 'string', format: 'date' },
    total: { type: 'number' },
    vendor: { type: 'object', properties: { name: { type: 'string' }, vatId: { type: 'string' } } },
    lines: {
      type: 'array',
      items: { type: 'object', properties: { description: { type: 'string' }, amount: { type: 'number' } } },
    },
  },
  required: ['invoiceNumber', 'total'],
};

const invoicePage: [number, number, number, string][] = [
  [18, 72, 72, 'INVOICE F-2024-0042'],
  [11, 72, 110, 'Date: 01/03/2024'],
  [11, 72, 130, 'Vendor: Acme Paper Ltd'],
  [11, 72, 200, 'Paper A4 2 x 6.25 12.50'],
  [11, 72, 215, 'Toner 1 x 1,234.50 1,234.50'],
  [11, 72, 260, 'Total due: EUR 1,247.00'],
];

const signal = () => new AbortController().signal;
let invoice: ParsedDocument;
let server: FakeOpenAiServer;

before(async () => {
  invoice = await read(makePdf([{ lines: invoicePage }]));
});
after(() => closeThreadPools());
afterEach(() => server.close());

function read(bytes: Uint8Array): Promise<ParsedDocument> {
  return parseDocument(bytes, { kind: 'pdf', mimeType: 'application/pdf' }, { signal: signal() });
}

const answer = {
  invoiceNumber: 'F-2024-0042',
  issueDate: '2024-03-01',
  dueDate: null,
  total: 1247,
  vendor: { name: 'Acme Paper Ltd', vatId: null },
  lines: [
    { description: 'Paper A4', amount: 12.5 },
    { description: 'Toner', amount: 1234.5 },
  ],
};

describe('extractWithLlm', () => {
  test('asks for structured output and derives confidence and evidence from the document', async () => {
    server = await startFakeOpenAiServer();
    server.script(chatReply({ ...answer, vendor: { name: 'Acme Paper Ltd' } }));
    const run = await extractWithLlm(
      llmSettingsFor(server),
      invoice,
      { schema, prompt: 'Amounts are in euros.' },
      signal(),
    );

    const sent = server.requests[0]!.body;
    assert.equal(sent.response_format?.type, 'json_schema');
    const format = sent.response_format!.json_schema!;
    assert.equal(format.strict, true);
    const properties = format.schema.properties as Record<string, { type: unknown }>;
    assert.deepEqual(properties.total!.type, ['number', 'null']);
    assert.deepEqual(format.schema.required, [
      'invoiceNumber',
      'issueDate',
      'dueDate',
      'total',
      'vendor',
      'lines',
    ]);
    const system = sent.messages![0]!.content;
    assert.match(system, /set it to null/);
    assert.match(system, /Amounts are in euros\./);
    assert.match(sent.messages![1]!.content, /<document>\n--- page 1 ---\nINVOICE F-2024-0042/);

    // vatId was left out by the model: it reads as null.
    assert.deepEqual(run.output.data, answer);
    const { confidence, evidence } = run.output;
    assert.equal(confidence.invoiceNumber, 0.9);
    assert.equal(confidence.issueDate, 0.9, '2024-03-01 is printed 01/03/2024');
    assert.equal(confidence.total, 0.9, '1247 is printed 1,247.00');
    assert.equal(confidence['lines[1].amount'], 0.9);
    assert.equal(confidence.dueDate, 0);
    assert.equal(confidence['vendor.vatId'], 0);
    assert.equal(evidence.total!.page, 1);
    assert.equal(evidence.total!.text, 'Total due: EUR 1,247.00');
    assert.ok(evidence.total!.bbox, 'the block holding the total has a box');
    assert.equal(evidence.dueDate, undefined);

    assert.deepEqual(run.usage, { promptTokens: 100, completionTokens: 20, totalTokens: 120, calls: 1 });
    assert.equal(run.model, 'fake-model-2024');
    assert.equal(run.exchanges.length, 1);
    assert.doesNotMatch(JSON.stringify(run.exchanges), /sk-test/);
  });

  test('a value the document does not show scores 0.6', async () => {
    server = await startFakeOpenAiServer();
    server.script(chatReply({ ...answer, total: 1300 }));
    const run = await extractWithLlm(llmSettingsFor(server), invoice, { schema, prompt: null }, signal());
    assert.equal(run.output.confidence.total, 0.6);
    assert.equal(run.output.evidence.total, undefined);
  });

  test('falls back to JSON mode when json_schema is refused, repairs once, and remembers the mode', async () => {
    server = await startFakeOpenAiServer({ rejectJsonSchema: true });
    server.script(
      chatReply(`Here it is:\n\`\`\`json\n${JSON.stringify({ ...answer, total: '1,247.00' })}\n\`\`\``),
      chatReply(answer),
    );
    const settings = llmSettingsFor(server);
    const run = await extractWithLlm(settings, invoice, { schema, prompt: null }, signal());
    assert.deepEqual(run.output.data, answer);
    const formats = server.requests.map((request) => request.body.response_format?.type);
    assert.deepEqual(formats, ['json_schema', 'json_object', 'json_object']);
    // JSON mode only promises JSON: the schema must be in the prompt.
    assert.match(server.requests[1]!.body.messages![0]!.content, /"invoiceNumber"/);
    const repair = server.requests[2]!.body.messages!;
    assert.equal(repair.at(-2)!.role, 'assistant');
    assert.match(repair.at(-1)!.content, /\/total: must be number,null/);
    assert.equal(run.usage.calls, 2);
    assert.deepEqual(
      run.exchanges.map((exchange) => exchange.status),
      [400, 200, 200],
    );

    server.script(chatReply(answer));
    await extractWithLlm(settings, invoice, { schema, prompt: null }, signal());
    assert.equal(server.requests.length, 4);
    assert.equal(server.requests[3]!.body.response_format?.type, 'json_object');
  });

  test('an answer still wrong after the repair round is a permanent EXTRACTION_ERROR', async () => {
    server = await startFakeOpenAiServer();
    server.script(chatReply('I cannot find an invoice.'), chatReply({ ...answer, issueDate: 'March 1st' }));
    const error = await extractWithLlm(
      llmSettingsFor(server),
      invoice,
      { schema, prompt: null },
      signal(),
    ).catch((caught: unknown) => caught);
    assert.ok(error instanceof DocjobsError);
    assert.equal(error.code, 'EXTRACTION_ERROR');
    assert.equal(error.retryable, false);
    assert.match(error.message, /\/issueDate: must match format "date"/);
    assert.match(promptText(server.requests[1]!), /\(root\): the answer is not a JSON object/);
  });

  test('a refused key is a permanent LLM_ERROR', async () => {
    server = await startFakeOpenAiServer();
    server.script(errorReply(401, 'Incorrect API key provided'));
    const error = await extractWithLlm(
      llmSettingsFor(server),
      invoice,
      { schema, prompt: null },
      signal(),
    ).catch((caught: unknown) => caught);
    assert.ok(error instanceof DocjobsError);
    assert.equal(error.code, 'LLM_ERROR');
    assert.equal(error.retryable, false);
    assert.match(error.message, /HTTP 401\): Incorrect API key provided/);
  });

  test('reads a long document in chunks and merges their answers', async () => {
    const pages = [
      [
        [11, 72, 72, 'INVOICE F-77'],
        [11, 72, 100, 'Bolts 10.00'],
        [11, 72, 115, 'Nuts 2.50'],
      ],
      [
        [11, 72, 72, 'Washers 1.25'],
        [11, 72, 100, 'Nuts 2.50'],
      ],
      [
        [11, 72, 72, 'Springs 3.00'],
        [11, 72, 100, 'Total 19.25'],
      ],
    ] as [number, number, number, string][][];
    const document = await read(makePdf(pages.map((lines) => ({ lines }))));
    // Each chunk's answer: the lines its page shows, the number and total where printed.
    const answers: Record<string, object> = {
      'F-77': {
        invoiceNumber: 'F-77',
        total: null,
        lines: [
          { description: 'Bolts', amount: 10 },
          { description: 'Nuts', amount: 2.5 },
        ],
      },
      Washers: {
        invoiceNumber: null,
        total: 20,
        lines: [
          { description: 'Washers', amount: 1.25 },
          { description: 'Nuts', amount: 2.5 },
        ],
      },
      Springs: { invoiceNumber: 'F-78', total: 19.25, lines: [{ description: 'Springs', amount: 3 }] },
    };
    server = await startFakeOpenAiServer({
      fallback: (request) => {
        const text = request.body.messages!.at(-1)!.content;
        const key = Object.keys(answers).find((word) => text.includes(word))!;
        return chatReply(answers[key]!);
      },
    });
    const run = await extractWithLlm(
      llmSettingsFor(server, { maxChunkChars: 60 }),
      document,
      { schema, prompt: null },
      signal(),
    );

    assert.equal(server.requests.length, 3);
    assert.match(promptText(server.requests[1]!), /<document pages="2">\n--- page 2 ---\nWashers 1\.25/);
    assert.match(promptText(server.requests[1]!), /part of a longer document/);
    const { data, confidence, evidence } = run.output;
    // Single values: the chunk whose text shows the value wins over an earlier one that does not
    // (20 on page 2), and the earliest shown one over a later invented one (F-78 on page 3).
    assert.equal(data.invoiceNumber, 'F-77');
    assert.equal(data.total, 19.25);
    assert.deepEqual(
      (data.lines as { description: string }[]).map((line) => line.description),
      ['Bolts', 'Nuts', 'Washers', 'Springs'],
    );
    assert.equal(confidence['lines[3].amount'], 0.9);
    assert.equal(evidence['lines[3].amount']!.page, 3);
    assert.equal(evidence.total!.page, 3);
    assert.deepEqual(run.usage, { promptTokens: 300, completionTokens: 60, totalTokens: 360, calls: 3 });
  });
});
