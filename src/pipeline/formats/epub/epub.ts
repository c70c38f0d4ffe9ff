/**
 * EPUB: META-INF/container.xml names the package (OPF) file; its spine orders the XHTML chapters,
 * each read through the HTML path as one page. The navigation document (the table of contents)
 * is left out, in the spine or not, so its titles are not read twice.
 */
import { posix } from 'node:path';
import { permanent } from '../../../core/errors.ts';
import { decodeUtf8 } from '../../text.ts';
import type { ParsedDocument } from '../../types.ts';
import { checkZipSizes, readZipEntry, type ZipLimits } from '../../zip.ts';
import { htmlSectionsDocument, isoDate } from '../textdocs/document.ts';
import { attr, fieldText, findAll, findFirst, parseXml, unescapeXml } from '../textdocs/xml.ts';

export const epubMime = 'application/epub+zip';

/** Chapters are HTML parsed into a DOM by turndown: the same bounds as an HTML upload's parts. */
export const epubLimits: ZipLimits = {
  entries: 10_000,
  totalBytes: 512 * 2 ** 20,
  partBytes: 32 * 2 ** 20,
  parsedPart: /\.(xml|opf|ncx|x?html?)$/i,
};

const chapterTypes = new Set(['application/xhtml+xml', 'text/html']);

export function parseEpub(bytes: Uint8Array): ParsedDocument {
  checkZipSizes(bytes, epubLimits);
  const text = (name: string) => {
    const entry = readZipEntry(bytes, name);
    return entry ? decodeUtf8(entry) : null;
  };
  const container = text('META-INF/container.xml');
  if (container === null) throw permanent('PARSE_ERROR', 'the EPUB has no META-INF/container.xml');
  const rootfile = findFirst(parseXml(container, 'container.xml'), 'rootfile');
  const opfPath = rootfile ? unescapeXml(attr(rootfile, 'full-path') ?? '') : '';
  const opfText = opfPath ? text(opfPath) : null;
  if (opfText === null)
    throw permanent('PARSE_ERROR', `the EPUB's package file ${opfPath || '(none)'} is missing`);
  const opf = parseXml(opfText, opfPath);

  const base = posix.dirname(opfPath);
  const manifest = new Map<string, { href: string; type: string; nav: boolean }>();
  for (const item of findAll(opf, 'item')) {
    const id = attr(item, 'id');
    const href = attr(item, 'href');
    if (!id || !href) continue;
    manifest.set(id, {
      href: resolveHref(base, unescapeXml(href)),
      type: (attr(item, 'media-type') ?? '').toLowerCase(),
      nav: /\bnav\b/.test(attr(item, 'properties') ?? ''),
    });
  }
  const sections: string[] = [];
  for (const ref of findAll(opf, 'itemref')) {
    const item = manifest.get(attr(ref, 'idref') ?? '');
    if (!item || item.nav || !chapterTypes.has(item.type)) continue;
    const chapter = text(item.href);
    if (chapter !== null) sections.push(withoutNavigation(chapter));
  }
  const meta = (tag: string) => fieldText(opf, tag);
  return htmlSectionsDocument({
    kind: 'epub',
    mimeType: epubMime,
    sections,
    title: meta('dc:title'),
    author: meta('dc:creator'),
    createdAt: isoDate(meta('dc:date')),
  });
}

/** A manifest href is relative to the OPF and URL-encoded. */
function resolveHref(base: string, href: string): string {
  let path = href.split('#')[0]!;
  try {
    path = decodeURIComponent(path);
  } catch {
    // Keep it as written: a stray % is a valid file name character.
  }
  return posix.normalize(posix.join(base, path)).replace(/^\.\//, '');
}

/** A chapter may embed a <nav epub:type="toc"> (landmarks, page lists): not the book's text. */
function withoutNavigation(html: string): string {
  return html.replace(
    /<nav\b[^>]*epub:type\s*=\s*["'][^"']*(toc|landmarks|page-list)[^>]*>[\s\S]*?<\/nav>/gi,
    '',
  );
}
