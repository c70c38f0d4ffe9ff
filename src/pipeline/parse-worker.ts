/**
 * Worker-thread entry for the parsers that are not pdfjs: mammoth (DOCX), turndown (HTML) and
 * the text and markdown readers. Started by parse-pool.ts. Each parser is loaded when its first
 * document comes, so a thread that only ever reads text never loads mammoth.
 */
import { serveTasks } from './thread-pool.ts';
import type { ParsedDocument } from './types.ts';

export interface ParseTask {
  kind: 'docx' | 'html' | 'text' | 'markdown' | 'odt' | 'epub' | 'rtf';
  data: Uint8Array;
}

serveTasks<ParseTask, ParsedDocument>(async ({ kind, data }) => {
  switch (kind) {
    case 'docx':
      return { result: await (await import('./docx.ts')).parseDocx(data) };
    case 'html':
      return { result: (await import('./html.ts')).parseHtml(data) };
    case 'text':
    case 'markdown':
      return { result: (await import('./text.ts')).parseText(data, kind) };
    case 'odt':
      return { result: (await import('./formats/odt/odt.ts')).parseOdt(data) };
    case 'epub':
      return { result: (await import('./formats/epub/epub.ts')).parseEpub(data) };
    case 'rtf':
      return { result: (await import('./formats/rtf/rtf.ts')).parseRtf(data) };
  }
});
