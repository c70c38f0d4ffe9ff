/**
 * Worker-thread entry for the parsers that are not pdfjs: mammoth (DOCX), turndown (HTML) and
 * the text and markdown readers. Started by parse-pool.ts. Each parser is loaded when its first
 * document comes, so a thread that only ever reads text never loads mammoth.
 */
import { serveTasks } from './thread-pool.ts';
import type { ParsedDocument } from './types.ts';

export interface ParseTask {
  kind:
    | 'docx'
    | 'pptx'
    | 'odp'
    | 'html'
    | 'text'
    | 'markdown'
    | 'eml'
    | 'msg'
    | 'xlsx'
    | 'ods'
    | 'csv'
    | 'odt'
    | 'epub'
    | 'rtf';
  data: Uint8Array;
}

serveTasks<ParseTask, ParsedDocument>(async ({ kind, data }) => {
  switch (kind) {
    case 'docx':
      return { result: await (await import('./docx.ts')).parseDocx(data) };
    case 'pptx':
    case 'odp':
      return { result: (await import('./formats/slides/parse-slides.ts')).parseSlides(data, kind) };
    case 'html':
      return { result: (await import('./html.ts')).parseHtml(data) };
    case 'text':
    case 'markdown':
      return { result: (await import('./text.ts')).parseText(data, kind) };
    case 'eml':
    case 'msg':
      return { result: await (await import('./formats/mail/parse-mail.ts')).parseMail(data, kind) };
    case 'xlsx':
    case 'ods':
    case 'csv':
      return { result: (await import('./formats/sheets/parse-sheets.ts')).parseSheets(data, kind) };
    case 'odt':
      return { result: (await import('./formats/odt/odt.ts')).parseOdt(data) };
    case 'epub':
      return { result: (await import('./formats/epub/epub.ts')).parseEpub(data) };
    case 'rtf':
      return { result: (await import('./formats/rtf/rtf.ts')).parseRtf(data) };
  }
});
