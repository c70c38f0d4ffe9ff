/**
 * Which lines are headings, and their levels, from the document's own
 * typography: a line is a heading when it is set bigger than the body text
 * (≥1.15×), or wholly in an emphasis font at body size, or numbered like a
 * section ("2.1 Method", "IV. RESULTS"), or is a section word standing alone
 * ("Abstract", "Références"). Bigger sizes rank first; headings at body size
 * come below every size level, deeper for deeper numbering.
 */
import type { Line } from './layout.ts';

const round = (size: number) => Math.round(size * 2) / 2;

/** Section words of English, German and French papers and reports, alone on their line. */
const SECTION_WORDS = new Set(
  [
    'abstract|summary|introduction|background|related work|method|methods|methodology|materials and methods|experiments|evaluation|results|discussion|conclusion|conclusions|future work|references|bibliography|acknowledgments|acknowledgements|acknowledgment|acknowledgement|appendix|contents|table of contents|preface|overview|keywords',
    'zusammenfassung|einleitung|einführung|hintergrund|methoden|methodik|ergebnisse|diskussion|fazit|schlussfolgerung|schlussfolgerungen|literatur|literaturverzeichnis|danksagung|anhang|inhalt|inhaltsverzeichnis|vorwort|überblick',
    'résumé|introduction générale|contexte|méthode|méthodes|méthodologie|résultats|discussion|conclusion générale|références|bibliographie|remerciements|annexe|annexes|sommaire|table des matières|avant-propos|préface|aperçu',
  ]
    .join('|')
    .split('|'),
);

/** "2.1", "2.1.3" or "3" before a capitalised title (no dot after a single number: "1." starts a list). */
const DECIMAL = /^(\d{1,2}(?:\.\d{1,2}){0,4})\.?\s+(?=\p{Lu})/u;
/** "A. Appendix", "IV. RESULTS", "B Proofs": letter or roman numbering. */
const LETTERED = /^(?:[A-Z]|[IVX]{1,5})[.)]?\s+(?=\p{Lu})/u;
const CAPTION = /^(fig(ure)?|table|tab|abb(ildung)?|tabelle|tableau|listing|algorithm)\.?\s*\d/i;

export interface Typography {
  body: number;
  /** The font most body-size characters are set in. */
  bodyFont: string | null;
  /** Fonts holding < 20% of the document's characters: bold or italic, not a second body font. */
  rareFonts: Set<string>;
}

export function typography(pages: readonly (readonly Line[])[], body: number): Typography {
  const atBody = new Map<string, number>();
  const all = new Map<string, number>();
  let total = 0;
  for (const lines of pages) {
    for (const line of lines) {
      const font = line.fonts?.[0];
      total += line.text.length;
      if (!font) continue;
      all.set(font, (all.get(font) ?? 0) + line.text.length);
      if (round(line.size) === body) atBody.set(font, (atBody.get(font) ?? 0) + line.text.length);
    }
  }
  const bodyFont = [...atBody].sort((a, b) => b[1] - a[1])[0]?.[0] ?? null;
  const rareFonts = new Set([...all].filter(([f, n]) => f !== bodyFont && n < 0.2 * total).map(([f]) => f));
  return { body, bodyFont, rareFonts };
}

/** The depth of a section number ("2.1" → 2), or 0 when the line is not numbered like a section. */
export function sectionDepth(text: string): number {
  const decimal = text.match(DECIMAL);
  if (decimal) return decimal[1]!.split('.').length;
  return LETTERED.test(text) ? 1 : 0;
}

function isSectionWord(text: string): boolean {
  const bare = text.replace(DECIMAL, '').replace(LETTERED, '').replace(/[:.]$/, '').trim().toLowerCase();
  return SECTION_WORDS.has(bare);
}

/**
 * Short, no sentence end, starts with a capital, a number, or a letter of a script without case
 * (Arabic, Hebrew, CJK: `\p{Lo}`): could be a title.
 */
function titleLike(text: string): boolean {
  const words = text.split(/\s+/).length;
  return (
    text.length <= 90 &&
    words <= 14 &&
    !/[.,;]$/.test(text) &&
    /^[\p{Lu}\p{Lt}\p{Lo}\p{N}(]/u.test(text) &&
    /\p{L}{2}/u.test(text) &&
    !CAPTION.test(text)
  );
}

/** Characters in a line of prose: a heading line this long is rare, two in a row rarer still. */
const PROSE_LINE = 70;

/** A heading told only by its font is a few words: a bold sentence or a bold paragraph's lines are not. */
const short = (text: string) => text.length <= 70 && text.split(/\s+/).length <= 10;

/** Set in rare fonts only: bold or italic throughout. */
function emphasised(line: Line, type: Typography): boolean {
  return !!line.fonts && line.fonts.every((f) => type.rareFonts.has(f));
}

/** Body text: body font at body size. */
function isBody(line: Line | undefined, type: Typography): boolean {
  return !!line && round(line.size) === type.body && line.fonts?.[0] === type.bodyFont;
}

/**
 * (line, the lines after it, the line before it) → heading level 1-6, or
 * null for body text. A line told only by its font must stand apart from the
 * line above (more than half an em of space, or the top of a column) and lead
 * into body text (directly, or after one more line of the same heading): bold
 * labels in a figure or the lines of a bold paragraph do not.
 */
export function headingLevels(
  pages: readonly (readonly Line[])[],
  body: number,
): (line: Line, following?: readonly Line[], previous?: Line) => number | null {
  const chars = new Map<number, number>();
  for (const lines of pages) {
    for (const line of lines)
      chars.set(round(line.size), (chars.get(round(line.size)) ?? 0) + line.text.length);
  }
  // A bigger size holding over a quarter as much text as the body size, and more than a few lines'
  // worth (500 characters), is a second body size (a page set at 12 pt over references at 10 pt),
  // not a heading size: headings are a few words each.
  const bodyChars = chars.get(body) ?? 0;
  const ranked = [...chars]
    .filter(([size, n]) => isHeadingSize(size, body) && (n < 0.25 * bodyChars || n <= 500))
    .map(([size]) => size)
    .sort((a, b) => b - a);
  const headingSize = (size: number) => isHeadingSize(size, body) && ranked.includes(round(size));
  const type = typography(pages, body);
  return (line, following = [], previous) => {
    const text = line.text.trim();
    if (headingSize(line.size)) {
      // A checkbox or bullet glyph set big makes its line big, not a heading: headings start with a word.
      if (text.length >= 200 || !/\p{L}/u.test(text) || !/^[\p{L}\p{N}("'“«§-]/u.test(text)) return null;
      if (CAPTION.test(text)) return null;
      // Lower case starts only a heading's second line; eight words and a full stop make a sentence.
      const continues = !!previous && Math.abs(previous.size - line.size) < 0.5 && previous.y < line.y;
      if (/^\p{Ll}/u.test(text) && !continues) return null;
      if (/\.$/.test(text) && text.split(/\s+/).length >= 8) return null;
      // Two long lines in a row at the same size are a paragraph set big, not a title.
      const [next] = following;
      const long = (l: Line | undefined) =>
        !!l &&
        l.text.length > PROSE_LINE &&
        Math.abs(l.size - line.size) < 0.5 &&
        Math.abs(l.y - line.y) < 2 * line.size;
      if (long(previous) || (text.length > PROSE_LINE && long(next))) return null;
      return Math.min(6, ranked.indexOf(round(line.size)) + 1);
    }
    // Three or more cells apart is a table row (a bold header row the table finder left), not a title.
    if (line.mono || round(line.size) < body || line.segments.length > 2 || !titleLike(text)) return null;
    // A number before words is a section; before more figures than letters, a date or an amount.
    const rest = text.replace(DECIMAL, '');
    const depth =
      (rest.match(/\p{N}/gu)?.length ?? 0) < (rest.match(/\p{L}/gu)?.length ?? 0) ? sectionDepth(text) : 0;
    const emphasis = emphasised(line, type);
    // A single number or letter ("3 Results", "A. Proofs") is a section only in emphasis or capitals;
    // "2.1 Method" is one anyway. Plain numbered lines are list items or table rows otherwise.
    // A plain "2 Title" with nothing after it is a running foot with its page number.
    const numbered =
      depth >= 2 ||
      (depth === 1 &&
        (emphasis || text === text.toUpperCase() || (/^\d+\s/.test(text) && following.length > 0)));
    const [next, after] = following;
    const leadsIn =
      isBody(next, type) ||
      (!!next && emphasised(next, type) && next.size === line.size && isBody(after, type));
    // Or the line above ends a paragraph: a sentence's end, short of the text's width (run-in
    // headings set with no space above them, as in manuals).
    const endsParagraph =
      !!previous &&
      !!next &&
      /[.!?:]$/.test(previous.text.trim()) &&
      previous.x1 - previous.x0 < 0.7 * (next.x1 - next.x0);
    const apart =
      !previous || previous.y >= line.y || line.top - previous.bottom > 0.5 * line.size || endsParagraph;
    // Bold and a little bigger than the body (under the heading-size step) may run to a title's length.
    const fewWords = short(text) || line.size > type.body;
    if (!(numbered || isSectionWord(text) || (emphasis && fewWords && leadsIn && apart))) return null;
    return Math.min(6, Math.max(ranked.length + 1, depth));
  };
}

export function isHeadingSize(size: number, body: number): boolean {
  return body > 0 && size >= body * 1.15;
}
