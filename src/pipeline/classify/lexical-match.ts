/**
 * How much of each category's vocabulary a document uses. A category is read as three parts —
 * its name and keywords (what the author said matters most), its description, its examples —
 * and each part scores the idf-weighted share of its terms found in the document, a term found
 * once counting half, often counting nearly fully. Shares, not sums: a long description must not
 * outvote a short one, and the result stays in 0..1 whatever the category's length.
 * idf is taken across the categories themselves: a word in every category ("document", "total")
 * tells them apart less than a word in one ("iban").
 */

import { allTokens, contentTokens } from './tokens.ts';
import { translations } from './translations.ts';
import type { Category } from './types.ts';

/** How the parts weigh in the score; a part a category does not have is left out, not zero. */
const partWeights = { named: 0.55, description: 0.3, examples: 0.15 } as const;
/**
 * Within the named part, a word of the name counts twice a keyword: documents print what they
 * are ("Invoice", "Annual Report", "User Manual"), while keywords ("total", "tax") are shared.
 */
const nameWeight = 2;
/**
 * Added to what a part could score: one common word ("note") must not make a two-word category
 * match as well as a ten-word one matched on five.
 */
const smoothing = 1;
/**
 * Words found in documents of every kind ("Note:", "Page 2", "Date"): a category named "notes"
 * must not match every text that says "note". Found, they count at this fraction of their weight.
 */
const everywhereWeight = 0.15;
const everywhere = new Set(
  'note page date name number example figure table section information address phone email time year list text document detail line form type data'
    .split(' ')
    .map((w) => allTokens(w).join(' ')),
);
type Part = keyof typeof partWeights;
/** Distinct example terms kept, most frequent first: pasted example documents can be long. */
const maxExampleTerms = 300;

/** Per part, term → weight; a term is a word or a phrase of stemmed words (multi-word keywords). */
type Terms = Map<Part, Map<string, number>>;

export interface CategoryVocabulary {
  terms: Terms[];
  idf: Map<string, number>;
}

export function categoryVocabulary(categories: readonly Category[]): CategoryVocabulary {
  const terms = categories.map(termsOf);
  const df = new Map<string, number>();
  for (const parts of terms) {
    const distinct = new Set([...parts.values()].flatMap((part) => [...part.keys()]));
    for (const term of distinct) df.set(term, (df.get(term) ?? 0) + 1);
  }
  const n = categories.length;
  const idf = new Map([...df].map(([term, d]) => [term, Math.log(1 + n / d) / Math.log(1 + n)]));
  return { terms, idf };
}

function termsOf(category: Category): Terms {
  const named = new Map<string, number>();
  for (const keyword of category.keywords ?? []) {
    // A keyword is kept whole, stop words and all: the author chose "thank you" or "yours".
    const phrase = allTokens(keyword).join(' ');
    if (phrase !== '') named.set(phrase, 1);
  }
  for (const word of contentTokens(category.name.replace(/[_-]+/g, ' '))) named.set(word, nameWeight);
  const description = new Map(contentTokens(category.description ?? '').map((t) => [t, 1]));
  const examples = frequentTerms(contentTokens((category.examples ?? []).join('\n')), maxExampleTerms);
  const parts: Terms = new Map();
  for (const [part, terms] of [
    ['named', named],
    ['description', description],
    ['examples', examples],
  ] as const)
    if (terms.size > 0) parts.set(part, terms);
  return parts;
}

function frequentTerms(tokens: readonly string[], limit: number): Map<string, number> {
  const counts = new Map<string, number>();
  for (const t of tokens) counts.set(t, (counts.get(t) ?? 0) + 1);
  const kept = [...counts].sort((a, b) => b[1] - a[1]).slice(0, limit);
  return new Map(kept.map(([t]) => [t, 1]));
}

/** Term counts of a document's text: single words from a map, phrases by search in the joined tokens. */
export class DocumentTerms {
  readonly #counts = new Map<string, number>();
  readonly #joined: string;

  constructor(text: string) {
    const tokens = allTokens(text);
    for (const t of tokens) this.#counts.set(t, (this.#counts.get(t) ?? 0) + 1);
    this.#joined = ` ${tokens.join(' ')} `;
  }

  /** Occurrences of the term or of one of its translations. */
  count(term: string): number {
    let found = this.#countExactly(term);
    for (const translation of translations.get(term) ?? []) found += this.#countExactly(translation);
    return found;
  }

  #countExactly(term: string): number {
    if (!term.includes(' ')) return this.#counts.get(term) ?? 0;
    let found = 0;
    for (
      let at = this.#joined.indexOf(` ${term} `);
      at !== -1;
      at = this.#joined.indexOf(` ${term} `, at + 1)
    )
      found++;
    return found;
  }
}

/** 0..1 per category, in the order of the categories. */
export function lexicalScores(vocabulary: CategoryVocabulary, document: DocumentTerms): number[] {
  const saturation = (tf: number) => tf / (tf + 1);
  return vocabulary.terms.map((parts) => {
    let score = 0;
    let weights = 0;
    for (const [part, terms] of parts) {
      let found = 0;
      let possible = smoothing;
      for (const [term, weight] of terms) {
        const idf = (vocabulary.idf.get(term) ?? 1) * weight;
        const common = everywhere.has(term) ? everywhereWeight : 1;
        found += idf * common * saturation(document.count(term));
        possible += idf;
      }
      score += partWeights[part] * (found / possible);
      weights += partWeights[part];
    }
    return weights === 0 ? 0 : score / weights;
  });
}
