/**
 * What a document looks like, apart from its words: how long it is, how its lines read (amounts,
 * a total, numbered headings, a greeting), where its text came from and how sure OCR was of it.
 * Each cue is a number in -1..1: +1 the document clearly shows it, -1 it clearly does not, 0 no
 * opinion. Cues say nothing about categories by themselves; cue-affinity.ts ties them to the words
 * a user puts in a category, so they work for categories nobody here has seen.
 */
import type { ParsedDocument } from '../types.ts';
import { stripAccents } from './tokens.ts';

export const cueNames = [
  'handwriting',
  'money',
  'totalLine',
  'pointOfSale',
  'paymentMade',
  'shortDocument',
  'longDocument',
  'academic',
  'chapters',
  'letterForm',
  'tables',
  'financialFigures',
  'procedure',
] as const;
export type Cue = (typeof cueNames)[number];
export type CueValues = Record<Cue, number>;

const clamp = (x: number) => Math.max(-1, Math.min(1, x));
/** -1 at `low`, +1 at `high`, linear in between. */
const ramp = (x: number, low: number, high: number) => clamp(((x - low) / (high - low)) * 2 - 1);

/** A line ending in an amount with two decimals (right-aligned prices), or money with its currency. */
const moneyLine =
  /(?:\d[.,]\d{2}-?\s*(?:[a-z]{1,3}|[$€£¥₹])?\s*$)|(?:[$€£¥₹]\s?\d)|(?:\d\s?[$€£¥₹])|\b(?:usd|eur|gbp|chf|rm|sgd|myr|inr|rs)\.?\s?\d/i;
/** "Total", "Amount due", "Summe", "Montant"... followed by a number on the same line. */
const totalLine =
  /\b(?:total|subtotal|sub total|amount due|balance due|amount payable|summe|gesamt\w*|endbetrag|zu zahlen|betrag|montant|net a payer|a payer)\b[^\n]{0,40}\d/i;
/** A payment already made: a card slip, money given back, a zero balance, "paid" with an amount. */
const paymentMade = [
  /\b(?:visa|mastercard|master card|amex|american express|maestro|girocard|ec karte|diners|unionpay|paypal|apple pay|google pay)\b/i,
  /\b(?:auth(?:orization|orisation)? code|approval code|appr code|terminal id|genehmigungscode|autorisation)\b/i,
  /\b(?:balance|saldo|solde|restbetrag|balance due|amount due)\b\D{0,20}\b0[.,]00\b/i,
  /\b(?:change|change due|ruckgeld|wechselgeld|rendu)\b\D{0,20}\d+[.,]\d{2}\b/i,
  /\b(?:paid|tendered|bezahlt|gegeben|paye|payee)\b\D{0,30}\d+[.,]\d{2}\b/i,
];
const clockTime = /\b(?:[01]?\d|2[0-3]):[0-5]\d(?::[0-5]\d)?\b/;
const numberedHeading =
  /^(?:\d{1,2}(?:\.\d{1,2}){0,3}\.?|[IVX]{1,4}\.)\s+[A-Z][A-Za-z-]+(?:\s+[A-Za-z-]+){0,8}$/;
const chapterWord =
  /^(?:chapter|section|part|unit|lesson|kapitel|abschnitt|chapitre|partie)\s+(?:\d+|[ivx]+)\b/i;
const greeting =
  /^(?:my\s+)?(?:dear|dearest|hi|hello|liebe[rs]?|sehr geehrte[rs]?|cher|chere|madame|monsieur)\b/i;
const closing =
  /\b(?:sincerely|regards|yours|faithfully|love|best wishes|affectionately|mit freundlichen gr|herzliche gr|cordialement|bien a vous|amities|bisous)\b/i;
const referencesHeading =
  /^(?:\d+\.?\s*)?(?:references|bibliography|works cited|literatur(?:verzeichnis)?|references bibliographiques)\s*$/i;
const abstractStart = /^(?:abstract|summary|zusammenfassung|resume)\b/i;
const bracketCitation = /\[\d{1,3}(?:\s*[,–-]\s*\d{1,3})*\]/g;
const authorYear = /\bet al\.?|\(\s*[A-Z][a-z]+(?: and [A-Z][a-z]+)?,?\s+(?:19|20)\d{2}[a-z]?\s*\)/g;
const identifier = /\b(?:doi|arxiv|issn|isbn)\b/i;
/** Statement figures: thousands separators or parenthesised negatives, e.g. 12,345 or (1.234). */
const figure = /\(?\b\d{1,3}(?:[,.\s]\d{3})+\b\)?|\(\d+\)/g;
const yearPair = /\b(?:19|20)\d{2}\b.*\b(?:19|20)\d{2}\b/;
const stepLine = /^(?:\d{1,2}[.)]|step\s+\d+|[a-h][.)])\s+[A-Za-z]/i;
const warningLine = /^(?:warning|caution|danger|notice|important|note)\b\s*[:!]?/i;

/** Lines looked at: a sample (text-sample.ts) has at most a few thousand. */
const maxLines = 4000;

export function layoutCues(document: ParsedDocument, sample: string): CueValues {
  // Accents off: the patterns spell "Rückgeld", "chère", "à payer" without them.
  const lines = stripAccents(sample)
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '')
    .slice(0, maxLines);
  const share = (pattern: RegExp) => (lines.length === 0 ? 0 : count(lines, pattern) / lines.length);
  const pages = document.pages.length;
  // Read from the words: not finding a total in garbled text says nothing about the document.
  const fromText = {
    money: ramp(share(moneyLine), 0, 0.15),
    totalLine: lines.some((l) => totalLine.test(l)) ? 1 : -0.5,
    academic: academic(lines, sample, pages),
    chapters: chapters(pages, lines),
    letterForm: letterForm(lines),
    financialFigures: financialFigures(lines),
    procedure: procedure(share(stepLine) + share(warningLine), pages),
  };
  const trust = lines.length === 0 ? 0 : textReliability(document);
  const weighed = Object.entries(fromText).map(([cue, v]) => [cue, v < 0 ? v * trust : v]);
  return {
    ...(Object.fromEntries(weighed) as typeof fromText),
    handwriting: handwriting(document),
    pointOfSale: pointOfSale(document, lines),
    // Not finding one says little: many receipts show only the total.
    paymentMade: paymentMade.some((p) => lines.some((l) => p.test(l))) ? 1 : 0,
    // A receipt, a letter or a note takes a page or two; a book or a manual takes dozens. One page
    // is weak evidence (any excerpt is one page); many pages are strong evidence against.
    shortDocument: pages === 0 ? 0 : pages <= 2 ? 0.5 : ramp(pages, 6, 3),
    longDocument: pages === 0 ? 0 : pages <= 2 ? -0.3 : ramp(pages, 3, 20),
    tables: tables(document),
  };
}

/**
 * 0..1 from the document's quality score (OCR confidence or text-layer sanity): 0 under 0.4
 * (DESIGN.md "Many Problems"), 1 from 0.8; 1 when unknown (a document not read by read-document).
 */
function textReliability(document: ParsedDocument): number {
  const score = document.qualityScore;
  return typeof score === 'number' ? Math.max(0, Math.min(1, (score - 0.4) / 0.4)) : 1;
}

/**
 * The value for a feature not found: absence on one page (an excerpt) is weak evidence, absence
 * over `fullAt` pages or more is strong.
 */
const absent = (pages: number, fullAt: number) => -Math.min(1, 0.3 + (0.7 * (pages - 1)) / (fullAt - 1));

const count = (lines: readonly string[], pattern: RegExp) => lines.filter((l) => pattern.test(l)).length;

/**
 * OCR reads print with mean word confidences of roughly 0.6-0.95 even on photographed receipts;
 * handwriting mostly falls under 0.5. A text layer was typed. Pages without text say nothing.
 */
function handwriting(document: ParsedDocument): number {
  let weighted = 0;
  let chars = 0;
  let textLayerChars = 0;
  for (const page of document.pages) {
    const length = page.text.trim().length;
    if (length === 0) continue;
    if (page.source === 'ocr' && typeof page.qualityScore === 'number') {
      weighted += page.qualityScore * length;
      chars += length;
    } else if (page.source === 'textLayer') textLayerChars += length;
  }
  if (chars === 0) return textLayerChars > 0 ? -1 : 0;
  const ocrShare = chars / (chars + textLayerChars);
  return ocrShare * ramp(weighted / chars, 0.7, 0.4) + (1 - ocrShare) * -1;
}

/**
 * Till receipts are printed on narrow rolls (58 or 80 mm, 164 or 227 pt) and tickets on small
 * cards, both stamped with the time of sale. PDF sizes are in points; image sizes are pixels of
 * unknown resolution, so only their shape counts.
 */
function pointOfSale(document: ParsedDocument, lines: readonly string[]): number {
  if (document.pages.length > 3) return -1;
  const first = document.pages[0];
  const narrow = first?.width && first.height ? first.width / first.height < 0.6 : false;
  const small = document.metadata.fileType === 'pdf' && !!first?.width && first.width <= 300;
  const timed = lines.some((l) => clockTime.test(l));
  return (narrow || small ? 0.6 : -0.2) + (timed ? 0.4 : -0.2);
}

/** An abstract, a references section, citations, a DOI or arXiv id: each adds evidence. */
function academic(lines: readonly string[], sample: string, pages: number): number {
  if (lines.length === 0) return 0;
  const opening = lines.slice(0, Math.max(40, lines.length / 5));
  const signals = [
    opening.some((l) => abstractStart.test(l)),
    lines.some((l) => referencesHeading.test(l)),
    (sample.match(bracketCitation)?.length ?? 0) >= 3,
    (sample.match(authorYear)?.length ?? 0) >= 2,
    identifier.test(sample),
  ].filter(Boolean).length;
  return signals === 0 ? absent(pages, 4) : [0, 0, 0.6, 1][Math.min(3, signals)]!;
}

/**
 * Numbered ("2.3 Results") or "Chapter n" headings. The parser's heading blocks are not used: any
 * large print is one, a shop's name on a receipt as much as a chapter title.
 */
function chapters(pages: number, lines: readonly string[]): number {
  const found = count(lines, numberedHeading) + 2 * count(lines, chapterWord);
  return found === 0 ? absent(pages, 5) : Math.min(1, found / 4);
}

/** Numbered steps and WARNING / CAUTION notes. */
function procedure(shareOfLines: number, pages: number): number {
  return shareOfLines === 0 ? absent(pages, 5) : Math.min(1, shareOfLines / 0.05);
}

function letterForm(lines: readonly string[]): number {
  const opens = lines.slice(0, 15).some((l) => greeting.test(l));
  const closes = lines.slice(-15).some((l) => closing.test(l));
  return opens && closes ? 1 : opens || closes ? 0.5 : -0.5;
}

function tables(document: ParsedDocument): number {
  if (document.pages.length === 0) return 0;
  const withTables = document.pages.filter((p) => p.blocks.some((b) => b.type === 'table')).length;
  return withTables === 0 ? -0.3 : 0.2 + 0.8 * (withTables / document.pages.length);
}

/** Financial statements: columns of large figures under year headings ("2023  2022"). */
function financialFigures(lines: readonly string[]): number {
  if (lines.length === 0) return 0;
  const rows = lines.filter((l) => (l.match(figure)?.length ?? 0) >= 2).length / lines.length;
  const years = lines.some((l) => yearPair.test(l) && l.length < 80) ? 0.3 : 0;
  return clamp(ramp(rows, 0, 0.2) + years);
}
