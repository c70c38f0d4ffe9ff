/**
 * What one page shows about where documents begin and end, read from all its blocks (page
 * furniture included: a page number or a running head is furniture, left out of `page.text`):
 * its printed page number ("Page 2 of 3", "2/3", a lone "- 2 -"), the document numbers it names
 * ("Invoice No. 2024-117"), whether it is blank, its size, its top lines and its words.
 */
import { contentTokens, stripAccents } from '../classify/tokens.ts';
import type { ParsedPage } from '../types.ts';

export interface PageNumber {
  n: number;
  /** The N of "page n of N", when printed. */
  of: number | null;
}

export interface PageSignals {
  blank: boolean;
  width: number | null;
  height: number | null;
  pageNumber: PageNumber | null;
  /** Document numbers it names, normalised ("INV2024117"). */
  documentNumbers: Set<string>;
  /** The first lines' words: a running head or a letterhead. */
  top: Set<string>;
  /** Content words with counts: pages of one document share a vocabulary. */
  terms: Map<string, number>;
  /** The last line of body text ends without a full stop, colon or similar: a sentence runs on. */
  endsOpen: boolean;
  /** The first line of body text starts in lower case: the end of a sentence from before. */
  startsLower: boolean;
  /** A title page: "Abstract" near the top, or a document title word heading the page. */
  opensDocument: boolean;
}

/** Fewer letters and digits than this: a blank (or scanned-blank) page. */
const blankBelow = 12;
const maxPageNumber = 999;

const pageOfN =
  /\b(?:page|seite|pagina|página|page|sida|side|strona|blatt|p\.)\s*(\d{1,3})\s*(?:of|von|de|sur|di|av|af|z|\/)\s*(\d{1,3})\b/i;
const pageWord = /\b(?:page|seite|pagina|página|sida|side|strona|blatt)\s*(\d{1,3})\b/i;
/** A line that is only a number, maybe dashed, or "n / N". */
const loneNumber = /^[-–—(\s]*(\d{1,3})\s*(?:[/|]\s*(\d{1,3}))?[-–—)\s]*$/;
const documentNumber =
  /\b(?:invoice|rechnung|facture|factura|fattura|bill|receipt|quittung|beleg|bon|order|auftrag|bestellung|commande|credit note|gutschrift|statement|contract|vertrag|ticket|booking|buchung|folio|document|dokument|reference|referenz)\s*(?:no\.?|nr\.?|n°|number|num\.?|nummer|numero|#|id)?\s*[:.#]?\s*([A-Z0-9][A-Z0-9\-/.]{2,24})/gi;
const titleWord =
  /^(?:invoice|tax invoice|rechnung|facture|factura|fattura|receipt|quittung|kassenbon|credit note|gutschrift|statement|contract|agreement|vertrag|abstract|zusammenfassung|resume)\b/i;
const terminal = /[.!?:;)\]"”'»]\s*$/;

export function pageSignals(page: ParsedPage): PageSignals {
  const lines = pageLines(page);
  const letters = lines.join('').replace(/[^\p{L}\p{N}]/gu, '').length;
  const body = bodyLines(page);
  const plain = stripAccents(lines.join('\n'));
  return {
    blank: letters < blankBelow,
    width: page.width,
    height: page.height,
    pageNumber: findPageNumber(page, lines),
    documentNumbers: findDocumentNumbers(plain),
    top: new Set(lines.slice(0, 2).flatMap((line) => contentTokens(stripDigits(line)))),
    terms: countTerms(contentTokens(plain)),
    endsOpen: prose(body) && !terminal.test(body.at(-1)!),
    startsLower: prose(body) && /^\p{Ll}{2,}\b/u.test(body[0]!),
    opensDocument: lines.slice(0, 40).some((line) => titleWord.test(stripAccents(line).trim())),
  };
}

/** Every block's lines in reading order, furniture included; the page's text when it has no blocks. */
function pageLines(page: ParsedPage): string[] {
  const texts = page.blocks.length > 0 ? page.blocks.map((block) => block.text) : [page.text];
  return texts
    .flatMap((text) => text.split('\n'))
    .map((line) => line.trim())
    .filter((line) => line !== '');
}

/** Lines of the page's own text, furniture left out: where a sentence crosses the page break. */
function bodyLines(page: ParsedPage): string[] {
  return page.text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => /\p{L}{2}/u.test(line));
}

/**
 * Lines long enough to be running text (40 characters on average): on a receipt or a form every
 * line ends without a full stop and OCR noise may start one in lower case, which says nothing.
 */
function prose(lines: readonly string[]): boolean {
  if (lines.length < 3) return false;
  return lines.reduce((sum, line) => sum + line.length, 0) / lines.length >= 40;
}

function findPageNumber(page: ParsedPage, lines: readonly string[]): PageNumber | null {
  for (const line of lines) {
    const match = pageOfN.exec(line);
    if (match) return numbered(Number(match[1]), Number(match[2]));
  }
  // A lone number counts where furniture sits: a pageNumber block, or the first or last lines.
  const furniture = page.blocks
    .filter((block) => block.type === 'pageNumber' || block.type === 'footer' || block.type === 'header')
    .map((block) => block.text.trim());
  for (const text of [...furniture, ...lines.slice(-2), ...lines.slice(0, 1)]) {
    const word = pageWord.exec(text);
    if (word) return numbered(Number(word[1]), null);
    const lone = loneNumber.exec(text);
    if (lone) return numbered(Number(lone[1]), lone[2] === undefined ? null : Number(lone[2]));
  }
  return null;
}

function numbered(n: number, of: number | null): PageNumber | null {
  if (n < 1 || n > maxPageNumber) return null;
  if (of !== null && (of < n || of > maxPageNumber)) return { n, of: null };
  return { n, of };
}

function findDocumentNumbers(text: string): Set<string> {
  const found = new Set<string>();
  for (const match of text.matchAll(documentNumber)) {
    const value = match[1]!.toUpperCase().replace(/[^A-Z0-9]/g, '');
    // A number has digits; "INVOICE DATE" is a label, not a number.
    if (/\d/.test(value) && value.length >= 3) found.add(value);
  }
  return found;
}

const stripDigits = (line: string) => line.replace(/\d+/g, ' ');

function countTerms(tokens: readonly string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const token of tokens) if (!/\d/.test(token)) counts.set(token, (counts.get(token) ?? 0) + 1);
  return counts;
}

/** Cosine of two term vectors: 0 nothing shared, 1 the same words in the same proportions. */
export function termSimilarity(a: Map<string, number>, b: Map<string, number>): number {
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (const [term, count] of a) {
    na += count * count;
    dot += count * (b.get(term) ?? 0);
  }
  for (const count of b.values()) nb += count * count;
  return na === 0 || nb === 0 ? 0 : dot / Math.sqrt(na * nb);
}

/** The share of words two sets have in common (Jaccard). */
export function overlap(a: Set<string>, b: Set<string>): number {
  if (a.size === 0 || b.size === 0) return 0;
  let shared = 0;
  for (const item of a) if (b.has(item)) shared++;
  return shared / (a.size + b.size - shared);
}
