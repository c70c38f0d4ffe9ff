import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { defaultParseOptions } from '../../core/parse-options.ts';
import { detectFileType } from '../detect.ts';
import { closeThreadPools } from '../parse-document.ts';
import { readDocument } from '../read-document.ts';
import { corpusDir } from '../testing/fixtures.ts';
import { extractBuiltIn } from './built-in-engine.ts';
import { confidenceOf, ocrTrust } from './confidence.ts';
import { documentOf, ocrPage } from './testing/synthetic.ts';
import type { JsonSchema } from './types.ts';

const totalSchema: JsonSchema = {
  type: 'object',
  properties: { total: { type: 'number', description: 'Total amount, tax included' } },
};
const totalOf = (rows: [number, number, string][], confidence = 0.92) =>
  extractBuiltIn(documentOf([ocrPage(rows, { confidence })]), { schema: totalSchema, prompt: null });

describe('confidence from evidence', () => {
  it('counts OCR on the words read: a multi-word value is as sure as all its words', () => {
    const word = (confidence: number) => ({ text: 'x', bbox: null, confidence, tokens: ['x'] });
    assert.equal(ocrTrust([word(1), word(1)]), 1);
    assert.ok(Math.abs(ocrTrust([word(0.9), word(0.9)]) - 0.81) < 1e-9);
    const sure = confidenceOf({ score: 0.9, source: 'label', trust: 1 });
    const misread = confidenceOf({ score: 0.9, source: 'label', trust: 0.3 });
    const guessed = confidenceOf({ score: 0.9, source: 'layout', trust: 1 });
    assert.ok(misread < sure && guessed < sure);
  });

  it('is surer of a total that is the subtotal plus the tax', () => {
    const rows = (total: string): [number, number, string][] => [
      [100, 100, 'Subtotal'],
      [700, 100, '11.50'],
      [100, 140, 'Tax'],
      [700, 140, '0.69'],
      [100, 180, 'Total'],
      [700, 180, total],
    ];
    const agrees = totalOf(rows('12.19'));
    const disagrees = totalOf(rows('12.91'));
    assert.equal(agrees.data.total, 12.19);
    assert.ok(agrees.confidence.total! > disagrees.confidence.total!);
  });

  it('reads subtotal, tax and total so that subtotal + tax = total holds, off the right number of a line', () => {
    const out = extractBuiltIn(
      documentOf([
        ocrPage([
          [500, 100, 'Subtotal'],
          [800, 100, '$ 112.00'],
          [500, 140, 'Subtotal'],
          [800, 140, '$ 262.90'],
          [500, 180, 'Tax 15% on $ 112.90'],
          [800, 180, '$ 16.94'],
          [500, 220, 'Total'],
          [800, 220, '$ 279.84'],
        ]),
      ]),
      {
        schema: {
          type: 'object',
          properties: {
            subtotal: { type: 'number', description: 'Amount before tax' },
            tax: { type: 'number', description: 'Tax amount' },
            total: { type: 'number', description: 'Total amount' },
          },
        },
        prompt: null,
      },
    );
    assert.deepEqual(out.data, { subtotal: 262.9, tax: 16.94, total: 279.84 });
    assert.ok(out.confidence.tax! >= 0.9, `${out.confidence.tax}`);
    assert.equal(out.evidence.tax?.bbox?.[0], 824, 'the box of 16.94, not of 112.90');
  });

  it('withholds a value read too poorly to trust rather than return it', () => {
    const rows: [number, number, string][] = [
      [100, 100, 'Total'],
      [700, 100, '12.19'],
    ];
    assert.equal(totalOf(rows, 0.95).data.total, 12.19);
    const poor = totalOf(rows, 0.05);
    assert.equal(poor.data.total, null);
    assert.equal(poor.evidence.total, undefined);
  });
});

const corpusPng = join(corpusDir('invoice2data_invoices'), 'inputs', 'SammyMaystoneLinesTest.png');

describe('evidence on a document read by OCR', { skip: !existsSync(corpusPng) && 'corpus absent' }, () => {
  after(closeThreadPools);

  it('gives every value, line items included, its page, box and text', async () => {
    const bytes = new Uint8Array(readFileSync(corpusPng));
    const detected = await detectFileType(bytes.subarray(0, 4096), 'invoice.png', null);
    const { document } = await readDocument(
      bytes,
      detected,
      { signal: new AbortController().signal },
      defaultParseOptions,
    );
    const out = extractBuiltIn(document, {
      schema: {
        type: 'object',
        properties: {
          date: { type: 'string', format: 'date' },
          total: { type: 'number', description: 'Total amount' },
          lines: {
            type: 'array',
            items: {
              type: 'object',
              properties: { description: { type: 'string' }, amount: { type: 'number' } },
            },
          },
        },
      },
      prompt: null,
    });
    const lines = out.data.lines as unknown[];
    assert.ok(Array.isArray(lines) && lines.length === 2, JSON.stringify(out.data));
    for (const [path, confidence] of Object.entries(out.confidence)) {
      if (confidence === 0 || path === 'lines') continue;
      const evidence = out.evidence[path];
      assert.ok(
        evidence?.bbox && evidence.page === 1 && evidence.text,
        `${path}: ${JSON.stringify(evidence)}`,
      );
    }
  });
});
