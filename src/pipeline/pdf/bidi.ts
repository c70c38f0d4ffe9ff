/**
 * What pdfjs' getTextContent does to each text item's string after collecting its glyphs, redone
 * for the items built from the operator list (op-text.ts), so both give the same text:
 * compatibility characters normalised (ligatures, presentation forms, odd spaces), then the
 * string put in logical order by a reduced Unicode bidi algorithm (no explicit embeddings, one
 * paragraph). A PDF paints glyphs left to right, so a Hebrew or Arabic run arrives in visual
 * order; reversing its right-to-left levels gives the order it is read in.
 */

// The characters pdfjs 6 normalises with NFKC: ligatures (U+FB00…), Hebrew and Arabic
// presentation forms but those NFKC would turn into a space plus a mark, and a few spaces and
// symbols. ﬅ (U+FB05) becomes "ſt", as pdfjs has it (NFKC would give "st").
const COMPAT =
  /([\u00a0\u00b5\u037e\u0eb3\u2000-\u200a\u202f\u2126\ufb00-\ufb04\ufb06\ufb20-\ufb36\ufb38-\ufb3c\ufb3e\ufb40\ufb41\ufb43\ufb44\ufb46-\ufba1\ufba4-\ufba9\ufbae-\ufbb1\ufbd3-\ufbdc\ufbde-\ufbe7\ufbea-\ufbf8\ufbfc\ufbfd\ufc00-\ufc5d\ufc64-\ufcf1\ufcf5-\ufd3d\ufd88\ufdf4\ufdfa\ufdfb\ufe71\ufe77\ufe79\ufe7b\ufe7d]+)|(\ufb05+)/gu;

export function normalizeCompat(str: string): string {
  return str.replace(COMPAT, (_, compat: string | undefined, longST: string) =>
    compat ? compat.normalize('NFKC') : 'ſt'.repeat(longST.length),
  );
}

/** Bidi classes the algorithm below tells apart (UAX #9 names). */
type Bidi = 'L' | 'R' | 'AL' | 'EN' | 'ES' | 'ET' | 'AN' | 'CS' | 'NSM' | 'BN' | 'B' | 'S' | 'WS' | 'ON';

function latinClass(c: number): Bidi {
  if ((c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a)) return 'L';
  if (c >= 0x30 && c <= 0x39) return 'EN';
  if (c === 0x20 || c === 0x0c) return 'WS';
  if (c === 0x09 || c === 0x0b || c === 0x1f) return 'S';
  if (c === 0x0a || c === 0x0d || (c >= 0x1c && c <= 0x1e) || c === 0x85) return 'B';
  if (c < 0x20 || (c >= 0x7f && c <= 0x9f) || c === 0xad) return 'BN';
  if (c === 0x2b || c === 0x2d) return 'ES';
  if (c === 0x2c || c === 0x2e || c === 0x2f || c === 0x3a || c === 0xa0) return 'CS';
  if ((c >= 0x23 && c <= 0x25) || (c >= 0xa2 && c <= 0xa5) || c === 0xb0 || c === 0xb1) return 'ET';
  if (c === 0xb2 || c === 0xb3 || c === 0xb9) return 'EN';
  if (c === 0xaa || c === 0xb5 || c === 0xba || (c >= 0xc0 && c !== 0xd7 && c !== 0xf7)) return 'L';
  return 'ON';
}

function arabicClass(c: number): Bidi {
  const k = c & 0xff;
  if (k <= 0x05 || (k >= 0x60 && k <= 0x69) || k === 0x6b || k === 0x6c || k === 0xdd) return 'AN';
  if (k >= 0xf0 && k <= 0xf9) return 'EN';
  if (k === 0x09 || k === 0x0a || k === 0x6a) return 'ET';
  if (k === 0x0c) return 'CS';
  if (k === 0x06 || k === 0x07 || k === 0x0e || k === 0x0f || k === 0xde || k === 0xe9) return 'ON';
  if (
    (k >= 0x10 && k <= 0x1a) ||
    (k >= 0x4b && k <= 0x5f) ||
    k === 0x70 ||
    (k >= 0xd6 && k <= 0xdc) ||
    (k >= 0xdf && k <= 0xe4) ||
    k === 0xe7 ||
    k === 0xe8 ||
    (k >= 0xea && k <= 0xed)
  )
    return 'NSM';
  return 'AL';
}

function bidiClass(c: number): Bidi {
  if (c <= 0xff) return latinClass(c);
  if (c >= 0x0590 && c <= 0x05f4) return 'R';
  if (c >= 0x0600 && c <= 0x06ff) return arabicClass(c);
  if ((c >= 0x0700 && c <= 0x08ac) || (c >= 0xfb50 && c <= 0xfdff) || (c >= 0xfe70 && c <= 0xfeff))
    return 'AL';
  return 'L';
}

/**
 * `str` (visual order) → logical order, and whether it reads right to left: a string of more than
 * 4 characters is left-to-right when under 30% of it is Hebrew, Arabic or Arabic digits. Given as
 * glyphs (one string each), a glyph stays whole: a font maps its lam-alef ligature to the two
 * letters "لا" in reading order, and reversing them letter by letter wrote "ال" ("کاالی" for "کالای").
 */
export function bidiOrder(input: string | readonly string[]): { str: string; rtl: boolean } {
  const units = typeof input === 'string' ? input.split('') : input.filter((unit) => unit !== '');
  const str = units.join('');
  const n = units.length;
  if (n === 0) return { str, rtl: false };
  const types: Bidi[] = new Array(n);
  let strong = 0;
  for (let i = 0; i < n; i++) {
    const t = unitClass(units[i]!);
    if (t === 'R' || t === 'AL' || t === 'AN') strong++;
    types[i] = t;
  }
  if (strong === 0) return { str, rtl: false };
  const rtl = !(strong / n < 0.3 && n > 4);
  const base: Bidi = rtl ? 'R' : 'L';
  // W1: a mark takes its base's class.
  for (let i = 0, prev: Bidi = base; i < n; i++) {
    if (types[i] === 'NSM') types[i] = prev;
    else prev = types[i]!;
  }
  // W2, W3: digits after Arabic letters are Arabic digits; AL is R.
  for (let i = 0, strongPrev: Bidi = base; i < n; i++) {
    const t = types[i]!;
    if (t === 'EN') types[i] = strongPrev === 'AL' ? 'AN' : 'EN';
    else if (t === 'R' || t === 'L' || t === 'AL') strongPrev = t;
  }
  for (let i = 0; i < n; i++) if (types[i] === 'AL') types[i] = 'R';
  // W4: one separator between two numbers of a kind joins them.
  for (let i = 1; i < n - 1; i++) {
    const [before, t, after] = [types[i - 1]!, types[i]!, types[i + 1]!];
    if (t === 'ES' && before === 'EN' && after === 'EN') types[i] = 'EN';
    else if (t === 'CS' && (before === 'EN' || before === 'AN') && after === before) types[i] = before;
  }
  // W5: terminators (%, $, °) next to European digits are digits.
  for (let i = 0; i < n; i++) {
    if (types[i] !== 'EN') continue;
    for (let j = i - 1; j >= 0 && types[j] === 'ET'; j--) types[j] = 'EN';
    for (let j = i + 1; j < n && types[j] === 'ET'; j++) types[j] = 'EN';
  }
  // W6: the remaining separators and terminators are neutral.
  for (let i = 0; i < n; i++) {
    const t = types[i];
    if (t === 'WS' || t === 'ES' || t === 'ET' || t === 'CS') types[i] = 'ON';
  }
  // W7: European digits in a left-to-right context are L.
  for (let i = 0, strongPrev: Bidi = base; i < n; i++) {
    const t = types[i]!;
    if (t === 'EN') types[i] = strongPrev === 'L' ? 'L' : 'EN';
    else if (t === 'R' || t === 'L') strongPrev = t;
  }
  // N1, N2: neutrals between two of one direction take it, the others the paragraph's.
  const side = (t: Bidi | undefined): 'L' | 'R' | null =>
    t === 'L' ? 'L' : t === 'R' || t === 'EN' || t === 'AN' ? 'R' : null;
  for (let i = 0; i < n; i++) {
    if (types[i] !== 'ON') continue;
    let end = i;
    while (end < n && types[end] === 'ON') end++;
    let before: 'L' | 'R' = base as 'L' | 'R';
    for (let j = i - 1; j >= 0; j--) {
      const s = side(types[j]);
      if (s) {
        before = s;
        break;
      }
    }
    let after: 'L' | 'R' = base as 'L' | 'R';
    for (let j = end; j < n; j++) {
      const s = side(types[j]);
      if (s) {
        after = s;
        break;
      }
    }
    types.fill(before === after ? before : base, i, end);
    i = end - 1;
  }
  // I1, I2: embedding levels; L2: reverse every run at or above each odd level, highest first.
  const start = rtl ? 1 : 0;
  const levels = types.map((t) => {
    if (start === 0) return t === 'R' ? 1 : t === 'AN' || t === 'EN' ? 2 : 0;
    return t === 'L' || t === 'AN' || t === 'EN' ? 2 : 1;
  });
  const chars = [...units];
  const highest = Math.max(...levels);
  const lowestOdd = Math.min(...levels.filter((l) => l % 2 === 1));
  for (let level = highest; level >= lowestOdd; level--) {
    for (let i = 0; i < n; ) {
      if (levels[i]! < level) {
        i++;
        continue;
      }
      let end = i;
      while (end < n && levels[end]! >= level) end++;
      reverse(chars, i, end);
      reverse(levels, i, end);
      i = end;
    }
  }
  return { str: chars.join(''), rtl };
}

/** A glyph's class: its first strong letter's (L, R, AL), else its first character's. */
function unitClass(unit: string): Bidi {
  let first: Bidi | null = null;
  for (let i = 0; i < unit.length; i++) {
    const t = bidiClass(unit.charCodeAt(i));
    if (t === 'L' || t === 'R' || t === 'AL') return t;
    first ??= t;
  }
  return first ?? 'ON';
}

function reverse<T>(xs: T[], from: number, to: number): void {
  for (let a = from, b = to - 1; a < b; a++, b--) [xs[a], xs[b]] = [xs[b]!, xs[a]!];
}
