/**
 * The JSON Schema type of a field from the values the document shows for it: a date, an email,
 * a web address, a yes/no, an integer or a number; anything else a string. Every value must agree
 * (a column of "2", "3", "1.5" is a number, not an integer); an empty value says nothing.
 */
import { findAmounts } from '../extract/amounts.ts';
import { findDates } from '../extract/dates.ts';

export interface ValueShape {
  type: 'string' | 'number' | 'integer' | 'boolean';
  format?: 'date' | 'email' | 'uri';
}

const email = /^[\w.+-]+@[\w-]+(\.[\w-]+)+$/;
const uri = /^(https?:\/\/|www\.)[^\s]+$/i;
const yesNo = /^(yes|no|true|false|ja|nein|nee|oui|non|si|sí|y|n|x|✓|✔|☐|☑|☒)$/i;
const integer = /^[+-]?\d{1,9}$/;
// Long digit runs are identifiers (order numbers, account numbers), not quantities.
const identifierLike = /^\d{6,}$|^0\d+$/;

function shapeOf(value: string): ValueShape {
  const text = value.trim();
  if (email.test(text)) return { type: 'string', format: 'email' };
  if (uri.test(text)) return { type: 'string', format: 'uri' };
  if (yesNo.test(text)) return { type: 'boolean' };
  const dates = findDates(text);
  if (dates.length === 1 && dates[0]!.text.length >= text.length - 2)
    return { type: 'string', format: 'date' };
  if (identifierLike.test(text)) return { type: 'string' };
  if (integer.test(text)) return { type: 'integer' };
  const amounts = findAmounts(text);
  // "€ 1.234,50", "12.00 EUR", "-3.5": one number and at most a currency or unit beside it.
  if (amounts.length === 1 && text.replace(amounts[0]!.text, '').replace(/[A-Za-z$€£¥₹%\s]/g, '') === '')
    return { type: 'number' };
  return { type: 'string' };
}

/** The shape all non-empty values agree on; integer widens to number; any other disagreement is a string. */
export function valueShape(values: readonly string[]): ValueShape {
  const shapes = values.filter((value) => value.trim() !== '').map(shapeOf);
  if (shapes.length === 0) return { type: 'string' };
  const numeric = shapes.every((shape) => shape.type === 'integer' || shape.type === 'number');
  if (numeric) return { type: shapes.some((shape) => shape.type === 'number') ? 'number' : 'integer' };
  const first = shapes[0]!;
  return shapes.every((shape) => shape.type === first.type && shape.format === first.format)
    ? first
    : { type: 'string' };
}

/** The JSON Schema keywords of a shape. */
export const shapeSchema = (shape: ValueShape): Record<string, unknown> =>
  shape.format ? { type: shape.type, format: shape.format } : { type: shape.type };
