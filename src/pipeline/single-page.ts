/** The ParsedDocument shape for formats without pages (text, markdown, HTML, DOCX). */
import type { Block, FileKind, ParsedDocument } from './types.ts';

const mimeOf: Partial<Record<FileKind, string>> = {
  text: 'text/plain',
  markdown: 'text/markdown',
  html: 'text/html',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
};

export function singlePage(input: {
  kind: FileKind;
  text: string;
  markdown: string;
  title: string | null;
  author?: string | null;
  createdAt?: string | null;
  blocks?: Block[];
}): ParsedDocument {
  const text = input.text.trim();
  const markdown = input.markdown.trim();
  return {
    metadata: {
      pages: 1,
      fileType: input.kind,
      mimeType: mimeOf[input.kind] ?? 'application/octet-stream',
      title: input.title,
      author: input.author ?? null,
      createdAt: input.createdAt ?? null,
    },
    pages: [
      {
        page: 1,
        width: null,
        height: null,
        text,
        markdown,
        // Born-digital text: there is nothing to OCR.
        textLayer: true,
        source: 'textLayer',
        blocks: input.blocks ?? [],
      },
    ],
    text,
    markdown,
  };
}
