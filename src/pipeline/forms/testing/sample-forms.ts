/**
 * Generated forms for the fill tests and bench/fill-roundtrip.ts: the same questions either as an
 * AcroForm (pdf-lib fields beside printed labels) or printed only, each blank drawn in one of the
 * ways paper forms draw them (underscores, a rule, an empty box, a captioned cell, checkboxes).
 * Seeded: a seed always gives the same form and data.
 */
import { PDFDocument, type PDFFont, type PDFPage, rgb, StandardFonts } from 'pdf-lib';
import { defaultParseOptions } from '../../../core/parse-options.ts';
import { readDocument } from '../../read-document.ts';
import type { ParsedDocument } from '../../types.ts';

export interface Question {
  key: string;
  label: string;
  kind: 'text' | 'checkbox' | 'radio' | 'choice';
  options?: string[];
  value: string | boolean;
}

/** caption: the label in the top of a box; above: the label over a rule. */
export type BlankStyle = 'underscore' | 'rule' | 'box' | 'caption' | 'above';

const pick = <T>(random: () => number, list: readonly T[]) => list[Math.floor(random() * list.length)]!;

/** 6-10 questions: text ones always, then a radio, a choice and checkboxes when `withChoices`. */
export function sampleQuestions(random: () => number, withChoices: boolean): Question[] {
  const digits = (n: number) => Array.from({ length: n }, () => Math.floor(random() * 10)).join('');
  const first = pick(random, ['Ada', 'Grace', 'Alan', 'Margaret', 'Linus', 'Edsger', 'Barbara', 'Donald']);
  const last = pick(random, ['Lovelace', 'Hopper', 'Turing', 'Hamilton', 'Torvalds', 'Dijkstra', 'Liskov']);
  const city = pick(random, ['Lyon', 'Utrecht', 'Bristol', 'Porto', 'Graz', 'Aarhus', 'Ghent']);
  const pool: Question[] = [
    { key: 'fullName', label: 'Full name', kind: 'text', value: `${first} ${last}` },
    {
      key: 'dateOfBirth',
      label: 'Date of birth',
      kind: 'text',
      value: `19${digits(2)}-0${1 + Math.floor(random() * 9)}-1${digits(1)}`,
    },
    {
      key: 'email',
      label: 'E-mail address',
      kind: 'text',
      value: `${first.toLowerCase()}.${last.toLowerCase()}@example.org`,
    },
    { key: 'phoneNumber', label: 'Phone number', kind: 'text', value: `+44 ${digits(4)} ${digits(6)}` },
    {
      key: 'streetAddress',
      label: 'Street address',
      kind: 'text',
      value: `${1 + Math.floor(random() * 200)} Mill Lane`,
    },
    { key: 'city', label: 'City', kind: 'text', value: city },
    { key: 'postalCode', label: 'Postal code', kind: 'text', value: digits(5) },
    { key: 'accountNumber', label: 'Account number', kind: 'text', value: `AC-${digits(8)}` },
    {
      key: 'employer',
      label: 'Employer',
      kind: 'text',
      value: pick(random, ['Acme Ltd', 'Globex', 'Initech', 'Umbrella plc']),
    },
  ];
  const shuffled = pool.sort(() => random() - 0.5).slice(0, 5 + Math.floor(random() * 3));
  if (!withChoices) return shuffled;
  const plans = ['Basic', 'Plus', 'Premium'];
  const countries = ['France', 'Germany', 'Portugal', 'United Kingdom'];
  return [
    ...shuffled,
    {
      key: 'membership',
      label: 'Membership type',
      kind: 'radio',
      options: plans,
      value: pick(random, plans),
    },
    { key: 'country', label: 'Country', kind: 'choice', options: countries, value: pick(random, countries) },
    { key: 'newsletter', label: 'Send me the newsletter', kind: 'checkbox', value: random() < 0.5 },
    { key: 'acceptTerms', label: 'I accept the terms', kind: 'checkbox', value: true },
  ];
}

/** The questions as AcroForm fields named by their keys, each under its printed label. */
export async function acroFormPdf(
  questions: readonly Question[],
  title = 'Application form',
): Promise<Uint8Array> {
  const document = await PDFDocument.create();
  const font = await document.embedFont(StandardFonts.Helvetica);
  const page = document.addPage([612, 792]);
  const form = document.getForm();
  page.drawText(title, { x: 72, y: 730, size: 16, font });
  let y = 690;
  for (const question of questions) {
    page.drawText(question.label, { x: 72, y, size: 10, font });
    const at = { x: 220, y: y - 4, width: 260, height: 18 };
    if (question.kind === 'text') form.createTextField(question.key).addToPage(page, at);
    else if (question.kind === 'checkbox')
      form.createCheckBox(question.key).addToPage(page, { x: 220, y: y - 2, width: 12, height: 12 });
    else if (question.kind === 'choice') {
      const dropdown = form.createDropdown(question.key);
      dropdown.addOptions(question.options ?? []);
      dropdown.addToPage(page, at);
    } else {
      const group = form.createRadioGroup(question.key);
      for (const [n, option] of (question.options ?? []).entries()) {
        group.addOptionToPage(option, page, { x: 220 + n * 80, y: y - 2, width: 12, height: 12 });
        page.drawText(option, { x: 236 + n * 80, y, size: 9, font });
      }
    }
    y -= 40;
  }
  return document.save();
}

/** The text questions printed with blanks in `styles` (taken in turn), checkboxes as squares. */
export async function printedFormPdf(
  questions: readonly Question[],
  styles: readonly BlankStyle[],
  title = 'Registration form',
): Promise<Uint8Array> {
  const document = await PDFDocument.create();
  const font = await document.embedFont(StandardFonts.Helvetica);
  const page = document.addPage([612, 792]);
  page.drawText(title, { x: 72, y: 730, size: 16, font });
  let y = 690;
  let n = 0;
  for (const question of questions) {
    if (question.kind === 'checkbox') {
      page.drawRectangle({
        x: 72,
        y: y - 1,
        width: 10,
        height: 10,
        borderWidth: 0.8,
        borderColor: rgb(0, 0, 0),
      });
      page.drawText(question.label, { x: 88, y, size: 10, font });
    } else if (question.kind === 'text')
      drawBlank(page, font, question.label, styles[n++ % styles.length]!, y);
    else continue;
    y -= 44;
  }
  return document.save();
}

function drawBlank(page: PDFPage, font: PDFFont, label: string, style: BlankStyle, y: number) {
  const black = rgb(0, 0, 0);
  if (style === 'caption') {
    page.drawRectangle({ x: 72, y: y - 18, width: 300, height: 34, borderWidth: 0.8, borderColor: black });
    page.drawText(label, { x: 75, y: y + 7, size: 7, font });
    return;
  }
  if (style === 'above') {
    page.drawText(label, { x: 72, y: y + 6, size: 9, font });
    page.drawLine({ start: { x: 72, y: y - 12 }, end: { x: 372, y: y - 12 }, thickness: 0.7, color: black });
    return;
  }
  page.drawText(`${label}:`, { x: 72, y, size: 10, font });
  const x = 72 + font.widthOfTextAtSize(`${label}:`, 10) + 8;
  if (style === 'underscore') page.drawText('_'.repeat(40), { x, y, size: 10, font });
  else if (style === 'rule')
    page.drawLine({ start: { x, y: y - 2 }, end: { x: x + 240, y: y - 2 }, thickness: 0.7, color: black });
  else page.drawRectangle({ x, y: y - 5, width: 240, height: 18, borderWidth: 0.8, borderColor: black });
}

/** The data a form is filled with: its questions' values by key. */
export const sampleData = (questions: readonly Question[]): Record<string, string | boolean> =>
  Object.fromEntries(questions.map((question) => [question.key, question.value]));

/** A PDF read by our parse with its default options: what a fill is read back with. */
export const parsePdf = async (pdf: Uint8Array): Promise<ParsedDocument> =>
  (
    await readDocument(
      pdf,
      { kind: 'pdf', mimeType: 'application/pdf' },
      { signal: new AbortController().signal },
      defaultParseOptions,
    )
  ).document;
