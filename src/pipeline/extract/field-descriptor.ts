/**
 * What the engine looks for to fill one field: the concept it stands for (concepts.ts), chosen
 * from the field's name (weighed most, its last word most of all: `customer_address` is an
 * address), title, description and the names of the objects it sits in (`vendor.name`);
 * otherwise the field's own words as its label. Whose field it is (vendor or customer) comes
 * from the same words.
 */
import { columnConcepts } from './column-concepts.ts';
import { type Concept, customerWords, documentConcepts, type Party, type ValueKind } from './concepts.ts';
import { foldWords, nameWords } from './fold.ts';
import type { ScalarField } from './schema-fields.ts';

export interface FieldDescriptor {
  concept: Concept | null;
  kind: ValueKind;
  party: Party;
  labels: string[][];
  weakLabels: string[][];
  excludes: string[][];
  boosters: string[];
  prefer: 'first' | 'last';
  /** The field's own words, for matching enum values and labels of unknown fields. */
  words: string[];
}

const phrase = (p: string) => p.split(' ');
const genericNames = new Set([
  'name',
  'value',
  'text',
  'title',
  'label',
  'info',
  'details',
  'id',
  'number',
  'no',
]);

/** Field names are often plural (`emails`, `line_items`, `taxes`). */
const sameWord = (word: string, trigger: string) =>
  word === trigger || word === `${trigger}s` || word === `${trigger}es`;

function containsPhrase(words: readonly string[], needle: readonly string[]): number {
  outer: for (let i = 0; i + needle.length <= words.length; i++) {
    for (let k = 0; k < needle.length; k++) if (!sameWord(words[i + k]!, needle[k]!)) continue outer;
    return i;
  }
  return -1;
}

/** Name hits weigh 3 (4.5 for the name's last words), title 2, description 1; longer triggers more. */
function scoreConcept(concept: Concept, name: string[], title: string[], description: string[]): number {
  let inName = 0;
  let inTitle = 0;
  let inDescription = 0;
  for (const trigger of concept.triggers) {
    const needle = phrase(trigger);
    const weight = 1 + 0.5 * (needle.length - 1);
    const at = containsPhrase(name, needle);
    // The head of an English compound is its last word: customer_address is an address.
    if (at >= 0) inName = Math.max(inName, 3 * weight * (at + needle.length === name.length ? 1.5 : 1));
    if (containsPhrase(title, needle) >= 0) inTitle = Math.max(inTitle, 2 * weight);
    if (containsPhrase(description, needle) >= 0) inDescription = Math.max(inDescription, weight);
  }
  return inName + inTitle + inDescription;
}

function bestConcept(concepts: readonly Concept[], name: string[], title: string[], description: string[]) {
  let best: Concept | null = null;
  let bestScore = 0;
  for (const concept of concepts) {
    const score = scoreConcept(concept, name, title, description);
    if (score > bestScore) [best, bestScore] = [concept, score];
  }
  return { concept: best, score: bestScore };
}

function kindOfType(field: ScalarField): ValueKind {
  if (field.format === 'date' || field.format === 'date-time') return 'date';
  if (field.format === 'email') return 'email';
  if (field.format === 'uri') return 'uri';
  if (field.type === 'number' || field.type === 'integer') return 'number';
  if (field.type === 'boolean') return 'boolean';
  return 'text';
}

/** `column`: the field belongs to the items of an array (a line-item column). */
export function describeField(field: ScalarField, column: boolean): FieldDescriptor {
  const name = nameWords(field.name);
  const title = foldWords(field.title);
  const description = foldWords(field.description);
  const concepts = column
    ? [...columnConcepts, ...documentConcepts.filter((c) => c.kind !== 'name')]
    : documentConcepts;
  let { concept, score } = bestConcept(concepts, name, title, description);
  // `vendor: {name}`: a generic name takes its meaning from the object it is in.
  if ((!concept || score < 3) && name.every((w) => genericNames.has(w)) && field.context.length > 0) {
    const inContext = bestConcept(concepts, field.context, [], []);
    if (inContext.concept) concept = inContext.concept;
  }
  // A format or type says more than a loose description: a date field is not a total.
  const typeKind = kindOfType(field);
  if (concept && typeKind === 'date' && concept.kind !== 'date') concept = null;
  if (concept && field.type === 'boolean') concept = null;
  const allWords = new Set([...name, ...title, ...field.context, ...description.slice(0, 12)]);
  const party: Party =
    concept?.id === 'customerName' || [...allWords].some((w) => customerWords.has(w) && w !== 'to')
      ? 'customer'
      : 'vendor';
  const ownLabels = [name, title].filter((w) => w.length > 0 && w.length <= 4);
  return {
    concept,
    kind: concept?.kind ?? typeKind,
    party,
    labels: concept ? concept.labels.map(phrase) : ownLabels,
    weakLabels: concept ? concept.weakLabels.map(phrase) : [],
    excludes: concept ? concept.excludes.map(phrase) : [],
    boosters: concept?.boosters ?? [],
    prefer: concept?.prefer ?? 'first',
    words: name.length > 0 ? name : title,
  };
}
