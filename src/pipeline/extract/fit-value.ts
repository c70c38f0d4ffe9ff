/**
 * A value read from the document, in the form its schema field asks for: a plain string keeps
 * the text as printed ("03 MAR 2018", "RM 8.20"); `format: date` is ISO; a number field gets the
 * number without its currency; an enum field one of its members; a currency field its ISO code.
 * `undefined` when the value does not fit (the field is then not found: null, confidence 0).
 */
import { findAmounts, joinSplitDecimals, parseNumber } from './amounts.ts';
import { findDates } from './dates.ts';
import type { FieldDescriptor } from './field-descriptor.ts';
import { fold } from './fold.ts';
import type { ReadValue } from './read-value.ts';
import type { ScalarField } from './schema-fields.ts';

export function fitValue(
  field: ScalarField,
  descriptor: FieldDescriptor,
  read: ReadValue,
  dayFirst: boolean,
): unknown {
  const value = typedValue(field, descriptor, read, dayFirst);
  if (value === undefined || !field.enum) return value;
  return enumMember(field.enum, value, read.text);
}

function typedValue(
  field: ScalarField,
  descriptor: FieldDescriptor,
  read: ReadValue,
  dayFirst: boolean,
): unknown {
  switch (field.type) {
    case 'number':
    case 'integer': {
      const n = typeof read.value === 'number' ? read.value : numberIn(read.text, descriptor.kind === 'id');
      if (n === undefined) return undefined;
      if (field.type === 'integer') return Number.isSafeInteger(n) ? n : undefined;
      return n;
    }
    case 'boolean':
      return typeof read.value === 'boolean' ? read.value : undefined;
    case 'string':
      return stringValue(field, descriptor, read, dayFirst);
  }
}

function numberIn(text: string, digitsOnly: boolean): number | undefined {
  if (digitsOnly) {
    const digits = text.replace(/^\D+/, '');
    return /^\d+$/.test(digits) ? Number(digits) : undefined;
  }
  const amount = findAmounts(text)[0];
  return amount ? amount.value : (parseNumber(text) ?? undefined);
}

function stringValue(
  field: ScalarField,
  descriptor: FieldDescriptor,
  read: ReadValue,
  dayFirst: boolean,
): string | undefined {
  if (field.format === 'date' || field.format === 'date-time') {
    const iso = read.iso ?? findDates(read.text, dayFirst)[0]?.iso;
    if (!iso) return undefined;
    // No time zone is printed on documents: midnight UTC says "this day" without inventing a time.
    return field.format === 'date' ? iso : `${iso}T00:00:00Z`;
  }
  if (field.format === 'email' || field.format === 'uri') {
    return typeof read.value === 'string' ? read.value : undefined;
  }
  if (descriptor.kind === 'currency' || descriptor.kind === 'iban' || descriptor.kind === 'vatId') {
    return String(read.value);
  }
  if (descriptor.kind === 'amount') return joinSplitDecimals(read.text);
  return read.text;
}

/** The enum member a value stands for: equal when folded, else the one its text contains. */
function enumMember(members: readonly unknown[], value: unknown, printed: string): unknown {
  const exact = members.find((m) => m === value);
  if (exact !== undefined) return exact;
  const folded = fold(String(value));
  const foldedPrinted = fold(printed);
  const same = members.find((m) => fold(String(m)) === folded || fold(String(m)) === foldedPrinted);
  if (same !== undefined) return same;
  const contained = members.filter((m) => {
    const f = fold(String(m));
    return f !== '' && (` ${foldedPrinted} `.includes(` ${f} `) || ` ${f} `.includes(` ${folded} `));
  });
  return contained.length === 1 ? contained[0] : undefined;
}
