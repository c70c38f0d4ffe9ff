/**
 * The language of a document's text, as a PostgreSQL text search configuration (the one that
 * stems its chunks' tsvector). No detector ships with the project, and a chunk job knows only the
 * OCR languages it was asked for, so: function words. The most frequent words of a language are
 * short closed-class words that appear in any paragraph; over a paragraph the language with most hits wins
 * clearly (a 40-word English paragraph has ~10). Too little text, or no clear winner, is `simple` (no stemming, no
 * stopwords), which still matches exact words.
 */

/** Configurations every PostgreSQL (and PGlite) ships, by ISO 639-1 code. */
export const textSearchConfigs = {
  en: 'english',
  de: 'german',
  fr: 'french',
  es: 'spanish',
  it: 'italian',
  pt: 'portuguese',
  nl: 'dutch',
} as const;

export type TextSearchConfig = (typeof textSearchConfigs)[keyof typeof textSearchConfigs] | 'simple';

/** Every configuration a chunk may be stored in: a query is parsed in each (src/store/chunks). */
export const allTextSearchConfigs: readonly TextSearchConfig[] = [
  ...Object.values(textSearchConfigs),
  'simple',
];

const functionWords: Record<keyof typeof textSearchConfigs, string> = {
  en: 'the of and to in is that for it with as was on are be by this which from or an not have at',
  de: 'der die und in den von zu das mit sich des auf für ist im dem nicht ein eine als auch es an werden aus',
  fr: 'le la les de des et en un une du est que qui dans pour pas sur au par ce il avec sont plus',
  es: 'el la de que y en los del se las por un una para con no es al lo como más o pero sus',
  it: 'il di che la e in un una per del della non sono con si le dei gli al è da nel alla anche',
  pt: 'de que e o a do da em um para com não uma os no se na por mais as dos como mas ao é',
  nl: 'de het een en van in is dat op te zijn met voor niet aan er die door ook als bij om',
};

const wordSets = Object.entries(functionWords).map(
  ([code, words]) => [code as keyof typeof textSearchConfigs, new Set(words.split(' '))] as const,
);

/** Fewer function-word hits than this in the sample: too little text to say. */
const minHits = 5;
/** The winner must beat the runner-up by this factor: shared words (de/nl "de", es/pt "que") tie otherwise. */
const minLead = 1.5;
/** Words looked at: enough for a clear count, bounded for a 500-page document. */
const sampleWords = 5000;

/** An ISO 639-1/639-2 code (`en`, `eng`, `deu`) to its configuration; `simple` when not known. */
export function configForLanguageCode(code: string | null | undefined): TextSearchConfig {
  const short = (code ?? '').toLowerCase().slice(0, 3);
  const aliases: Record<string, keyof typeof textSearchConfigs> = {
    eng: 'en',
    deu: 'de',
    ger: 'de',
    fra: 'fr',
    fre: 'fr',
    spa: 'es',
    ita: 'it',
    por: 'pt',
    nld: 'nl',
    dut: 'nl',
  };
  const key = (aliases[short] ?? short.slice(0, 2)) as keyof typeof textSearchConfigs;
  return short.length >= 2 && key in textSearchConfigs ? textSearchConfigs[key] : 'simple';
}

export function guessTextSearchConfig(text: string): TextSearchConfig {
  const words =
    text
      .toLowerCase()
      .match(/\p{L}+/gu)
      ?.slice(0, sampleWords) ?? [];
  const hits = wordSets.map(([code, set]) => ({ code, count: words.filter((word) => set.has(word)).length }));
  hits.sort((a, b) => b.count - a.count);
  const [best, second] = hits;
  if (!best || best.count < minHits || best.count < minLead * (second?.count ?? 0)) return 'simple';
  return textSearchConfigs[best.code];
}
