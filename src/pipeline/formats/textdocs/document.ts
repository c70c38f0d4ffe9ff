/**
 * HTML sections (an ODT or RTF body, EPUB chapters) → a ParsedDocument through the same
 * turndown path as HTML and DOCX, one page per section, so every job type reads them unchanged.
 * A paragraph that is only pictures becomes a figure block with their alt text.
 */
import { htmlToMarkdown } from '../../html.ts';
import { markdownBlocks, stripMarkdown } from '../../markdown.ts';
import type { Block, FileKind, ParsedDocument, ParsedPage } from '../../types.ts';

export interface TextDocumentInput {
  kind: FileKind;
  mimeType: string;
  /** One HTML string per page. */
  sections: string[];
  title: string | null;
  author: string | null;
  createdAt: string | null;
}

export function htmlSectionsDocument(input: TextDocumentInput): ParsedDocument {
  const pages: ParsedPage[] = [];
  for (const html of input.sections) {
    const markdown = htmlToMarkdown(html).trim();
    if (markdown === '') continue;
    pages.push({
      page: pages.length + 1,
      width: null,
      height: null,
      text: stripMarkdown(markdown).trim(),
      markdown,
      // Born-digital text: there is nothing to OCR.
      textLayer: true,
      source: 'textLayer',
      blocks: withFigures(markdownBlocks(markdown), markdown),
    });
  }
  if (pages.length === 0) {
    pages.push({
      page: 1,
      width: null,
      height: null,
      text: '',
      markdown: '',
      textLayer: true,
      source: 'textLayer',
      blocks: [],
    });
  }
  return {
    metadata: {
      pages: pages.length,
      fileType: input.kind,
      mimeType: input.mimeType,
      title: input.title,
      author: input.author,
      createdAt: input.createdAt,
    },
    pages,
    text: pages.map((p) => p.text).join('\n\n'),
    markdown: pages.map((p) => p.markdown).join('\n\n'),
  };
}

const imageOnly = /^(\s*!\[([^\]]*)\]\([^)]*\)\s*)+$/;

/** markdownBlocks sees `![alt](src)` as a paragraph: an image-only one is a figure. */
function withFigures(blocks: Block[], markdown: string): Block[] {
  const parts = markdown
    .split(/\n\s*\n/)
    .map((p) => p.trim())
    .filter((p) => p !== '');
  if (parts.length !== blocks.length) return blocks;
  return blocks.map((block, i) => {
    const part = parts[i]!;
    if (block.type !== 'paragraph' || !imageOnly.test(part)) return block;
    const alts = [...part.matchAll(/!\[([^\]]*)\]/g)].map((m) => m[1]!.trim()).filter(Boolean);
    return { type: 'figure', text: alts.join(' '), bbox: null, caption: null };
  });
}

/** An ISO date from a metadata string, or null. */
export function isoDate(value: string | null | undefined): string | null {
  if (!value) return null;
  const date = new Date(value.trim());
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
}
