/**
 * Scoring of the retrieval bench (bench/retrieval.ts): whether a ranked chunk answers a question of
 * bench/retrieval-questions.json, recall@k and mean reciprocal rank. A chunk answers when it is of
 * the question's document, covers the question's page, and holds the answering passage: at least
 * `minCoverage` of the passage's word pairs are in the chunk's text, after normalising both (case,
 * Unicode compatibility forms, words hyphenated over a line break, punctuation and spacing), so
 * that a passage cut by a chunk boundary only counts where most of it is in one chunk.
 */

export interface Question {
  id: string;
  /** `set/file.pdf` under the corpus directory. */
  document: string;
  page: number;
  question: string;
  passage: string;
}

/** A search hit as the bench reads it: which document it is of, its pages and text. */
export interface RankedChunk {
  document: string;
  pages: number[];
  text: string;
}

export const minCoverage = 0.8;

export const normaliseWords = (text: string): string[] =>
  text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/(\p{L})-\s*\n\s*(\p{L})/gu, '$1$2')
    .split(/[^\p{L}\p{N}]+/u)
    .filter((word) => word !== '');

/** Consecutive word pairs (a one-word passage is its word). */
function pairs(words: readonly string[]): string[] {
  if (words.length < 2) return [...words];
  return words.slice(1).map((word, k) => `${words[k]} ${word}`);
}

/** The share of the passage's word pairs found in the text. */
export function coverage(passage: string, text: string): number {
  const wanted = pairs(normaliseWords(passage));
  if (wanted.length === 0) return 0;
  const have = new Set(pairs(normaliseWords(text)));
  return wanted.filter((pair) => have.has(pair)).length / wanted.length;
}

export function answers(question: Question, chunk: RankedChunk): boolean {
  return (
    chunk.document === question.document &&
    chunk.pages.includes(question.page) &&
    coverage(question.passage, chunk.text) >= minCoverage
  );
}

/** 1-based rank of the first chunk that answers, null when none of the ranking does. */
export function firstHit(question: Question, ranking: readonly RankedChunk[]): number | null {
  const at = ranking.findIndex((chunk) => answers(question, chunk));
  return at < 0 ? null : at + 1;
}

export interface RetrievalScore {
  questions: number;
  /** Share of questions answered within the first k chunks. */
  recallAtK: number;
  /** Mean over questions of 1 / rank of the first answering chunk (0 when none in the ranking). */
  mrr: number;
  misses: string[];
}

export function scoreRankings(
  questions: readonly Question[],
  rankings: ReadonlyMap<string, readonly RankedChunk[]>,
  k = 5,
): RetrievalScore {
  let recalled = 0;
  let reciprocal = 0;
  const misses: string[] = [];
  for (const question of questions) {
    const rank = firstHit(question, rankings.get(question.id) ?? []);
    if (rank !== null && rank <= k) recalled++;
    else misses.push(question.id);
    if (rank !== null) reciprocal += 1 / rank;
  }
  const n = questions.length;
  return { questions: n, recallAtK: n ? recalled / n : 0, mrr: n ? reciprocal / n : 0, misses };
}
