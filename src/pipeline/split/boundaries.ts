/**
 * Where a packet's documents begin: each page break is weighed from the cues on both sides, as
 * evidence in log-odds (positive: a new document starts on the next page). Each cue is a general
 * property of documents, not of one corpus: a printed page number that restarts or runs on, a
 * "page n of N" that ended, a document number that changes, a change of paper size, a blank
 * separator, a running head or a sentence carried over, a page that opens like a first page, a
 * change of vocabulary, and the pages' classification.
 */
import { overlap, type PageSignals, termSimilarity } from './page-signals.ts';

export interface PageLabel {
  label: string | null;
  confidence: number;
}

/** One cue's say on a page break: its name and how much evidence it gave (log-odds). */
export interface BreakCue {
  cue: string;
  weight: number;
}

export interface PageBreak {
  /** The break before this page (1-based position, ≥ 2). */
  before: number;
  score: number;
  cues: BreakCue[];
}

/**
 * The weights, in log-odds, with why. A printed page number is the document's own statement
 * (±3); a document number likewise, though a page may name other documents (an order on an
 * invoice: ±2.5), and an unfinished "page n of N" a little less (-2.5: a packet may hold an
 * excerpt). Paper size changes between documents far more than within one (+2); a size that stays
 * is weak evidence the other way (-0.5), as the front and back of one sheet share it. A
 * classification change (+1.2 scaled by its confidence) is the baseline's only cue: alone it cuts
 * too often (a page of references reads unlike the abstract) and never between two documents of a
 * kind. Vocabulary and top lines are weak evidence each (-1.5 shared; +0.4 apart, since the
 * back of a receipt or an appendix shares few words with its front yet is the same document).
 */
const weights = {
  pageNumberRestarts: 3,
  pageNumberContinues: -3,
  lastOfN: 2.5,
  moreOfN: -2.5,
  documentNumberChanged: 2.5,
  sameDocumentNumber: -2.5,
  pageSizeChanged: 2,
  samePaper: -0.5,
  afterBlankPage: 2.5,
  sameRunningHead: -1.5,
  sentenceCarriesOver: -2,
  opensDocument: 1.5,
  labelChanged: 1.2,
  sameLabel: -0.3,
  similarText: -1.5,
  differentText: 0.4,
} as const;
/** Below no cue a page break is a continuation: most pages of a packet are not first pages. */
const prior = -0.5;
/** Relative size difference that counts as another paper (scanned sizes wobble by a few points). */
const sizeTolerance = 0.04;

export function pageBreaks(signals: readonly PageSignals[], labels: readonly PageLabel[]): PageBreak[] {
  const breaks: PageBreak[] = [];
  // Blank pages neither start nor carry a document: they compare with the page before them.
  let previous = 0;
  for (let index = 1; index < signals.length; index++) {
    const page = signals[index]!;
    if (page.blank) {
      breaks.push({ before: index + 1, score: -Infinity, cues: [{ cue: 'blankPage', weight: 0 }] });
      continue;
    }
    const cues = breakCues(signals[previous]!, page, labels[previous]!, labels[index]!);
    if (index - previous > 1) cues.push({ cue: 'afterBlankPage', weight: weights.afterBlankPage });
    const score = cues.reduce((sum, cue) => sum + cue.weight, prior);
    breaks.push({ before: index + 1, score, cues });
    previous = index;
  }
  return breaks;
}

function breakCues(a: PageSignals, b: PageSignals, la: PageLabel, lb: PageLabel): BreakCue[] {
  const cues: BreakCue[] = [];
  const add = (cue: keyof typeof weights, scale = 1) => cues.push({ cue, weight: weights[cue] * scale });
  numberCues(a, b, add);
  if (a.documentNumbers.size > 0 && b.documentNumbers.size > 0) {
    add(overlap(a.documentNumbers, b.documentNumbers) > 0 ? 'sameDocumentNumber' : 'documentNumberChanged');
  }
  const size = sizeChanged(a, b);
  if (size !== null) add(size ? 'pageSizeChanged' : 'samePaper');
  if (a.top.size >= 2 && overlap(a.top, b.top) >= 0.6) add('sameRunningHead');
  if (a.endsOpen && b.startsLower) add('sentenceCarriesOver');
  if (b.opensDocument) add('opensDocument');
  if (la.label !== null && lb.label !== null) {
    if (la.label !== lb.label) add('labelChanged', Math.min(1, 0.5 + Math.min(la.confidence, lb.confidence)));
    else add('sameLabel');
  }
  const similarity = termSimilarity(a.terms, b.terms);
  if (similarity >= 0.3) add('similarText');
  else if (similarity < 0.08 && a.terms.size >= 5 && b.terms.size >= 5) add('differentText');
  return cues;
}

function numberCues(a: PageSignals, b: PageSignals, add: (cue: keyof typeof weights) => void) {
  const before = a.pageNumber;
  const after = b.pageNumber;
  if (before?.of != null) add(before.n >= before.of ? 'lastOfN' : 'moreOfN');
  if (after?.n === 1) add('pageNumberRestarts');
  else if (before && after && after.n === before.n + 1) add('pageNumberContinues');
}

/**
 * Another paper: width or height differ. The same sheet turned (width and height swapped) is not:
 * the back of a receipt or a landscape table page is scanned turned, and stays the same document.
 */
function sizeChanged(a: PageSignals, b: PageSignals): boolean | null {
  if (!a.width || !a.height || !b.width || !b.height) return null;
  const differs = (x: number, y: number) => Math.abs(x - y) / Math.max(x, y) > sizeTolerance;
  const turned = !differs(a.width, b.height) && !differs(a.height, b.width);
  return (differs(a.width, b.width) || differs(a.height, b.height)) && !turned;
}

/** A probability from log-odds. */
export const probability = (score: number) => 1 / (1 + Math.exp(-score));
