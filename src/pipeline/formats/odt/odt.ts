/**
 * OpenDocument text: a zip whose content.xml holds the body and styles.xml the named styles
 * (heading outline levels), meta.xml the title and author. Sizes are checked before anything is
 * inflated, as for DOCX; the XML is read without expanding entities.
 */
import { permanent } from '../../../core/errors.ts';
import type { ParsedDocument } from '../../types.ts';
import { checkZipSizes, readZipEntry, type ZipLimits } from '../../zip.ts';
import { htmlSectionsDocument, isoDate } from '../textdocs/document.ts';
import { childrenOf, fieldText, findFirst, parseXml, type XmlNode } from '../textdocs/xml.ts';
import { odtBodyHtml } from './odt-html.ts';
import { readStyles } from './odt-styles.ts';

export const odtMime = 'application/vnd.oasis.opendocument.text';

/** As docxLimits: XML parts are held as a tree (several bytes of memory per byte). */
export const odtLimits: ZipLimits = {
  entries: 10_000,
  totalBytes: 256 * 2 ** 20,
  partBytes: 64 * 2 ** 20,
  parsedPart: /\.xml$/i,
};

export function parseOdt(bytes: Uint8Array): ParsedDocument {
  checkZipSizes(bytes, odtLimits);
  const xmlPart = (name: string): XmlNode[] => {
    const entry = readZipEntry(bytes, name);
    return entry ? parseXml(new TextDecoder().decode(entry), name) : [];
  };
  const content = xmlPart('content.xml');
  const body = findFirst(content, 'office:text');
  if (!body) throw permanent('PARSE_ERROR', 'the ODT has no text body (content.xml)');
  const styles = readStyles([xmlPart('styles.xml'), content]);
  const meta = xmlPart('meta.xml');
  const field = (tag: string) => fieldText(meta, tag);
  return htmlSectionsDocument({
    kind: 'odt',
    mimeType: odtMime,
    sections: [odtBodyHtml(childrenOf(body), styles)],
    title: field('dc:title'),
    author: field('dc:creator') ?? field('meta:initial-creator'),
    createdAt: isoDate(field('meta:creation-date')),
  });
}
