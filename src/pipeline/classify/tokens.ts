/**
 * Words for lexical matching: NFKD-folded lower case without accents, split on anything that is
 * not a letter or digit, lightly stemmed. Light on purpose: "invoices" must meet "invoice" and
 * "procedures" "procedure", but an aggressive stemmer (Porter) also merges words a category
 * author meant apart ("general" / "generate") and costs more than the whole match.
 */

/** English, plus the commonest German and French function words (users write categories in them). */
const stopWords = new Set(
  (
    'a an the and or nor but if then than so as at by for from in into of off on onto out over to ' +
    'up with without within via per about above after before below between during under until ' +
    'is are was were be been being am do does did done has have had having can could may might must ' +
    'shall should will would it its this that these those there here such some any each every all both ' +
    'either neither other another same own more most less least many much few very too also only just ' +
    'not no yes i me my we our us you your he him his she her they them their what which who whom whose ' +
    'when where why how often e g eg ie etc ' +
    'der die das den dem des ein eine einer eines einem einen und oder aber mit von zu zum zur im auf ' +
    'für fur ist sind war wie als auch nicht bei aus nach ' +
    'le la les un une des du de et ou au aux en dans sur pour par avec est sont ce cette ces qui que'
  ).split(' '),
);

/** "Rückgeld" → "Ruckgeld", "payé" → "paye", "Grüße" → "Grusse": one spelling with or without accents. */
export const stripAccents = (text: string) =>
  text.normalize('NFKD').replace(/\p{M}/gu, '').replace(/ß/g, 'ss');

const fold = (text: string) => stripAccents(text).toLowerCase();

/** Words whose ending is not a plural: "yours" must not become "your", which every text has. */
const unstemmed = new Set([
  'yours',
  'ours',
  'hers',
  'theirs',
  'always',
  'news',
  'series',
  'species',
  'towards',
]);

/**
 * Plural, then verb endings ("warnings" → "warning" → "warn", as "warning" → "warn"); words of four
 * letters or fewer are left alone ("bus", "gas").
 */
export function stem(word: string): string {
  if (word.length <= 4 || /\d/.test(word) || unstemmed.has(word)) return word;
  let w = word;
  if (w.endsWith('ies')) w = `${w.slice(0, -3)}y`;
  else if (/(ss|x|ch|sh)es$/.test(w)) w = w.slice(0, -2);
  else if (w.endsWith('s') && !/(ss|us|is)$/.test(w)) w = w.slice(0, -1);
  if (w.endsWith('ing') && w.length > 6) return w.slice(0, -3);
  if (w.endsWith('ed') && w.length > 5) return w.slice(0, -2);
  return w;
}

/** Every word in order, stemmed, stop words kept: phrases ("bill to", "thank you") need them. */
export function allTokens(text: string): string[] {
  return (fold(text).match(/[\p{L}\p{N}]+/gu) ?? []).map(stem);
}

const isStopWord = (token: string) => stopWords.has(token) || token.length < 2;

/** Content words only: what a category's description and a document are compared on. */
export const contentTokens = (text: string) => allTokens(text).filter((t) => !isStopWord(t));
