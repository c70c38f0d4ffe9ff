/**
 * CSV lines as RFC 4180 has them (for the result and export renderings): fields with a comma,
 * quote, CR or LF are quoted with their quotes doubled, null is an empty field, lines end in CRLF.
 */
export type Cell = string | number | boolean | null | undefined;

// A number written as text ("-12.50", "+3") cannot run as a formula, and a quote in front of it
// would turn an amount into text in the spreadsheet.
const numberLiteral = /^[+-]?(\d+([.,]\d+)?|[.,]\d+)([eE][+-]?\d+)?$/;

/**
 * Text in a CSV may come from a document or a client, and may be written to attack whoever opens
 * the file (OWASP "CSV injection"): text starting with = + - @ TAB or CR gets a ' in front, so a
 * spreadsheet shows it instead of evaluating it. Numbers (and text that is only a number) are left alone.
 */
function csvField(value: Cell): string {
  if (value === null || value === undefined) return '';
  let text = String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text) && !numberLiteral.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export const csvLine = (cells: readonly Cell[]): string => `${cells.map(csvField).join(',')}\r\n`;
