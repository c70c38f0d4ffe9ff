/** Rewriting a part of a generated deck (tests of order and hostile inputs), with the test zip writer. */
import { inflateRawSync } from 'node:zlib';
import { zipArchive } from '../src/pipeline/testing/zip-writer.ts';
import { listZipEntries } from '../src/pipeline/zip.ts';

export function zipParts(zip: Uint8Array): Map<string, string | Uint8Array> {
  const parts = new Map<string, string | Uint8Array>();
  for (const e of listZipEntries(zip) ?? []) {
    const data = zip.subarray(e.dataStart, e.dataStart + e.compressedSize);
    const bytes = e.method === 8 ? new Uint8Array(inflateRawSync(data)) : data;
    parts.set(e.name, /\.(xml|rels)$/.test(e.name) ? new TextDecoder().decode(bytes) : bytes);
  }
  return parts;
}

export function rezip(parts: Map<string, string | Uint8Array>): Uint8Array {
  return new Uint8Array(zipArchive([...parts].map(([name, data]) => ({ name, data }))));
}

export function withPart(zip: Uint8Array, name: string, edit: (xml: string) => string): Uint8Array {
  const parts = zipParts(zip);
  parts.set(name, edit(parts.get(name) as string));
  return rezip(parts);
}

/** A minimal ODP (content.xml only, plus mimetype first as ODF wants it). */
export function makeOdp(pagesXml: string): Uint8Array {
  const content = `<?xml version="1.0" encoding="UTF-8"?>
<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0" xmlns:presentation="urn:oasis:names:tc:opendocument:xmlns:presentation:1.0" office:version="1.3"><office:body><office:presentation>${pagesXml}</office:presentation></office:body></office:document-content>`;
  const manifest = `<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.3"><manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.presentation"/><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>`;
  return new Uint8Array(
    zipArchive([
      { name: 'mimetype', data: 'application/vnd.oasis.opendocument.presentation' },
      { name: 'content.xml', data: content },
      { name: 'META-INF/manifest.xml', data: manifest },
    ]),
  );
}
