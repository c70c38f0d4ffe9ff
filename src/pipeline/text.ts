/** Plain text and markdown files: one page, decoded as strict UTF-8. */
import { permanent } from '../core/errors.ts';
import { markdownBlocks, stripMarkdown } from './markdown.ts';
import { singlePage } from './single-page.ts';
import type { Block, ParsedDocument } from './types.ts';

export function decodeUtf8(bytes: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes).replace(/^\uFEFF/, '');
  } catch (error) {
    throw permanent('PARSE_ERROR', 'the file is not valid UTF-8 text', error);
  }
}

export function parseText(bytes: Uint8Array, kind: 'text' | 'markdown'): ParsedDocument {
  const source = decodeUtf8(bytes).replace(/\r\n?/g, '\n');
  if (kind === 'text') {
    // Plain text has no markup: every blank-line-separated chunk is a paragraph.
    const blocks = source
      .split(/\n\s*\n/)
      .map((p) => p.trim())
      .filter((p) => p !== '')
      .map((p): Block => ({ type: 'paragraph', text: p, bbox: null }));
    return singlePage({ kind, text: source, markdown: source, title: null, blocks });
  }
  const title = source.match(/^#\s+(.+)$/m)?.[1]?.trim() ?? null;
  return singlePage({
    kind,
    text: stripMarkdown(source),
    markdown: source,
    title,
    blocks: markdownBlocks(source),
  });
}
