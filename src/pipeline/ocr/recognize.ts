/**
 * One page image in, its text out: words, lines and paragraphs with boxes and confidences,
 * read the right way up. The engines come from the process-wide pool (ocr-pool.ts).
 */
import { DocjobsError } from '../../core/errors.ts';
import { combineReadings } from './combine-readings.ts';
import { cancelled } from './engine.ts';
import { decodeGrey, type GreyImage, pgmOf, turnGrey } from './grey-image.ts';
import { imageLines, uprightRulings } from './image-rulings.ts';
import { parseOcrLanguages } from './languages.ts';
import { type OcrPage, pageFromBlocks, type Rotation } from './ocr-page.ts';
import { withOcrEngine } from './ocr-pool.ts';
import { detectRotation, readUpright } from './orientation.ts';
import { type OcrEngineChoice, paddleReads } from './paddle/paddle-languages.ts';
import { paddlePage } from './paddle/paddle-page.ts';
import { readWithPaddle } from './paddle/paddle-pool.ts';
import { readUnreadGrids } from './ruled-grids.ts';

export type { OcrBox, OcrLine, OcrPage, OcrParagraph, OcrWord, Rotation } from './ocr-page.ts';

export interface RecognizeOptions {
  /** Shipped languages (languages.ts); the first is the main one. */
  languages: readonly string[];
  /**
   * premium: both engines read the page and their readings are combined line by line (where
   * PaddleOCR reads the languages); tesseract also deskews and keeps wide gaps between words.
   */
  mode: 'standard' | 'premium';
  /**
   * auto (default): PaddleOCR where it reads the languages asked for (paddle-languages.ts),
   * tesseract elsewhere; paddle or tesseract: that engine alone.
   */
  engine?: OcrEngineChoice;
  /** Aborting stops the page within milliseconds (its engine is terminated): CANCELLED. */
  signal: AbortSignal;
  /** Image pixels per output unit; boxes are divided by it (pixels per PDF point → points). Default 1. */
  scale?: number;
  /**
   * A picture cut from a page whose text layer reads upright (picture-pass.ts): read it as it
   * is, with local thresholding. A poor reading there is a photo, not a turned page, and trying
   * the other turns would triple its cost (a 300 dpi poster page: 5 s upright, 15 s with them).
   */
  picture?: boolean;
}

/**
 * @param image any image sharp reads (usually PNG); only the first page of a multi-page TIFF.
 * @throws DocjobsError VALIDATION_ERROR (languages, scale), OCR_ERROR (unreadable image,
 *   tesseract failure; permanent unless the engine crashed or did not start), CANCELLED.
 */
export async function recognizeImage(image: Uint8Array, options: RecognizeOptions): Promise<OcrPage> {
  const { signal, mode, scale = 1 } = options;
  const languages = parseOcrLanguages(options.languages);
  if (!(Number.isFinite(scale) && scale > 0)) {
    throw new DocjobsError('VALIDATION_ERROR', `scale must be a positive number, got ${scale}`);
  }
  throwIfCancelled(signal);
  const grey = await decodeGrey(image);
  const parameters = { ...tesseractParameters(mode), ...(options.picture ? pictureParameters : {}) };
  const readTesseract = async (pixels: GreyImage, rotation: Rotation): Promise<OcrPage> => {
    throwIfCancelled(signal);
    const pgm = (await pgmOf(pixels, { rotation })) as Buffer;
    const { data } = await withOcrEngine({ kind: 'text', languages }, signal, (worker) =>
      worker.recognize(pgm, parameters, { text: false, blocks: true }),
    );
    const deskew = data.rotateRadians ?? 0;
    return pageFromBlocks(data.blocks, { rotation, width: grey.width, height: grey.height, scale, deskew });
  };
  const readPaddle = async (pixels: GreyImage, rotation: Rotation): Promise<OcrPage> => {
    throwIfCancelled(signal);
    const lines = await readWithPaddle(await turnGrey(pixels, rotation), signal);
    return paddlePage(lines, { rotation, width: pixels.width, height: pixels.height, scale });
  };
  const engine = options.engine ?? 'auto';
  const paddle = engine === 'paddle' || (engine === 'auto' && paddleReads(languages));
  const readImage = async (pixels: GreyImage, rotation: Rotation): Promise<OcrPage> => {
    if (!paddle) return readTesseract(pixels, rotation);
    if (mode === 'standard' || engine === 'paddle') return readPaddle(pixels, rotation);
    // Premium: one after the other, not side by side, so a page never holds two lanes at once.
    const first = await readPaddle(pixels, rotation);
    const combined = combineReadings(first, await readTesseract(pixels, rotation));
    return { ...combined, engine: 'paddle+tesseract' };
  };
  const detect = async () => {
    throwIfCancelled(signal);
    return detectRotation(grey, signal);
  };
  // A picture is read as it stands, and its words are all it gives (no table rules).
  if (options.picture) return readImage(grey, 0);
  const first = await readUpright((rotation) => readImage(grey, rotation), detect);
  if (first.lines.length === 0) return { ...first, rulings: [] };
  // Ruling lines for lattice tables; a ruled table tesseract skipped is read again without its rules.
  const lines = imageLines(grey);
  const page = await readUnreadGrids(first, grey, lines, scale, readImage);
  return { ...page, rulings: uprightRulings(lines, page.rotation, scale) };
}

/**
 * Passed per recognize (tesseract.js sets them for the call and restores them after), so one
 * engine serves standard and premium pages alike. No resolution is passed although the PGM
 * has none: user_defined_dpi from 72 to 600 changed neither text nor confidence on receipts
 * 032, 105 and 290 (tesseract sizes lines from the glyphs it finds).
 */
function tesseractParameters(mode: RecognizeOptions['mode']) {
  if (mode === 'standard') return {};
  return {
    rotateAuto: true, // deskew: measure the text's slant, read the image straightened
    preserve_interword_spaces: '1', // keep column gaps (receipts, tables) in line text
  };
}

/**
 * Pictures: Sauvola's local threshold instead of tesseract's global Otsu. Text in a picture sits
 * on photos, gradients and dark panels, where one threshold for the whole crop loses the lines
 * whose contrast is only local: a poster's white tagline on grey ("by FutureSkill", olmOCR's
 * graphical-text page) was not read at all with Otsu, and at 0.89 with Sauvola; a grey page of
 * black type reads the same either way.
 */
const pictureParameters = { thresholding_method: '2' };

function throwIfCancelled(signal: AbortSignal): void {
  if (signal.aborted) throw cancelled();
}
