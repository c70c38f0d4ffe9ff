/**
 * Who issued the document when no label says so: receipts and most invoices print the issuer's
 * name as the first prominent line(s) at the top, often with a legal form (Ltd, GmbH, B.V.,
 * Sdn Bhd...), and its address right under it (header-address.ts). Lines that are clearly something else (titles
 * such as "TAX INVOICE", phone, registration and tax numbers, dates, amounts) are passed over.
 */
import { findAmounts } from './amounts.ts';
import { findDates } from './dates.ts';
import { type DocLine, lineHeight } from './doc-lines.ts';
import { fold } from './fold.ts';
import { findEmails, findUrls } from './identifiers.ts';
import { pieces } from './name-pieces.ts';

export interface HeaderGuess {
  lines: DocLine[];
  text: string;
  score: number;
}

const legalForm =
  /\b(sdn\.? ?bhd|bhd|berhad|s\/b|ltd|limited|llc|l\.l\.c|inc|incorporated|corp|corporation|co\.|company|gmbh|ag|kg|ohg|ug|e\.?k|b\.? ?v|n\.? ?v|s\.?a\.?r\.?l|sarl|sas|s\.?a|s\.?l|s\.?r\.?l|s\.?p\.?a|spa|plc|pty|pvt|llp|lp|oy|ab|a\/s|as|enterprises?|trading|holdings?|group)\.?$/i;
const legalFormAnywhere =
  /\b(sdn\.? ?bhd|berhad|ltd|limited|llc|inc|gmbh|b\.v\.|n\.v\.|s\.a\.r\.l|sarl|plc|pty|pvt|llp|enterprises?|trading|holdings)\b/i;
/** Document titles and field labels: what a company name is not. */
const titles =
  'tax invoice|simplified tax invoice|invoice|receipt|guest check|official receipt|cash receipt|sales receipt|cash bill|bill|tax receipt|quotation|quote|delivery order|credit note|debit note|statement|order|facture|rechnung|factuur|factura|recibo|quittung|bon|kassenbon|ticket|copy|customer copy|merchant copy|duplicate|original|welcome|thank you';
export const notName = new RegExp(`^(${titles})\\b`, 'i');
/** A title read without its spaces ("TAXINVOICE"), the whole line. */
export const gluedTitle = new RegExp(`^(${titles.replace(/ /g, '')})$`, 'i');
const titleWord =
  /\b(invoice|receipt|bill|quotation|statement|facture|rechnung|factuur|factura|recibo|quittung|kopie|copy|copie|duplicate|original)\b/;
export const labelStart =
  /^(tel|phone|telephone|fax|mobile|hp|h\/p|email|e-mail|web|www|http|gst|vat|tax|reg|co\.? ?reg|company|comp\.? ?no|roc|business|abn|tin|ust|btw|tva|siret|kvk|date|time|invoice|inv|receipt|bill|cashier|table|server|page|no\.?\s*:|order|customer|account|terms|to:|from:)\b/i;
export const addressWord =
  /\b(jalan|jln|lorong|lrg|taman|tmn|bandar|persiaran|lebuh|level|street|st|road|rd|avenue|ave|lane|ln|drive|dr|boulevard|blvd|floor|fl|suite|unit|lot|no|block|blk|building|plaza|park|square|sq|way|highway|industrial|estate|straße|strasse|str|weg|platz|allee|gasse|rue|avenue|boulevard|chemin|place|laan|straat|plein|weg|calle|avenida|plaza|carrera|city|district|kawasan|seksyen|section|po box|p\.?o\.? box|postfach)\b/i;

/** The text without leading punctuation: "(GST Reg No" tests as "GST Reg No". */
export const bare = (text: string) => text.replace(/^[^\p{L}\p{N}]+/u, '');

/** Starts with a house number or a street word followed by a number: "3RD FLR, ...", "LOT 12, ...". */
export function addressLike(text: string): boolean {
  return /^\d/.test(bare(text)) || (addressWord.test(text) && /\d/.test(text));
}

export function letters(text: string): number {
  return (text.match(/\p{L}/gu) ?? []).length;
}

/** Words of field labels and receipt chatter: a line with one of them is not a company name. */
const chatter =
  /\b(total|subtotal|gst|vat|tax|excl|incl|qty|quantity|order|number|cashier|transaction|amount|date|time|tel|fax|phone|thank|thanks|welcome|change|cash|payment|member|table|server|terminal|page|customer|served|please|visit|again)\b/;

/** A legal form alone ("BHD", "GmbH"): the end of a name set on the line above, not a name. */
const formOnly = (text: string) => legalForm.test(text) && text.replace(legalForm, '').trim() === '';

/** A line (or one segment of it) that could be (part of) a company name. */
function nameLike(text: string, confidence: number): boolean {
  // Judged without a registration code in brackets: "AEON CO. (M) BHD (126926-H)" is mostly letters.
  const name = cleanName(text);
  const alpha = letters(name);
  if (alpha < 3 || alpha < 0.5 * name.replace(/\s/g, '').length || confidence < 0.4) return false;
  if (formOnly(name)) return false;
  const folded = fold(text);
  if (notName.test(folded) || (folded.split(' ').length <= 3 && titleWord.test(folded))) return false;
  if (labelStart.test(bare(text)) || /:\s*$|\p{L}:\s/u.test(text)) return false;
  // OCR of a logo or a stamp reads as "al 1aZ0Nn": a name is mostly real words.
  const words = name
    .split(/\s+/)
    .map((w) => w.replace(/^[^\p{L}\p{N}#]+|[^\p{L}\p{N}]+$/gu, ''))
    .filter(Boolean);
  // Brand names in camel case ("QualityHosting", "iViveLabs") are words too; "1aZ0Nn" is not.
  const clean = words.filter((w) =>
    /^(\p{Lu}?[\p{Ll}'’&.-]+|[\p{Lu}'’&./-]+|\d+|\d+\p{L}{1,2}|\p{Ll}?\p{Lu}?\p{Ll}+(?:\p{Lu}\p{Ll}+)+)$/u.test(
      w,
    ),
  );
  if (clean.length * 2 <= words.length) return false;
  const hasForm = legalForm.test(cleanName(text)) || legalFormAnywhere.test(text);
  if (!hasForm && (chatter.test(folded) || addressLike(text))) return false;
  if (findDates(text).length || findEmails(text).length || findUrls(text).length) return false;
  return !findAmounts(text).some((a) => a.hasDecimals);
}

const strictForm =
  /\b(sdn\.? ?bhd|ltd|limited|llc|inc|gmbh|b\.v\.|n\.v\.|sarl|s\.a\.|plc|pty|pvt|llp|ag)\.?/i;

/**
 * The name alone: a trailing registration code in brackets dropped ("MART S/B (519537-X)"), an
 * address run on after the legal form cut ("Coolblue B.V.Weena 664"), edge punctuation trimmed.
 */
export function cleanName(text: string): string {
  const form = text.match(strictForm);
  if (form?.index !== undefined) {
    const after = text.slice(form.index + form[0].length);
    if (/^\s*[\p{L}\s,.-]*\d/u.test(after) && !/^\s*\(/.test(after))
      text = text.slice(0, form.index + form[0].length);
  }
  return text
    .replace(/\s*[([]\s*[\p{L}\d.: -]*\d[\p{L}\d.: -]*[)\]]?\s*$/u, '')
    .replace(/^[\s|:;,.'"`~*_-]+|[\s|:;,'"`~*_-]+$/gu, '')
    .trim();
}

/** Folded letters of the document's e-mail and web domains ("azure-interior.com" → azureinterior). */
function domainStems(lines: readonly DocLine[]): string[] {
  const stems = new Set<string>();
  for (const line of lines) {
    for (const found of [...findEmails(line.text), ...findUrls(line.text)]) {
      const host =
        String(found.value)
          .replace(/^.*@|^https?:\/\/(www\.)?/i, '')
          .split(/[/.]/)[0] ?? '';
      if (host.length >= 3) stems.add(fold(host).replace(/[^a-z0-9]/g, ''));
    }
  }
  return [...stems];
}

/** "Owned by" (and the like) over a name, or in front of it: the owner of the shop, not the name it trades under. */
const ownerPhrase =
  /^(owned|operated|managed|run|franchised|a member|a subsidiary|a division|a company)\b.*\b(by|of)\b\s*:?\s*$/;
function ownerOf(above: DocLine | undefined, line: DocLine): boolean {
  const own = fold(line.text).match(/^(owned|operated|managed) by\b/);
  return own !== null || (above !== undefined && ownerPhrase.test(fold(above.text)));
}

/** The issuer's name from the top of the first page (or a legal-form line anywhere). */
export function headerName(lines: readonly DocLine[], excluded: ReadonlySet<DocLine>): HeaderGuess | null {
  const firstPage = lines.filter((l) => l.page === lines[0]?.page);
  const heights = firstPage
    .map(lineHeight)
    .filter((h) => h > 0)
    .sort((a, b) => a - b);
  const typical = heights[heights.length >> 1] ?? 0;
  const stems = domainStems(lines);
  let best: HeaderGuess | null = null;
  let rank = 0;
  let dateAbove = false;
  for (const [k, line] of firstPage.entries()) {
    const datedBefore = dateAbove;
    if (findDates(line.text).length > 0) dateAbove = true;
    if (excluded.has(line) || ownerOf(firstPage[k - 1], line)) continue;
    const top =
      line.bbox && line.pageHeight ? line.bbox[1] / line.pageHeight : k / Math.max(firstPage.length, 12);
    let ranked = false;
    for (const piece of pieces(line)) {
      const text = cleanName(piece.text);
      const hasForm = legalForm.test(text) || legalFormAnywhere.test(piece.text);
      if ((top > 0.35 && !hasForm) || !nameLike(piece.text, line.confidence)) continue;
      let score = 0.3 + (hasForm ? 0.3 : 0) + ([0.25, 0.15, 0.05][rank] ?? 0);
      ranked = true;
      if (typical > 0 && lineHeight(line) >= 1.3 * typical) score += 0.15;
      const squashed = fold(text).replace(/[^a-z0-9]/g, '');
      if (stems.some((s) => squashed.includes(s) || (squashed.length >= 4 && s.includes(squashed))))
        score += 0.25;
      if (top > 0.35) score -= 0.15;
      // Under the document's date the body has begun: a name there is the customer's or a
      // store's ("MAKASSAR FRESH MARKET SDN BHD" under "Date: 21/07/2017"), not the issuer's.
      if (datedBefore) score -= 0.2;
      score *= 0.5 + 0.5 * line.confidence;
      if (!best || score > best.score) best = { lines: [line], text, score };
    }
    if (ranked) rank++;
  }
  if (!best) return null;
  // A name whose legal form went to a line of its own ("PASAR RAYA MEGA MAJU" / "(SEMENYIH) SDN BHD").
  const head = best.lines[0]!;
  const above = lines[head.index - 1];
  if (
    above &&
    above.page === head.page &&
    /^[([]/.test(best.text) &&
    nameLike(above.text, above.confidence) &&
    !excluded.has(above)
  ) {
    const close = !head.bbox || !above.bbox || head.bbox[1] - above.bbox[3] < lineHeight(head);
    if (close)
      best = { lines: [above, head], text: `${cleanName(above.text)} ${best.text}`, score: best.score };
  }
  // A name set on two lines ("ALK HUST HARDWARE ENTERPRISE (SETIA" / "ALAM) SDN BHD"): the next
  // line finishes it when it ends in a legal form and this one does not.
  const line = best.lines.at(-1)!;
  const next = lines[line.index + 1];
  if (
    next &&
    next.page === line.page &&
    !legalForm.test(best.text) &&
    (nameLike(next.text, next.confidence) || formOnly(cleanName(next.text))) &&
    legalForm.test(cleanName(next.text))
  ) {
    const close = !line.bbox || !next.bbox || next.bbox[1] - line.bbox[3] < lineHeight(line);
    if (close)
      best = {
        lines: [...best.lines, next],
        text: `${best.text} ${cleanName(next.text)}`,
        score: best.score,
      };
  }
  return { ...best, score: Math.min(0.85, best.score) };
}
