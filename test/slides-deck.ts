/**
 * Slide decks for tests and bench/formats-slides.ts, made in code with pptxgenjs: titles, bullets
 * with levels, a table, speaker notes and a picture with alt text. No LibreOffice needed.
 */
import * as pptxgenjs from 'pptxgenjs';

// TypeScript reads the package's types as CommonJS (default import = the module, the class one
// `.default` further) while Node loads its ES build, whose default export is the class itself.
const PptxGenJS = pptxgenjs.default as unknown as (typeof pptxgenjs.default)['default'];

/** A 1×1 PNG (pptxgenjs needs real image bytes). */
const onePixelPng =
  'image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==';

export interface DeckSlide {
  title: string;
  /** Bullets as [text, level]. */
  bullets?: [string, number][];
  /** A text box set to the right of the bullets (reading order: after them, same band). */
  aside?: string;
  table?: string[][];
  notes?: string;
  pictureAlt?: string;
}

/** `placeholders: false`: titles as plain 32 pt text boxes, as decks drawn without a layout have. */
export async function makeDeck(
  slides: DeckSlide[],
  title = 'Test deck',
  { placeholders = true } = {},
): Promise<Uint8Array> {
  const pptx = new PptxGenJS();
  pptx.title = title;
  pptx.author = 'docjobs tests';
  // A layout with a title placeholder, as real decks have: the title is read from it.
  pptx.defineSlideMaster({
    title: 'TITLED',
    objects: [
      { placeholder: { options: { name: 'title', type: 'title', x: 0.5, y: 0.3, w: 9, h: 0.8 }, text: '' } },
    ],
  });
  for (const s of slides) {
    const slide = pptx.addSlide({ masterName: 'TITLED' });
    // Added in an order different from the reading order: the parser must sort by position.
    if (s.aside) slide.addText(s.aside, { x: 6, y: 1.5, w: 3.5, h: 1 });
    if (s.bullets?.length) {
      slide.addText(
        s.bullets.map(([text, level]) => ({
          text,
          options: { bullet: true, indentLevel: level, breakLine: true },
        })),
        { x: 0.5, y: 1.5, w: 5, h: 3 },
      );
    }
    if (placeholders) slide.addText(s.title, { placeholder: 'title' });
    else slide.addText(s.title, { x: 0.5, y: 0.3, w: 9, h: 0.8, fontSize: 32 });
    if (s.table)
      slide.addTable(
        s.table.map((row) => row.map((text) => ({ text }))),
        { x: 0.5, y: 4.6, w: 6 },
      );
    if (s.pictureAlt !== undefined) {
      slide.addImage({ data: onePixelPng, x: 7, y: 4.6, w: 1, h: 1, altText: s.pictureAlt });
    }
    if (s.notes) slide.addNotes(s.notes);
  }
  const out = (await pptx.write({ outputType: 'uint8array' })) as Uint8Array;
  return new Uint8Array(out);
}
