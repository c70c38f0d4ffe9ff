import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import type { Chunk, ChunkingUsed } from '../../core/chunk.ts';
import { chunkDocument, chunkWith } from './chunk-document.ts';
import {
  documentOf,
  figure,
  furniture,
  heading,
  item,
  paragraph,
  sentences,
  squash,
  table,
} from './testing/pages.ts';
import { loadTokenizer, type Tokenizer } from './tokenizer.ts';

const options = (extra: Partial<ChunkingUsed> = {}): ChunkingUsed => ({
  strategy: 'structure',
  maxTokens: 512,
  overlapTokens: 0,
  minTokens: 0,
  tokenizer: 'cl100k_base',
  ...extra,
});

let tokenizer: Tokenizer;
const chunk = (pages: Parameters<typeof documentOf>[0], extra: Partial<ChunkingUsed> = {}) =>
  chunkWith(documentOf(pages), options(extra), tokenizer, 'job_x:');

/** Every chunk within maxTokens, and `tokens` the exact count of its text. */
function assertCounted(chunks: readonly Chunk[], maxTokens: number) {
  for (const c of chunks) {
    assert.equal(c.tokens, tokenizer.count(c.text), `chunk ${c.index}: tokens is the count of its text`);
    assert.ok(c.tokens <= maxTokens, `chunk ${c.index} has ${c.tokens} tokens, over ${maxTokens}`);
  }
}

describe('chunkDocument', () => {
  before(async () => {
    tokenizer = await loadTokenizer('cl100k_base');
  });

  it('cuts at headings, repeats the heading path on top of each chunk and counts it', () => {
    const chunks = chunk([
      [
        heading('Exploring variability', 1),
        paragraph('A short introduction.'),
        heading('2 Methods', 2),
        paragraph(sentences(3, 'method')),
        heading('2.1 Data', 3),
        paragraph(sentences(2, 'data')),
      ],
      [heading('3 Results', 2), paragraph(sentences(2, 'result'))],
    ]);
    assert.deepEqual(
      chunks.map((c) => c.headingPath),
      [
        ['Exploring variability'],
        ['Exploring variability', '2 Methods'],
        ['Exploring variability', '2 Methods', '2.1 Data'],
        ['Exploring variability', '3 Results'],
      ],
    );
    const data = chunks[2]!;
    assert.ok(
      data.text.startsWith('Exploring variability\n2 Methods\n2.1 Data\n\nSentence 1 about the data'),
    );
    assert.ok(data.markdown.startsWith('# Exploring variability\n## 2 Methods\n### 2.1 Data\n\n'));
    assert.deepEqual(data.blockTypes, ['heading', 'paragraph']);
    assert.deepEqual(chunks[3]!.pages, [2]);
    assert.deepEqual(
      chunks.map((c) => c.id),
      ['job_x:0', 'job_x:1', 'job_x:2', 'job_x:3'],
    );
    assertCounted(chunks, 512);
  });

  it('splits a long section between sentences, each part under its heading, none over maxTokens', () => {
    const text = sentences(60, 'long topic');
    const chunks = chunk([[heading('Long section'), paragraph(text)]], { maxTokens: 128 });
    assert.ok(chunks.length >= 5, `${chunks.length} chunks`);
    assertCounted(chunks, 128);
    for (const c of chunks) {
      assert.ok(c.text.startsWith('Long section\n\n'));
      assert.match(c.text, /\.$/, 'cut after a full stop');
    }
    const bodies = chunks.map((c) => c.text.slice('Long section\n\n'.length)).join(' ');
    assert.equal(squash(bodies), squash(text), 'no text lost or repeated');
  });

  it('keeps a table whole where it fits, and otherwise splits it by rows under its header row', () => {
    const small = table([
      ['Quarter', 'Frequency'],
      ['Q7', '12.3'],
      ['Q13', '14.1'],
    ]);
    const rows = Array.from({ length: 80 }, (_, k) => [`row ${k}`, `value ${k * 7}`, `note ${k}`]);
    const big = table([['Name', 'Value', 'Note'], ...rows]);
    const chunks = chunk([[heading('Tables'), paragraph('Before the tables.'), small, heading('Big'), big]], {
      maxTokens: 160,
    });
    const withSmall = chunks.filter((c) => c.text.includes('Q7\t12.3'));
    assert.equal(withSmall.length, 1);
    assert.ok(withSmall[0]!.text.includes('Quarter\tFrequency\nQ7\t12.3\nQ13\t14.1'));
    assert.ok(withSmall[0]!.markdown.includes('| Quarter | Frequency |'));
    const parts = chunks.filter((c) => c.headingPath.at(-1) === 'Big');
    assert.ok(parts.length > 2, `${parts.length} parts`);
    for (const part of parts) {
      assert.ok(part.text.startsWith('Big\n\nName\tValue\tNote\n'), part.text.slice(0, 40));
      assert.ok(part.markdown.includes('| Name | Value | Note |'));
      assert.deepEqual(
        part.blockTypes.filter((t) => t !== 'heading'),
        ['table'],
      );
    }
    const seen = parts.flatMap((part) => part.text.split('\n').filter((line) => line.startsWith('row ')));
    assert.deepEqual(
      seen,
      rows.map((row) => row.join('\t')),
      'every row once, in order',
    );
    assertCounted(chunks, 160);
  });

  it('keeps a caption with its table and a figure with its caption; a list stays whole', () => {
    const chunks = chunk(
      [
        [
          heading('Results'),
          paragraph(sentences(8, 'context')),
          paragraph('Table 2: Rotation periods of the sample.'),
          table([
            ['Star', 'Period'],
            ['A', '1.2 d'],
          ]),
          figure('Fig. 3: Light curve of quarter seven.'),
          item('1. first point of the list'),
          item('2. second point of the list'),
          item('3. third point of the list'),
        ],
      ],
      { maxTokens: 64 },
    );
    const withTable = chunks.find((c) => c.blockTypes.includes('table'))!;
    assert.ok(withTable.text.includes('Table 2: Rotation periods of the sample.\n\nStar\tPeriod'));
    const withFigure = chunks.find((c) => c.blockTypes.includes('figure'))!;
    assert.ok(withFigure.text.includes('Fig. 3: Light curve of quarter seven.'));
    assert.ok(withFigure.markdown.includes('![Fig. 3: Light curve of quarter seven.](figures/p1-1.png)'));
    const lists = chunks.filter((c) => c.blockTypes.includes('list'));
    assert.equal(lists.length, 1);
    assert.ok(lists[0]!.text.includes('1. first point of the list\n2. second point of the list\n3. third'));
    assert.ok(lists[0]!.markdown.includes('1. first point of the list\n2. second point'));
    assertCounted(chunks, 64);
  });

  it('leaves furniture out and loses no heading, even one with nothing under it', () => {
    const chunks = chunk([
      [
        furniture('header', 'JOURNAL OF TESTS 2024'),
        heading('Abstract'),
        heading('Introduction'),
        paragraph('Body of the introduction.'),
        furniture('pageNumber', '1'),
      ],
      [furniture('header', 'JOURNAL OF TESTS 2024'), paragraph('More of it.'), heading('Appendix')],
    ]);
    const all = chunks.map((c) => c.text).join('\n');
    assert.ok(!all.includes('JOURNAL'));
    assert.ok(!/(^|\n)1(\n|$)/.test(all));
    assert.ok(all.includes('Abstract'), 'the empty heading goes with the next section');
    assert.ok(all.includes('Appendix'), 'a last heading alone is a chunk of its own');
    for (const c of chunks)
      assert.ok(!c.blockTypes.includes('header') && !c.blockTypes.includes('pageNumber'));
  });

  it('numbered headings nest by their numbers when the layout levels disagree', () => {
    const chunks = chunk([
      [
        heading('Cover words', 2),
        paragraph('Cover.'),
        heading('1.3.1 Existing controls', 6),
        paragraph('One.'),
        heading('2.1 Function usage', 6),
        paragraph('Two.'),
        heading('2.1.7 Verifying usage', 6),
        paragraph('Three.'),
      ],
    ]);
    assert.deepEqual(
      chunks.map((c) => c.headingPath),
      [
        ['Cover words'],
        ['Cover words', '1.3.1 Existing controls'],
        ['Cover words', '2.1 Function usage'],
        ['Cover words', '2.1 Function usage', '2.1.7 Verifying usage'],
      ],
    );
  });

  it('takes a heading that reads as a sentence for a paragraph, and a chapter out from under a cover', () => {
    const chunks = chunk([
      [heading('Report title', 1), paragraph('By the team.')],
      [heading('Advert', 1), heading('Who we are', 4), paragraph('We sell.')],
      [heading('Preface', 6), paragraph('About this report.')],
      [
        heading('Chapter 1. Securing data', 6),
        heading('However, it is desirable to allow multiple notes being played at the same time.', 1),
        paragraph('Body.'),
      ],
    ]);
    const last = chunks.at(-1)!;
    assert.deepEqual(last.headingPath, ['Chapter 1. Securing data']);
    assert.ok(last.text.includes('However, it is desirable'), 'the sentence stays in the text');
    assert.deepEqual(last.blockTypes, ['heading', 'paragraph']);
    assert.deepEqual(chunks[0]!.headingPath, ['Report title']);
  });

  it('size: windows of maxTokens cut between sentences, each repeating the end of the one before', () => {
    const text = sentences(80, 'window');
    const chunks = chunk([[heading('Only'), paragraph(text)]], {
      strategy: 'size',
      maxTokens: 128,
      overlapTokens: 32,
    });
    assertCounted(chunks, 128);
    assert.ok(chunks.length >= 8);
    for (let k = 1; k < chunks.length; k++) {
      const previous = chunks[k - 1]!.text;
      const lead = chunks[k]!.text.split(/(?<=\.) /);
      // The longest run of whole sentences at the start of chunk k that ends chunk k - 1.
      let repeated = '';
      for (let n = 1; n <= lead.length; n++) {
        const candidate = lead.slice(0, n).join(' ');
        if (previous.endsWith(candidate)) repeated = candidate;
      }
      assert.ok(repeated !== '', `chunk ${k} starts with the end of chunk ${k - 1}`);
      assert.ok(tokenizer.count(repeated) <= 32, `${tokenizer.count(repeated)} tokens repeated`);
    }
    assert.deepEqual(chunks[0]!.headingPath, ['Only']);
    assert.ok(
      chunks[0]!.text.startsWith('Only\n\nSentence 1'),
      'headings are lines of the text, not a context',
    );
  });

  it('page: a chunk a page, and a page over maxTokens cut further', () => {
    const chunks = chunk(
      [
        [heading('Intro'), paragraph('Page one text.')],
        [paragraph('Page two text.')],
        [paragraph(sentences(40, 'page three'))],
      ],
      { strategy: 'page', maxTokens: 128 },
    );
    assert.deepEqual(chunks[0]!.pages, [1]);
    assert.equal(chunks[0]!.text, 'Intro\n\nPage one text.');
    assert.deepEqual(chunks[1]!.pages, [2]);
    assert.deepEqual(chunks[1]!.headingPath, ['Intro']);
    assert.ok(chunks.length > 3);
    assert.ok(chunks.slice(2).every((c) => c.pages.length === 1 && c.pages[0] === 3));
    assertCounted(chunks, 128);
  });

  it('minTokens joins a small section to the next under the headings they share', () => {
    const pages = [
      [
        heading('Paper', 1),
        heading('2 Methods', 2),
        paragraph('We measured it twice.'),
        heading('2.1 Data', 3),
        paragraph(sentences(3, 'data')),
        heading('3 Results', 2),
        paragraph(sentences(3, 'result')),
      ],
    ];
    const apart = chunk(pages, { maxTokens: 90 });
    assert.equal(apart.length, 3);
    const joined = chunk(pages, { maxTokens: 90, minTokens: 20 });
    assert.equal(joined.length, 2);
    assert.deepEqual(joined[0]!.headingPath, ['Paper', '2 Methods']);
    assert.ok(
      joined[0]!.text.startsWith('Paper\n2 Methods\n\nWe measured it twice.\n\n2.1 Data\n\nSentence 1'),
    );
    assert.deepEqual(joined[1]!.headingPath, ['Paper', '3 Results']);
    assertCounted(joined, 90);
  });

  it('cuts a word longer than a chunk between characters, and counts special-token text as text', () => {
    const blob = 'x'.repeat(3000);
    const chunks = chunk([[paragraph(`Before ${blob} after <|endoftext|> the end.`)]], { maxTokens: 64 });
    assertCounted(chunks, 64);
    assert.equal(
      squash(chunks.map((c) => c.text).join('')),
      squash(`Before ${blob} after <|endoftext|> the end.`),
    );
  });

  it('gives each chunk the boxes of its blocks per page', () => {
    const first = paragraph('On page one.');
    const second = paragraph('On page two.');
    const [only] = chunk([[heading('H'), first], [second]]);
    assert.deepEqual(only!.pages, [1, 2]);
    assert.deepEqual(Object.keys(only!.bboxes), ['1', '2']);
    assert.deepEqual(only!.bboxes['2'], [second.bbox]);
    assert.equal(only!.bboxes['1']!.length, 2, 'the heading and the paragraph');
  });

  it('loads its tokenizer on first use and names it in the result', async () => {
    const output = await chunkDocument(
      documentOf([[paragraph('Hello there.')]]),
      options({ tokenizer: 'o200k_base' }),
    );
    assert.equal(output.chunking.tokenizer, 'o200k_base');
    assert.equal(output.chunks[0]!.id, '0');
    assert.equal(output.chunks[0]!.tokens, 3);
  });
});
