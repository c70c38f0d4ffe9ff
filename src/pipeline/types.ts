/** The parsed form of a document: what a `parse` job returns and later stages reuse. */
import type { ErrorCode } from '../core/errors.ts';
import type { QualityCategory } from '../core/quality.ts';
import type { MailHeaders } from './formats/mail/mail-message.ts';
import type { ReadReport } from './read-progress.ts';

export type FileKind =
  | 'pdf'
  | 'docx'
  | 'pptx'
  | 'odp'
  | 'html'
  | 'markdown'
  | 'text'
  | 'xlsx'
  | 'ods'
  | 'csv'
  | 'png'
  | 'jpeg'
  | 'tiff'
  | 'webp'
  | 'bmp'
  | 'gif'
  | 'eml'
  | 'msg'
  | 'odt'
  | 'epub'
  | 'rtf';

export const imageKinds = ['png', 'jpeg', 'tiff', 'webp', 'bmp', 'gif'] as const;
export type ImageKind = (typeof imageKinds)[number];
export const isImageKind = (kind: FileKind): kind is ImageKind =>
  (imageKinds as readonly string[]).includes(kind);

export interface DetectedType {
  kind: FileKind;
  mimeType: string;
}

/** [x0, y0, x1, y1] in PDF points (1/72 in), origin top-left of the page. */
export type BoundingBox = [number, number, number, number];

/**
 * header/footer/pageNumber/watermark: page furniture (layout/furniture.ts), kept in `blocks` but
 * left out of the page's and document's text and markdown unless `options.keepFurniture`.
 */
export const blockTypes = [
  'heading',
  'paragraph',
  'list',
  'table',
  'figure',
  'code',
  'header',
  'footer',
  'pageNumber',
  'watermark',
  /** A slide's speaker notes (PPTX notesSlide, ODP presentation:notes). */
  'notes',
] as const;
export type BlockType = (typeof blockTypes)[number];

export interface Block {
  type: BlockType;
  text: string;
  /** Heading level 1-6 when type is heading; nesting depth (0 outermost) on a nested list's items. */
  level?: number;
  bbox: BoundingBox | null;
  /** Table cells, row by row, when type is table (a spanning cell's text in its first slot). */
  rows?: string[][];
  /** A figure's caption ("Figure 2: …"), null when none was found next to it. */
  caption?: string | null;
  /** A figure's PNG under GET /v1/jobs/{id}/figures/{name}: p{page}-{n}.png. */
  name?: string;
  /** Table cells with their grid position and spans, when type is table. */
  cells?: TableCell[];
  /** How many of the table's first rows are header rows. */
  headerRows?: number;
  /** The table goes on from the previous page (same columns, no heading between). */
  continued?: boolean;
  /** options.mergeTables: the pages whose continuation rows were merged into this table. */
  continuedOn?: number[];
  /**
   * 'ocr' on a text-layer page's block read from a picture on it (words the text layer lacks);
   * `confidence` (0..1) is then its words' character-weighted OCR confidence.
   */
  source?: 'ocr';
  confidence?: number;
  /** Spreadsheets: the sheet is hidden in the workbook (it is read all the same). */
  hidden?: boolean;
  /** Spreadsheets: what was left out of this table to stay within the reading limits, and why. */
  truncated?: string;
}

export interface TableCell {
  row: number;
  col: number;
  rowSpan: number;
  colSpan: number;
  text: string;
  bbox: BoundingBox | null;
  /** Set on a row merged in from a later page (options.mergeTables): the page its bbox is on. */
  page?: number;
  /** Spreadsheets: the typed value behind `text` (a date as an ISO string); absent on empty cells. */
  value?: string | number | boolean;
  valueType?: CellValueType;
}

export type CellValueType = 'number' | 'boolean' | 'date' | 'string' | 'error';

/** A word or a line read by OCR; confidence 0..1. Boxes as BoundingBox (pixels for images). */
export interface OcrWord {
  text: string;
  bbox: BoundingBox;
  confidence: number;
}

export interface OcrLine extends OcrWord {
  words: OcrWord[];
  /** Its letters' height, ascender top to descender bottom, as tesseract measured it (box units). */
  size?: number;
  /** Its baseline from left end to right [x0, y0, x1, y1]: on a skewed scan, the line's slant. */
  baseline?: BoundingBox;
}

export interface ParsedPage {
  page: number;
  /** PDF points for PDF pages, pixels for images. */
  width: number | null;
  height: number | null;
  text: string;
  markdown: string;
  textLayer: boolean;
  source: 'textLayer' | 'ocr' | 'none';
  blocks: Block[];
  /** 0..1: OCR word confidences, or text-layer sanity; null when the page has no text. Set by read-document. */
  qualityScore?: number | null;
  /** On OCR pages: what was read, with boxes and confidences. */
  words?: OcrWord[];
  /**
   * On OCR pages and on PDF text-layer pages: the lines with their words' boxes, so layout can be
   * reasoned about the same way on both. Text-layer lines have confidence 1 and word boxes shared
   * out by character count within each segment (pdf/text-lines.ts).
   */
  lines?: OcrLine[];
  ocr?: OcrPageInfo;
  /**
   * Text-layer PDF pages: where the page paints images (PDF points, may reach past the page).
   * Only between parsing and the end of read-document, which reads the pictures worth it and
   * leaves this out of the result.
   */
  images?: BoundingBox[];
}

export interface OcrPageInfo {
  mode: 'standard' | 'premium';
  languages: string[];
  /** Clockwise degrees the page was turned before reading. */
  rotation: number;
  confidence: number;
  /** Who read it: one engine, or both combined (premium). */
  engine?: 'paddle' | 'tesseract' | 'paddle+tesseract';
}

/** A page that could not be read; the job ends `partial` when other pages could. */
export interface PageError {
  page: number;
  code: ErrorCode;
  message: string;
  stage: 'parsing' | 'ocr';
}

export interface DocumentMetadata {
  pages: number;
  fileType: FileKind;
  mimeType: string;
  title: string | null;
  author: string | null;
  subject?: string | null;
  creator?: string | null;
  producer?: string | null;
  createdAt?: string | null;
  /** E-mails (eml, msg): the message's headers (formats/mail/mail-message.ts). */
  email?: MailHeaders;
}

export interface ParsedDocument {
  metadata: DocumentMetadata;
  pages: ParsedPage[];
  text: string;
  markdown: string;
  /** Set by read-document: the document's score (pages weighted by characters) and failed pages. */
  qualityScore?: number | null;
  qualityCategory?: QualityCategory | null;
  errors?: PageError[];
}

export interface StageContext {
  signal: AbortSignal;
  /** The parse stage's pages parsed so far; cheap, may be called often. */
  onProgress?: (pagesDone: number, pagesTotal: number) => void;
  /** readDocument's account of the whole reading, parsing then OCR (read-progress.ts). */
  onRead?: (report: ReadReport) => void;
  /** OCR readings of an earlier attempt of the job, and where new ones are stored as pages are read. */
  checkpoints?: PageCheckpoints;
  /**
   * Aborted when the job should be handed back (shutdown): an OCR pass takes no new page, lets
   * the pages it is reading finish and be stored, then stops (CANCELLED). Stages that cannot
   * resume ignore it and run on until `signal` stops them.
   */
  handBack?: AbortSignal;
}

/**
 * Page checkpoints, the engine's port: readings are stored as they are given and given back as
 * they were stored (JSON), by pass ('standard', 'premium') and page number.
 */
export interface PageCheckpoints {
  kept(pass: string): Promise<ReadonlyMap<number, unknown>>;
  save(pass: string, page: number, reading: unknown): Promise<void>;
}
