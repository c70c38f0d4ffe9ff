/** The parsed form of a document: what a `parse` job returns and later stages reuse. */

export type FileKind =
  | 'pdf'
  | 'docx'
  | 'html'
  | 'markdown'
  | 'text'
  | 'png'
  | 'jpeg'
  | 'tiff'
  | 'webp'
  | 'bmp'
  | 'gif';

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

export type BlockType = 'heading' | 'paragraph' | 'list' | 'table';

export interface Block {
  type: BlockType;
  text: string;
  /** Heading level 1-6 when type is heading. */
  level?: number;
  bbox: BoundingBox | null;
  /** Table cells, row by row, when type is table. */
  rows?: string[][];
}

export interface ParsedPage {
  page: number;
  width: number | null;
  height: number | null;
  text: string;
  markdown: string;
  textLayer: boolean;
  source: 'textLayer' | 'ocr' | 'none';
  blocks: Block[];
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
}

export interface ParsedDocument {
  metadata: DocumentMetadata;
  pages: ParsedPage[];
  text: string;
  markdown: string;
}

export interface StageContext {
  signal: AbortSignal;
  /** Called as pages are done; cheap, may be called often. */
  onProgress?: (pagesDone: number, pagesTotal: number) => void;
}
