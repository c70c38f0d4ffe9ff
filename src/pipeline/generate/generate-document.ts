/**
 * A generate job's work (issue 19): the template filled with the data (template.ts), its markup
 * read into blocks (markdown-blocks.ts, html-blocks.ts), laid out on pages (layout.ts) and drawn
 * with pdf-lib in embedded Liberation Sans (embedded-font.ts), with "Page N of M" at each foot.
 */
import { PDFDocument, type PDFName, popGraphicsState, pushGraphicsState, rgb } from 'pdf-lib';
import { permanent } from '../../core/errors.ts';
import { type Block, escapeFor, type MarkupFormat, type Run } from './blocks.ts';
import { EmbeddedFont, type FontStyle, fontFile } from './embedded-font.ts';
import { htmlBlocks } from './html-blocks.ts';
import { type DrawOp, layoutBlocks, pageSizes } from './layout.ts';
import { markdownBlocks } from './markdown-blocks.ts';
import { drawOps } from './page-drawing.ts';
import { parseTemplate, renderTemplate, TemplateSyntaxError } from './template.ts';
import { textWidth } from './truetype.ts';

export interface GenerateInput {
  template: string;
  format: MarkupFormat;
  data: unknown;
  pageSize: keyof typeof pageSizes;
  pageNumbers: boolean;
  title: string | null;
}

export interface GenerateReport {
  type: 'generate';
  pages: number;
  format: MarkupFormat;
  /** Placeholders the data has no value for (written as nothing). */
  missing: string[];
  /** Characters the embedded font has no glyph for, written as "?". */
  replaced: string[];
  fonts: string[];
  outputBytes: number;
}

/** The default margin: 2 cm, the body ending where the page number's line begins. */
const margin = 56.7;
const footerSize = 9;

export async function generateDocument(
  input: GenerateInput,
  signal: AbortSignal,
): Promise<{ pdf: Uint8Array; report: GenerateReport }> {
  let rendered: ReturnType<typeof renderTemplate>;
  try {
    rendered = renderTemplate(parseTemplate(input.template), input.data, escapeFor(input.format));
  } catch (error) {
    if (error instanceof TemplateSyntaxError)
      throw permanent('TEMPLATE_ERROR', `the template does not parse: ${error.message}`, error);
    throw error;
  }
  signal.throwIfAborted();
  const blocks = input.format === 'html' ? htmlBlocks(rendered.text) : markdownBlocks(rendered.text);
  const replaced = new Set<string>();
  const writable = replaceMissingGlyphs(blocks, replaced);
  const document = await PDFDocument.create();
  document.setProducer('docjobs');
  document.setCreator('docjobs generate');
  if (input.title) document.setTitle(input.title);
  const fonts = new Map<FontStyle, EmbeddedFont>();
  const fontOf = (style: FontStyle) => {
    let font = fonts.get(style);
    if (!font) {
      font = new EmbeddedFont(document, fontFile(style));
      fonts.set(style, font);
    }
    return font;
  };
  const measure = (style: FontStyle, text: string, size: number) => textWidth(fontFile(style), text, size);
  const [width, height] = pageSizes[input.pageSize];
  const pages = layoutBlocks(writable, { width, height, margin }, measure);
  for (const [k, ops] of pages.entries()) {
    signal.throwIfAborted();
    const page = document.addPage([width, height]);
    const footer: DrawOp[] = [];
    if (input.pageNumbers) {
      const text = `Page ${k + 1} of ${pages.length}`;
      const x = (width - measure('regular', text, footerSize)) / 2;
      footer.push({ kind: 'text', x, y: margin / 2, text, style: 'regular', size: footerSize });
    }
    const names = new Map<FontStyle, PDFName>();
    const nameOf = (style: FontStyle) => {
      let name = names.get(style);
      if (!name) {
        name = page.node.newFontDictionary(`F${style}`, fontOf(style).ref);
        names.set(style, name);
      }
      return name;
    };
    page.pushOperators(pushGraphicsState());
    drawOps(
      page,
      [...ops, ...footer],
      (style) => ({ name: nameOf(style), font: fontOf(style) }),
      rgb(0, 0, 0),
    );
    page.pushOperators(popGraphicsState());
  }
  for (const font of fonts.values()) font.finish();
  const pdf = await document.save();
  return {
    pdf,
    report: {
      type: 'generate',
      pages: pages.length,
      format: input.format,
      missing: rendered.missing,
      replaced: [...replaced],
      fonts: [...fonts.values()].map((font) => font.font.postScriptName),
      outputBytes: pdf.byteLength,
    },
  };
}

/** Every run's characters the fonts lack as "?" (Liberation Sans covers Latin, Greek and Cyrillic). */
function replaceMissingGlyphs(blocks: readonly Block[], replaced: Set<string>): Block[] {
  const font = fontFile('regular');
  const fix = (runs: Run[]) =>
    runs.map((run) => ({
      ...run,
      text: [...run.text]
        .map((c) => {
          if (c === '\n' || font.glyphOf(c.codePointAt(0)!) !== 0) return c;
          replaced.add(c);
          return '?';
        })
        .join(''),
    }));
  return blocks.map((block): Block => {
    switch (block.kind) {
      case 'heading':
      case 'paragraph':
        return { ...block, runs: fix(block.runs) };
      case 'list':
        return { ...block, items: block.items.map((item) => replaceMissingGlyphs(item, replaced)) };
      case 'table': {
        const cells = (row: (typeof block.rows)[number]) =>
          row.map((cell) => ({ ...cell, runs: fix(cell.runs) }));
        return { ...block, header: block.header ? cells(block.header) : null, rows: block.rows.map(cells) };
      }
      default:
        return block;
    }
  });
}
