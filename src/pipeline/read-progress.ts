/**
 * What readDocument tells its caller about the reading as it goes: one account over parsing and
 * OCR. They used to report on their own (parsing its pages, then each OCR pass its own from 1),
 * so a 7-page `ocr: force` job stayed at `parsing`, 4/7, 56 % for the 34 s OCR took to read its
 * first page (the stage changed only at that page), then showed 1/7 and 55 %. Here the stage moves
 * when the work does, `pagesDone` counts pages whose reading is over, and neither it nor `fraction`
 * ever goes back.
 */
import type { OcrSetting } from '../core/parse-options.ts';

export interface ReadReport {
  stage: 'parsing' | 'ocr';
  /** Pages read for good: parsed when no OCR follows for them, else OCR'd (or reused). */
  pagesDone: number;
  pagesTotal: number;
  /** 0–1 of the reading: 1 only once every pass is over. */
  fraction: number;
}

/**
 * The share of the reading the text-layer parse stands for. Parsing runs ~60 pages/s a core and
 * OCR 1–5 s a page, so under `force` the parse is a sliver; under `auto` whether any page needs
 * OCR is known only after the parse, which therefore takes half, leaving OCR the other half.
 */
const parseShare: Record<OcrSetting, number> = { off: 1, auto: 0.5, force: 0.05 };

export class ReadProgress {
  readonly #report: ((report: ReadReport) => void) | undefined;
  readonly #ocr: OcrSetting;
  #last: ReadReport = { stage: 'parsing', pagesDone: 0, pagesTotal: 0, fraction: 0 };
  /** Where the current OCR pass starts and ends, in fraction, and the pages done before it. */
  #pass = { from: 0, to: 1, pagesBefore: 0, pages: 0, total: 0 };

  constructor(report: ((report: ReadReport) => void) | undefined, ocr: OcrSetting) {
    this.#report = report;
    this.#ocr = ocr;
  }

  /**
   * A page of the text layer parsed. Under `force` no page is done by it (OCR reads them all);
   * under `auto` a parsed page counts as done, as it is for a born-digital PDF, the common case:
   * should OCR then be needed for it, pagesDone waits (never goes back) until OCR passes it.
   */
  parsed(done: number, total: number): void {
    const share = parseShare[this.#ocr];
    this.#emit({
      stage: 'parsing',
      pagesDone: this.#ocr === 'force' ? 0 : done,
      pagesTotal: total,
      fraction: (share * done) / Math.max(1, total),
    });
  }

  /**
   * An OCR pass starts over `pages` of the document's `total`, `reused` of them already read by
   * an earlier attempt (page checkpoints). `last`: no pass may follow, so this one runs to the end;
   * otherwise (a quality gate may ask for a premium pass) it takes half of what is left.
   */
  ocrStarting(total: number, pages: number, reused: number, last: boolean): void {
    const from = this.#last.fraction;
    const to = last ? 1 : from + (1 - from) / 2;
    this.#pass = { from, to, pagesBefore: total - pages, pages, total };
    this.#emitOcr(reused);
  }

  /** `done` pages of the current pass read (reused ones included). */
  ocrPage(done: number): void {
    this.#emitOcr(done);
  }

  #emitOcr(done: number): void {
    const { from, to, pagesBefore, pages, total } = this.#pass;
    this.#emit({
      stage: 'ocr',
      pagesDone: pagesBefore + done,
      pagesTotal: total,
      fraction: from + ((to - from) * done) / Math.max(1, pages),
    });
  }

  #emit(next: ReadReport): void {
    const last = this.#last;
    const report: ReadReport = {
      // OCR follows parsing, never the other way round.
      stage: last.stage === 'ocr' ? 'ocr' : next.stage,
      pagesDone: Math.max(last.pagesDone, Math.min(next.pagesDone, next.pagesTotal)),
      pagesTotal: next.pagesTotal,
      fraction: Math.max(last.fraction, Math.min(1, next.fraction)),
    };
    this.#last = report;
    this.#report?.(report);
  }
}
