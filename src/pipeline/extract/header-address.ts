/**
 * The issuer's address: the block of lines under its name (header-party.ts). Receipts and
 * invoices print, under the name, maybe a registration number, a branch or shop name and
 * phone or tax lines, then the address from its street line (a house or lot number, a street
 * word) down to the line with the postcode and town, maybe a state or country line after it.
 * What follows (phone, tax numbers, titles, a branch line, "CARRY OUT") is not the address.
 *
 * On the 50 SROIE receipts the address was the lines right under the name until a phone line:
 * right 9 times in 50; a shop name above the street line, a phone line before it or a line
 * after the postcode each made it wrong (bench/extract-receipts.ts --show-misses).
 */
import { findAmounts } from './amounts.ts';
import { findDates } from './dates.ts';
import { type DocLine, lineHeight } from './doc-lines.ts';
import { fold } from './fold.ts';
import {
  addressLike,
  addressWord,
  bare,
  gluedTitle,
  type HeaderGuess,
  labelStart,
  letters,
  notName,
} from './header-party.ts';
import { findEmails } from './identifiers.ts';

/** Registration numbers between a name and its address: "(867388-U)", "<484297-M>", "CO. REG: 123". */
const registration = /^([\dA-Z-]*\d[\dA-Z-]*[)\]>}]?$|(co|company|comp|reg|roc|gst|vat|business)\b)/i;

/** "Address:", "HQ ADD:" before the street: a label to drop, not part of the address. */
const addressLabel =
  /^(?:(?:hq|head office|office|registered|reg\.?)\s+)?(?:add|addr|address|adresse|anschrift|direccion)\b\.?\s*:\s*/i;

/**
 * A postcode: five digits (Malaysia, Germany, France, Spain, Italy, the US), four digits and two
 * letters (the Netherlands) or a UK one, not a lot or house number ("LOT 11995", "NO 12345").
 */
const postcode =
  /(?<!\b(?:lot|no|unit|blk|block|pt|ptd|suite|#)\.?\s?)(?:^|[\s,.(-])(\d{5}|\d{4} ?[A-Z]{2}|[A-Z]{1,2}\d[A-Z\d]? \d[A-Z]{2})(?=[\s,.)]|$)/i;

export function hasPostcode(text: string): boolean {
  return postcode.test(text.trim());
}

/** A state or a country alone under the postcode line ("JOHOR", "Selangor DE", "MALAYSIA"). */
function regionLine(text: string): boolean {
  const words = text.trim().split(/\s+/);
  return words.length <= 3 && !/\d/.test(text) && letters(text) >= 2 && !/:/.test(text);
}

function onlyDateTime(text: string): boolean {
  const dates = findDates(text);
  if (dates.length === 0) return false;
  let rest = text;
  for (const d of dates) rest = rest.replace(d.text, ' ');
  return !/[\p{L}\p{N}]/u.test(rest.replace(/\d{1,2}:\d{2}(:\d{2})?\s*(am|pm)?/gi, ' '));
}

/** Where the header ends: a line that is not the issuer's any more (a title, a date, money). */
function endsHeader(text: string): boolean {
  const folded = fold(text);
  return (
    notName.test(folded) ||
    gluedTitle.test(folded.replace(/ /g, '')) ||
    (findDates(text).length > 0 && !onlyDateTime(text)) ||
    findEmails(text).length > 0 ||
    // Tax and registration numbers run to 9 digits and more; house numbers and postcodes do not.
    /\d{9,}/.test(text.replace(/[\s-]/g, '')) ||
    findAmounts(text).some((a) => a.hasDecimals && a.currency)
  );
}

/** "Company No: 20965-U", "Pay By: CASH": a label and its value, which an address line is not. */
const labelled = (text: string) => /\p{L}\s?:(\s|$)/u.test(text);

/** How many lines under the name are looked at for the start of the address. */
const window = 8;

/** The address lines after the issuer's name (see the top of the file). */
export function addressAfter(lines: readonly DocLine[], name: HeaderGuess): HeaderGuess | null {
  const last = name.lines.at(-1)!;
  const following: DocLine[] = [];
  for (let i = last.index + 1; i < lines.length && following.length < window; i++) {
    const line = lines[i]!;
    const previous = following.at(-1) ?? last;
    if (line.page !== last.page) break;
    if (line.bbox && previous.bbox && line.bbox[1] - previous.bbox[3] > 2 * Math.max(lineHeight(previous), 1))
      break;
    following.push(line);
  }
  const start = streetLine(following);
  const picked: DocLine[] = [];
  const texts: string[] = [];
  let postcodeSeen = false;
  for (const line of following.slice(start)) {
    let text = line.text.trim();
    if (picked.length === 0) text = text.replace(addressLabel, '');
    // Between the name and the address: registration numbers, a date and time line.
    if (picked.length === 0 && (registration.test(bare(text)) || onlyDateTime(text))) continue;
    if (labelStart.test(bare(text)) || labelled(text) || endsHeader(text) || letters(text) < 2) break;
    // After the postcode line: a state or country line, or a numbered locality ("1237-TMN
    // INDAH"); not a shop name or an order line ("CARRY OUT NOW").
    if (postcodeSeen && !regionLine(text) && !addressLike(text)) break;
    picked.push(line);
    texts.push(text);
    // One state or country line closes the address.
    if (postcodeSeen && regionLine(text)) break;
    if (hasPostcode(text)) postcodeSeen = true;
    if (picked.length === 5) break;
  }
  if (picked.length === 0) return null;
  const text = texts.join(' ');
  const looksLikeAddress = /\d/.test(text) || addressWord.test(text);
  // A block from a street line down to a postcode is the shape of an address; lines that merely
  // follow the name are a weaker guess.
  const shape = looksLikeAddress ? (postcodeSeen && addressLike(texts[0]!) ? 0.7 : 0.6) : 0.3;
  // Every line must be read right for the address to be: OCR confidences multiply.
  const allRight = picked.reduce((p, l) => p * l.confidence, 1);
  return { lines: picked, text, score: shape * (0.4 + 0.6 * allRight) };
}

/**
 * Where the address starts among the lines under the name: the first street line ("12, Jalan
 * Tampoi", "LOT 3, ...", "HQ ADD: LOT 11995") when one comes before the header ends, with what
 * is above it (a shop or branch name, phone and tax lines) passed over; else the first line.
 */
function streetLine(following: readonly DocLine[]): number {
  for (const [k, line] of following.entries()) {
    const text = line.text.trim();
    const unlabelled = text.replace(addressLabel, '');
    if (unlabelled !== text && unlabelled) return k;
    // Phone, tax and registration lines may come before the address as well as after it.
    if (registration.test(bare(text)) || labelStart.test(bare(text)) || labelled(text)) continue;
    if (endsHeader(text)) break;
    // A shop or branch name has no number; the street line has one ("A-G-06, DATARAN ...").
    if (/\d/.test(text) || addressLike(text)) return k;
  }
  return 0;
}
