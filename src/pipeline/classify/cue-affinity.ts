/**
 * Which layout cues a category cares about, read from the words its author chose: a category that
 * says "handwritten" wants low-confidence OCR, one that says "receipt" wants amounts and a total.
 * The lexicon is generic English with common German and French words; it names kinds of
 * documents and their parts, never a particular collection's labels.
 */

import { type Cue, cueNames } from './layout-cues.ts';
import { allTokens } from './tokens.ts';
import type { Category } from './types.ts';

/** Per cue: "word or phrase: strength" (0..1), how surely the word implies the cue. */
const lexicon: Record<Cue, Record<string, number>> = {
  handwriting: {
    handwritten: 1,
    handwriting: 1,
    'by hand': 1,
    'hand written': 1,
    handwrit: 1,
    manuscript: 0.6,
    scribble: 0.8,
    scribbled: 0.8,
    sketch: 0.4,
    handschrift: 1,
    handschriftlich: 1,
    handgeschrieben: 1,
    manuscrit: 1,
    manuscrite: 1,
  },
  money: {
    receipt: 1,
    invoice: 1,
    bill: 0.8,
    price: 0.8,
    prices: 0.8,
    subtotal: 1,
    paid: 0.6,
    payment: 0.6,
    purchase: 0.8,
    quote: 0.6,
    quotation: 0.8,
    tax: 0.5,
    vat: 0.6,
    amount: 0.5,
    fare: 0.6,
    order: 0.3,
    rechnung: 1,
    quittung: 1,
    beleg: 0.8,
    kassenbon: 1,
    facture: 1,
    recu: 1,
    'ticket de caisse': 1,
  },
  totalLine: {
    receipt: 1,
    invoice: 1,
    bill: 0.8,
    subtotal: 1,
    total: 0.8,
    'amount due': 1,
    quotation: 0.8,
    rechnung: 1,
    quittung: 1,
    kassenbon: 1,
    facture: 1,
    recu: 1,
  },
  pointOfSale: {
    receipt: 1,
    till: 1,
    'point of sale': 1,
    checkout: 0.8,
    cashier: 1,
    'cash register': 1,
    kassenbon: 1,
    kassenzettel: 1,
    quittung: 0.6,
    'ticket de caisse': 1,
    recu: 0.8,
  },
  paymentMade: {
    receipt: 1,
    'proof of payment': 1,
    paid: 0.6,
    'payment method': 0.6,
    change: 0.4,
    quittung: 1,
    kassenbon: 1,
    recu: 1,
    'ticket de caisse': 1,
  },
  shortDocument: {
    receipt: 1,
    invoice: 0.8,
    bill: 0.6,
    letter: 0.6,
    note: 0.6,
    memo: 0.6,
    ticket: 0.6,
    certificate: 0.6,
    'business card': 1,
    postcard: 1,
    quittung: 1,
    rechnung: 0.8,
    facture: 0.8,
    lettre: 0.6,
  },
  longDocument: {
    book: 1,
    textbook: 1,
    handbook: 1,
    manual: 0.8,
    guide: 0.5,
    thesis: 1,
    dissertation: 1,
    'annual report': 0.6,
    catalogue: 0.6,
    catalog: 0.6,
    chapter: 0.6,
    coursebook: 1,
    'course book': 1,
    buch: 1,
    lehrbuch: 1,
    handbuch: 1,
    livre: 1,
    manuel: 0.8,
  },
  academic: {
    paper: 0.8,
    article: 0.6,
    research: 1,
    preprint: 1,
    journal: 1,
    publication: 0.8,
    abstract: 1,
    citation: 1,
    references: 0.6,
    scholarly: 1,
    scientific: 1,
    conference: 0.8,
    proceedings: 1,
    arxiv: 1,
    'et al': 1,
    thesis: 0.8,
    dissertation: 0.8,
    wissenschaftlich: 1,
    scientifique: 1,
  },
  chapters: {
    chapter: 1,
    section: 0.6,
    book: 0.6,
    textbook: 1,
    handbook: 0.8,
    manual: 0.6,
    guide: 0.4,
    thesis: 0.6,
    coursebook: 1,
    kapitel: 1,
    chapitre: 1,
    lehrbuch: 1,
    handbuch: 0.8,
  },
  letterForm: {
    letter: 1,
    correspondence: 1,
    greeting: 1,
    dear: 1,
    sincerely: 1,
    yours: 0.8,
    postcard: 1,
    'cover letter': 1,
    lettre: 1,
    anschreiben: 1,
  },
  tables: {
    table: 0.5,
    tables: 0.5,
    tabular: 0.5,
    spreadsheet: 1,
    statistics: 0.5,
    figures: 0.3,
    tabelle: 0.5,
    tableau: 0.5,
  },
  financialFigures: {
    'balance sheet': 1,
    'income statement': 1,
    'financial statement': 1,
    'cash flow': 1,
    financial: 0.8,
    revenue: 0.6,
    earnings: 0.8,
    fiscal: 0.8,
    quarterly: 0.6,
    'annual report': 0.6,
    profit: 0.6,
    liabilities: 0.8,
    assets: 0.6,
    bilanz: 1,
    bilan: 1,
    jahresabschluss: 1,
  },
  procedure: {
    procedure: 1,
    instructions: 1,
    instruction: 1,
    step: 0.8,
    'how to': 0.8,
    install: 0.6,
    operate: 0.6,
    maintain: 0.5,
    manual: 0.8,
    guide: 0.5,
    warning: 0.8,
    troubleshooting: 1,
    recipe: 0.8,
    anleitung: 1,
    bedienungsanleitung: 1,
    'mode d emploi': 1,
  },
};

/** The lexicon with its entries tokenised as category texts are, so "receipts" meets "receipt". */
const stemmedLexicon = cueNames.map(
  (cue) =>
    [
      cue,
      Object.entries(lexicon[cue]).map(([term, strength]) => [allTokens(term).join(' '), strength] as const),
    ] as const,
);

export type CueAffinity = Partial<Record<Cue, number>>;

/** 0..1 per cue the category's name, description or keywords speak of; cues it does not are absent. */
export function cueAffinity(category: Category): CueAffinity {
  const text = [
    category.name.replace(/[_-]+/g, ' '),
    category.description ?? '',
    ...(category.keywords ?? []),
  ];
  const padded = ` ${allTokens(text.join(' . ')).join(' ')} `;
  const affinity: CueAffinity = {};
  for (const [cue, terms] of stemmedLexicon) {
    let best = 0;
    for (const [term, strength] of terms)
      if (strength > best && padded.includes(` ${term} `)) best = strength;
    if (best > 0) affinity[cue] = best;
  }
  return affinity;
}
