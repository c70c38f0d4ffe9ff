/**
 * DOCX: mammoth → HTML → markdown through the same turndown setup as HTML
 * files, so tables survive as pipe tables (mammoth's own markdown output
 * flattens them). DOCX has no fixed pages: one page.
 */
import mammoth from 'mammoth';
import { permanent } from '../core/errors.ts';
import { htmlToMarkdown } from './html.ts';
import { markdownBlocks, stripMarkdown } from './markdown.ts';
import { singlePage } from './single-page.ts';
import type { ParsedDocument } from './types.ts';
import { checkZipSizes, readZipEntry, type ZipLimits } from './zip.ts';

/**
 * What a DOCX may inflate to. XML parts are parsed into a DOM (~7 bytes of memory per byte of XML,
 * and mammoth reads ~1 MB of it a second): 64 MiB is a few thousand pages of text. Media go into
 * the result as base64, so all parts together stay within 256 MiB. A zip bomb (1 MB → 1 GiB) is
 * refused before anything is inflated; without this, mammoth's reader held all of it: 3.6 GB RSS.
 */
export const docxLimits: ZipLimits = {
  entries: 10_000,
  totalBytes: 256 * 2 ** 20,
  partBytes: 64 * 2 ** 20,
  parsedPart: /\.(xml|rels)$/i,
};

export async function parseDocx(bytes: Uint8Array): Promise<ParsedDocument> {
  checkZipSizes(bytes, docxLimits);
  let html: string;
  try {
    const result = await mammoth.convertToHtml({
      buffer: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength),
    });
    html = result.value;
  } catch (error) {
    throw permanent('PARSE_ERROR', `cannot read the DOCX: ${(error as Error).message}`, error);
  }
  const markdown = htmlToMarkdown(html);
  const core = coreProperties(bytes);
  return singlePage({
    kind: 'docx',
    text: stripMarkdown(markdown),
    markdown,
    title: core.title,
    author: core.author,
    createdAt: core.createdAt,
    blocks: markdownBlocks(markdown),
  });
}

/** Title, author and creation date from docProps/core.xml (Dublin Core); mammoth does not expose them. */
export function coreProperties(bytes: Uint8Array): {
  title: string | null;
  author: string | null;
  createdAt: string | null;
} {
  const entry = readZipEntry(bytes, 'docProps/core.xml');
  const xml = entry ? new TextDecoder().decode(entry) : '';
  const field = (tag: string) => {
    const value = xml.match(new RegExp(`<${tag}(?:\\s[^>]*)?>([^<]*)</${tag}>`))?.[1];
    return value ? unescapeXml(value).trim() || null : null;
  };
  const created = field('dcterms:created');
  const date = created ? new Date(created) : null;
  return {
    title: field('dc:title'),
    author: field('dc:creator'),
    createdAt: date && !Number.isNaN(date.getTime()) ? date.toISOString() : null,
  };
}

function unescapeXml(s: string): string {
  return s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&');
}
