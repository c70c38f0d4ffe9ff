/**
 * Page thumbnails (PNG) for every kind of document, so every job has one:
 * PDF pages are rasterised by pdfjs in the worker pool, images scaled down
 * by sharp (any page of a TIFF); text-like formats get their first lines drawn on a white
 * page-shaped canvas here (a few ms, no need for a thread).
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import type * as Canvas from '@napi-rs/canvas';
import { DocjobsError } from '../core/errors.ts';
import { imageThumbnail } from './images/image-thumbnail.ts';
import { type DetectedType, isImageKind } from './types.ts';

export const defaultThumbnailWidth = 400;
/** A4's height/width: text documents get a page-shaped thumbnail. */
const pageRatio = 297 / 210;
const maxLines = 50;

export async function renderPageThumbnail(
  bytes: Uint8Array,
  detected: DetectedType,
  page: number,
  maxWidth: number = defaultThumbnailWidth,
  signal: AbortSignal = new AbortController().signal,
  textForPage?: string,
): Promise<Uint8Array> {
  if (signal.aborted) throw new DocjobsError('CANCELLED', 'the job was cancelled');
  const width = Math.max(16, Math.min(4096, Math.round(maxWidth)));
  const kind = detected.kind;
  if (isImageKind(kind)) return imageThumbnail(bytes, kind, page, width);
  switch (kind) {
    // The parsers and the PDF pool (~25 MB of modules) loaded when a thumbnail needs them: an
    // API-only process (`serve --no-worker`) renders few, often none.
    case 'pdf':
      return (await import('./pdf/pdf-pool.ts')).renderPdfInWorker(bytes, page, width, signal);
    case 'pptx':
    case 'odp': {
      // A slide is drawn from its parse (boxes and text), not rendered as an office suite would.
      const { parseDocument, throwIfAborted } = await import('./parse-document.ts');
      const doc = await parseDocument(bytes, detected, { signal });
      const slide = doc.pages[page - 1];
      if (!slide) throw notFound(page, doc.pages.length);
      throwIfAborted(signal);
      const { createCanvas, GlobalFonts } = await import('@napi-rs/canvas');
      const { drawSlide } = await import('./formats/slides/slide-thumbnail.ts');
      return drawSlide(slide, width, createCanvas, font(GlobalFonts));
    }
    case 'docx':
    case 'html':
    case 'text':
    case 'markdown':
    case 'eml':
    case 'msg': {
      if (page !== 1) throw notFound(page, 1);
      const { parseDocument, throwIfAborted } = await import('./parse-document.ts');
      const text = textForPage ?? (await parseDocument(bytes, detected, { signal })).pages[0]?.text ?? '';
      throwIfAborted(signal);
      return drawText(text, width);
    }
    case 'xlsx':
    case 'ods':
    case 'csv': {
      // A sheet has no page geometry: its page's text, drawn like a text file's.
      const { parseDocument, throwIfAborted } = await import('./parse-document.ts');
      const pages =
        textForPage === undefined ? (await parseDocument(bytes, detected, { signal })).pages : null;
      if (pages && !pages[page - 1]) throw notFound(page, pages.length);
      throwIfAborted(signal);
      return drawText(textForPage ?? pages?.[page - 1]?.text ?? '', width);
    }
    // Text formats with sections as pages (EPUB chapters): that page's text.
    case 'odt':
    case 'epub':
    case 'rtf': {
      const { parseDocument, throwIfAborted } = await import('./parse-document.ts');
      const doc = await parseDocument(bytes, detected, { signal });
      throwIfAborted(signal);
      const found = doc.pages.find((p) => p.page === page);
      if (!found) throw notFound(page, doc.pages.length);
      return drawText(textForPage ?? found.text, width);
    }
  }
}

function notFound(page: number, pages: number): DocjobsError {
  return new DocjobsError('NOT_FOUND', `page ${page} does not exist (the document has ${pages})`);
}

// The font pdfjs ships, so thumbnails look the same on a host without fonts installed.
let fontFamily: string | null = null;
function font(GlobalFonts: typeof Canvas.GlobalFonts): string {
  if (fontFamily === null) {
    const dir = path.dirname(createRequire(import.meta.url).resolve('pdfjs-dist/package.json'));
    const ok = GlobalFonts.registerFromPath(
      path.join(dir, 'standard_fonts', 'LiberationSans-Regular.ttf'),
      'DocjobsSans',
    );
    fontFamily = ok ? 'DocjobsSans' : 'sans-serif';
  }
  return fontFamily;
}

async function drawText(text: string, width: number): Promise<Uint8Array> {
  // Loaded on the first text thumbnail, not at start (~20 MB of RSS a server may never need).
  const { createCanvas, GlobalFonts } = await import('@napi-rs/canvas');
  const height = Math.round(width * pageRatio);
  const canvas = createCanvas(width, height);
  const ctx = canvas.getContext('2d');
  ctx.fillStyle = '#ffffff';
  ctx.fillRect(0, 0, width, height);
  const margin = Math.round(width * 0.06);
  // ~maxLines lines fill the page height.
  const lineHeight = (height - 2 * margin) / maxLines;
  const fontSize = lineHeight * 0.8;
  ctx.fillStyle = '#222222';
  ctx.font = `${fontSize}px ${font(GlobalFonts)}`;
  ctx.textBaseline = 'top';
  const lines = wrap(text, width - 2 * margin, (s) => ctx.measureText(s).width).slice(0, maxLines);
  lines.forEach((line, k) => {
    ctx.fillText(line, margin, margin + k * lineHeight);
  });
  return new Uint8Array(await canvas.encode('png'));
}

/** Greedy word wrap of the first lines only (a 1 MB text file must not be measured in full). */
function wrap(text: string, maxWidth: number, measure: (s: string) => number): string[] {
  const out: string[] = [];
  for (const paragraph of text.split('\n')) {
    if (out.length >= maxLines) break;
    let line = '';
    for (const word of paragraph.split(/\s+/).filter(Boolean)) {
      const next = line ? `${line} ${word}` : word;
      if (line && measure(next) > maxWidth) {
        out.push(line);
        if (out.length >= maxLines) break;
        line = word;
      } else {
        line = next;
      }
    }
    out.push(line);
  }
  return out;
}
