/**
 * A number as a spreadsheet shows it, from its format code (ECMA-376 §18.8.31; ODS styles are
 * turned into the same codes by ods.ts). Covers what business sheets use: thousands separators,
 * fixed decimals, percentages, scientific, currency symbols and literals, sections for negatives
 * and zero, dates and times. Fractions and conditions ([>100]) fall back to the General format.
 */

/** Built-in number formats by id (the ones a file may use without writing their code). */
export const builtinFormats: Record<number, string> = {
  0: 'General',
  1: '0',
  2: '0.00',
  3: '#,##0',
  4: '#,##0.00',
  9: '0%',
  10: '0.00%',
  11: '0.00E+00',
  12: 'General',
  13: 'General',
  14: 'yyyy-mm-dd',
  15: 'd-mmm-yy',
  16: 'd-mmm',
  17: 'mmm-yy',
  18: 'h:mm AM/PM',
  19: 'h:mm:ss AM/PM',
  20: 'h:mm',
  21: 'h:mm:ss',
  22: 'yyyy-mm-dd h:mm',
  37: '#,##0 ;(#,##0)',
  38: '#,##0 ;[Red](#,##0)',
  39: '#,##0.00;(#,##0.00)',
  40: '#,##0.00;[Red](#,##0.00)',
  45: 'mm:ss',
  46: '[h]:mm:ss',
  47: 'mm:ss.0',
  48: '##0.0E+0',
  49: '@',
};

/** Quoted literals, escaped characters and bracketed parts removed: what is left says the kind. */
function bare(code: string): string {
  return code.replace(/"[^"]*"|\\.|_.|\*./g, '').replace(/\[[^\]]*\]/g, '');
}

// A workbook has a few dozen format codes and up to a million cells: the analysis is kept by code.
const dateCodes = new Map<string, boolean>();
const sectionsOf = new Map<string, string[]>();
const tokensOf = new Map<string, string[]>();

export function isDateFormat(code: string): boolean {
  let known = dateCodes.get(code);
  if (known === undefined) {
    const b = bare(code.split(';')[0] ?? '');
    known = /[ymdhs]/i.test(b) && !/[0#?]/.test(b.replace(/\.0+/, ''));
    if (dateCodes.size < 10_000) dateCodes.set(code, known);
  }
  return known;
}

/** Excel serial day → Date (UTC). 1900 system: day 60 is the fictitious 1900-02-29. */
export function serialToDate(serial: number, date1904 = false): Date {
  const epoch = date1904 ? Date.UTC(1904, 0, 1) : Date.UTC(1899, 11, 30);
  const days = !date1904 && serial < 61 ? serial + 1 : serial;
  return new Date(epoch + Math.round(days * 86_400_000));
}

export function formatNumber(value: number, code: string, date1904 = false): string {
  if (!code || /^general$/i.test(code) || code === '@') return general(value);
  const sections = splitSections(code);
  let section = sections[0]!;
  let v = value;
  if (value < 0 && sections[1] !== undefined) {
    section = sections[1];
    v = -value; // the section writes its own sign or parentheses
  } else if (value === 0 && sections[2] !== undefined) {
    section = sections[2];
  }
  if (/\[[<>=]/.test(section)) return general(value);
  if (isDateFormat(section)) return formatDate(serialToDate(v, date1904), section, v);
  return formatPlain(v, section);
}

export function general(value: number): string {
  if (Number.isInteger(value) && Math.abs(value) < 1e11) return String(value);
  const abs = Math.abs(value);
  if (abs !== 0 && (abs >= 1e11 || abs < 1e-9))
    return value
      .toExponential(5)
      .replace(/\.?0+e/, 'E')
      .replace('E+', 'E+');
  // Excel shows up to 11 significant characters
  return String(Number.parseFloat(value.toPrecision(10)));
}

function splitSections(code: string): string[] {
  let known = sectionsOf.get(code);
  if (!known) {
    known = sectionsOfCode(code);
    if (sectionsOf.size < 10_000) sectionsOf.set(code, known);
  }
  return known;
}

function sectionsOfCode(code: string): string[] {
  const out: string[] = [];
  let current = '';
  for (let i = 0; i < code.length; i++) {
    const ch = code[i]!;
    if (ch === '"') {
      const end = code.indexOf('"', i + 1);
      const stop = end < 0 ? code.length : end;
      current += code.slice(i, stop + 1);
      i = stop;
    } else if (ch === '\\') {
      current += code.slice(i, i + 2);
      i++;
    } else if (ch === ';') {
      out.push(current);
      current = '';
    } else current += ch;
  }
  out.push(current);
  return out;
}

/** The literal parts of a section, with the number's placeholders replaced by `render(number)`. */
function formatPlain(value: number, section: string): string {
  let literalPrefix = '';
  let literalSuffix = '';
  let pattern = '';
  let seenPattern = false;
  let tokens = tokensOf.get(section);
  if (!tokens) {
    tokens = section.match(/"[^"]*"|\\.|_.|\*.|\[[^\]]*\]|[0#?,.%Ee+-]+|./g) ?? [];
    if (tokensOf.size < 10_000) tokensOf.set(section, tokens);
  }
  for (const t of tokens) {
    let lit: string | null = null;
    if (t.startsWith('"')) lit = t.slice(1, -1);
    else if (t.startsWith('\\')) lit = t.slice(1);
    else if (t.startsWith('_')) lit = ' ';
    else if (t.startsWith('*')) lit = '';
    else if (t.startsWith('[')) lit = t.startsWith('[$') ? t.slice(2, -1).split('-')[0]! : '';
    else if (/^[0#?,.%Ee+-]+$/.test(t) && /[0#?]/.test(t)) {
      pattern += t;
      seenPattern = true;
      continue;
    } else if (t === '%') {
      pattern += t;
      continue;
    } else lit = t;
    if (seenPattern) literalSuffix += lit;
    else literalPrefix += lit;
  }
  if (!seenPattern) return literalPrefix + literalSuffix;
  return literalPrefix + renderNumber(value, pattern) + literalSuffix;
}

function renderNumber(value: number, pattern: string): string {
  let v = value;
  const percents = (pattern.match(/%/g) ?? []).length;
  v *= 100 ** percents;
  const exp = /E[+-]/i.exec(pattern);
  if (exp) {
    const mantissa = pattern.slice(0, exp.index);
    const decimals = (mantissa.split('.')[1] ?? '').replace(/[^0#?]/g, '').length;
    const [m, e] = v.toExponential(decimals).split('e');
    const power = Number(e);
    const digits = (pattern.slice(exp.index + 2).match(/0/g) ?? []).length;
    return `${m}E${power < 0 ? '-' : '+'}${String(Math.abs(power)).padStart(digits, '0')}`;
  }
  // Trailing commas scale by thousands ("#,##0," shows thousands).
  const scale = /,+(?=[^0#?]*$)/.exec(pattern.replace(/%/g, ''));
  if (scale) v /= 1000 ** scale[0].length;
  const [intPart, fracPart = ''] = pattern.replace(/%/g, '').split('.');
  const fixed = fracPart.replace(/[^0]/g, '').length;
  const optional = fracPart.replace(/[^#?]/g, '').length;
  let s = Math.abs(v).toFixed(fixed + optional);
  if (optional > 0) {
    const [i, f = ''] = s.split('.');
    const trimmed = f.replace(new RegExp(`0{0,${optional}}$`), '');
    s = trimmed.length > 0 ? `${i}.${trimmed.padEnd(fixed, '0')}` : i!;
    if (fracPart.length > 0 && trimmed.length === 0 && fixed === 0) s = `${i}.`.replace(/\.$/, '');
  }
  let [whole, frac] = s.split('.');
  const minInt = (intPart!.replace(/[^0]/g, '') || '').length;
  if (whole === '0' && minInt === 0) whole = '';
  whole = whole!.padStart(minInt, '0');
  if (/[0#?],[0#?]/.test(intPart!)) whole = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const sign = v < 0 && Math.abs(v) >= 0.5 * 10 ** -(fixed + optional) ? '-' : '';
  return `${sign}${whole}${frac !== undefined ? `.${frac}` : ''}${'%'.repeat(percents)}`;
}

const monthNames = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];
const dayNames = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

function formatDate(date: Date, section: string, serial: number): string {
  const tokens =
    section.match(/"[^"]*"|\\.|_.|\*.|\[[hms]+\]|\[[^\]]*\]|y+|m+|d+|h+|s+(?:\.0+)?|AM\/PM|A\/P|./gi) ?? [];
  const twelve = tokens.some((t) => /^(AM\/PM|A\/P)$/i.test(t));
  const out: string[] = [];
  let lastWasHour = false;
  for (let k = 0; k < tokens.length; k++) {
    const t = tokens[k]!;
    const lower = t.toLowerCase();
    const pad = (n: number, w: number) => String(n).padStart(w, '0');
    const hours = date.getUTCHours();
    if (t.startsWith('"')) out.push(t.slice(1, -1));
    else if (t.startsWith('\\')) out.push(t.slice(1));
    else if (t.startsWith('_')) out.push(' ');
    else if (t.startsWith('*')) continue;
    else if (/^\[h+\]$/i.test(t)) out.push(pad(Math.floor(serial * 24), t.length - 2));
    else if (/^\[m+\]$/i.test(t)) out.push(pad(Math.floor(serial * 1440), t.length - 2));
    else if (/^\[s+\]$/i.test(t)) out.push(pad(Math.floor(serial * 86400), t.length - 2));
    else if (t.startsWith('[')) {
      if (t.startsWith('[$')) out.push(t.slice(2, -1).split('-')[0]!);
    } else if (lower[0] === 'y')
      out.push(lower.length <= 2 ? pad(date.getUTCFullYear() % 100, 2) : String(date.getUTCFullYear()));
    else if (lower[0] === 'd') {
      if (lower.length <= 2) out.push(pad(date.getUTCDate(), lower.length));
      else
        out.push(lower.length === 3 ? dayNames[date.getUTCDay()]!.slice(0, 3) : dayNames[date.getUTCDay()]!);
    } else if (lower[0] === 'h') {
      const h = twelve ? ((hours + 11) % 12) + 1 : hours;
      out.push(pad(h, Math.min(lower.length, 2)));
      lastWasHour = true;
      continue;
    } else if (lower[0] === 'm') {
      // m after h or before s is minutes, otherwise month.
      const nextTimeToken = tokens.slice(k + 1).find((x) => /^[a-z]/i.test(x) && !/^(AM\/PM|A\/P)$/i.test(x));
      const minutes = lastWasHour || (nextTimeToken !== undefined && /^s/i.test(nextTimeToken));
      if (minutes && lower.length <= 2) out.push(pad(date.getUTCMinutes(), lower.length));
      else if (lower.length <= 2) out.push(pad(date.getUTCMonth() + 1, lower.length));
      else if (lower.length === 3) out.push(monthNames[date.getUTCMonth()]!.slice(0, 3));
      else if (lower.length === 5) out.push(monthNames[date.getUTCMonth()]![0]!);
      else out.push(monthNames[date.getUTCMonth()]!);
    } else if (lower[0] === 's') {
      const [, fraction = ''] = lower.split('.');
      let s = pad(date.getUTCSeconds(), Math.min(lower.split('.')[0]!.length, 2));
      if (fraction) s += `.${String(date.getUTCMilliseconds()).padStart(3, '0').slice(0, fraction.length)}`;
      out.push(s);
    } else if (/^AM\/PM$/i.test(t)) out.push(hours < 12 ? 'AM' : 'PM');
    else if (/^A\/P$/i.test(t)) out.push(hours < 12 ? 'A' : 'P');
    else out.push(t);
    if (/[a-z]/i.test(t)) lastWasHour = false;
  }
  return out.join('');
}
