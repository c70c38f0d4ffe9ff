import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { naiveWindows } from '../bench/retrieval-naive.ts';
import { answers, coverage, firstHit, type Question, scoreRankings } from '../bench/retrieval-scoring.ts';
import { loadTokenizer } from '../src/pipeline/chunk/tokenizer.ts';
import { corpus, needsCorpus } from '../src/pipeline/testing/fixtures.ts';
import type { ParsedDocument } from '../src/pipeline/types.ts';

const question: Question = {
  id: 'q',
  document: 'set/a.pdf',
  page: 2,
  question: 'When were white dwarfs first detected?',
  passage: 'First detected in 1862, white dwarfs long posed a mystery for early observers.',
};

describe('retrieval bench scoring', () => {
  it('finds a passage in a chunk whatever the case, line breaks and hyphenation', () => {
    const text =
      'Intro.\n\nFIRST detected in 1862, white dwarfs long posed a mys-\ntery for early\nobservers. More.';
    assert.equal(coverage(question.passage, text), 1);
    assert.ok(coverage(question.passage, 'white dwarfs long posed a mystery') < 0.8);
  });

  it('counts a hit only in the right document and page', () => {
    const chunk = { document: 'set/a.pdf', pages: [1, 2], text: question.passage };
    assert.ok(answers(question, chunk));
    assert.ok(!answers(question, { ...chunk, pages: [3] }));
    assert.ok(!answers(question, { ...chunk, document: 'set/b.pdf' }));
  });

  it('gives recall@k and the mean reciprocal rank', () => {
    const hit = { document: 'set/a.pdf', pages: [2], text: question.passage };
    const miss = { document: 'set/a.pdf', pages: [2], text: 'something else entirely' };
    const other: Question = { ...question, id: 'r' };
    const third: Question = { ...question, id: 's' };
    assert.equal(firstHit(question, [miss, miss, hit]), 3);
    const rankings = new Map([
      ['q', [hit]],
      ['r', [miss, miss, miss, miss, miss, hit]],
      ['s', [miss]],
    ]);
    const score = scoreRankings([question, other, third], rankings, 5);
    assert.equal(score.recallAtK, 1 / 3);
    assert.ok(Math.abs(score.mrr - (1 + 1 / 6) / 3) < 1e-9);
    assert.deepEqual(score.misses, ['r', 's']);
  });

  it('cuts naive windows of 512 tokens that know their pages', async () => {
    const tokenizer = await loadTokenizer('cl100k_base');
    const page = (n: number, words: number) => ({
      page: n,
      text: Array.from({ length: words }, (_, k) => `word${n}x${k}`).join(' '),
    });
    const document = { pages: [page(1, 300), page(2, 300), page(3, 10)] } as unknown as ParsedDocument;
    const windows = naiveWindows(document, tokenizer);
    assert.ok(windows.length >= 2);
    assert.ok(windows.every((w) => tokenizer.encode(w.text).length <= 513));
    assert.deepEqual(
      windows[0]!.pages,
      [1, 2].filter((p) => windows[0]!.text.includes(`word${p}x`)),
    );
    assert.ok(windows.at(-1)!.pages.includes(3));
  });

  it('has questions whose passages are in their documents', { skip: needsCorpus }, () => {
    const questions = JSON.parse(
      readFileSync(new URL('../bench/retrieval-questions.json', import.meta.url), 'utf8'),
    ) as Question[];
    assert.ok(questions.length >= 50);
    assert.equal(new Set(questions.map((q) => q.id)).size, questions.length);
    for (const q of questions) {
      const [set, file] = q.document.split('/') as [string, string];
      const truth = set.startsWith('pypdf')
        ? readFileSync(join(corpus, set, 'groundtruth', file.replace(/\.pdf$/, '.txt')), 'utf8')
        : readFileSync(join(corpus, set, 'groundtruth', file.replace(/\.pdf$/, '.md')), 'utf8');
      assert.ok(coverage(q.passage, truth) >= 0.8, `${q.id}: passage not in ${q.document}'s reference text`);
      assert.ok(q.question.endsWith('?') && q.page >= 1);
    }
  });
});
