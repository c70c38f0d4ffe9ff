/**
 * The headings above the current point of a document. Levels come from the layout (font sizes),
 * which can disagree with the document's own numbering: a report whose chapters are set smaller
 * than its cover's headings would otherwise keep every chapter under the cover. A numbered heading
 * ("2.1.7 …", "Chapter 3") therefore closes every numbered heading that does not contain it (2.1
 * and 2 stay, 1.3.1 goes), whatever their levels, and a top-level one closes unnumbered headings
 * of earlier pages but the first; otherwise headings go by level.
 */
import type { Piece } from './units.ts';

export interface Heading {
  text: string;
  level: number;
  piece: Piece;
}

interface Entry extends Heading {
  number: number[] | null;
}

/** "2.1.7 Title", "2.1. Title", "Chapter 3 …", "Section 4.2 …", "Part 2: …". */
const numbered =
  /^(?:(?:chapter|section|part|kapitel|abschnitt|chapitre|partie|cap[ií]tulo|secci[oó]n)\s+)?(\d+(?:\.\d+)*)\.?(?=\s|:|$)/i;

export function headingNumber(text: string): number[] | null {
  const match = text.match(numbered);
  return match ? match[1]!.split('.').map(Number) : null;
}

const contains = (outer: readonly number[], inner: readonly number[]) =>
  outer.length < inner.length && outer.every((part, k) => part === inner[k]);

export class HeadingPath {
  readonly #entries: Entry[] = [];
  readonly #firstPage: number;

  constructor(firstPage = 1) {
    this.#firstPage = firstPage;
  }

  get headings(): readonly Heading[] {
    return this.#entries;
  }

  get texts(): string[] {
    return this.#entries.map((entry) => entry.text);
  }

  /**
   * A new heading in force: those at its level or deeper (or numbered apart from it) close, and are
   * returned, innermost first.
   */
  enter(heading: Heading): Heading[] {
    const number = headingNumber(heading.text);
    const page = heading.piece.page;
    const closes = (top: Entry) => {
      if (number && top.number) return !contains(top.number, number);
      if (top.level >= heading.level) return true;
      // A chapter or top-level section ("Chapter 1", "2 Methods") sits under the document's title
      // at most: an unnumbered heading pages before it (a cover's, an advert's) does not hold it,
      // unless it is on the first page (the title) or just before (a part's heading).
      return (
        number?.length === 1 && !top.number && top.piece.page !== this.#firstPage && top.piece.page < page - 1
      );
    };
    const closed: Heading[] = [];
    while (this.#entries.length > 0 && closes(this.#entries.at(-1)!)) closed.push(this.#entries.pop()!);
    this.#entries.push({ ...heading, number });
    return closed;
  }

  /** The heading last entered, taken off (a heading with nothing under it at the end). */
  pop(): Heading | undefined {
    return this.#entries.pop();
  }
}
