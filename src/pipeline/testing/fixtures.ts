/**
 * Documents generated in the tests: small PDFs (plain, encrypted, truncated)
 * written by hand and DOCX built as a zip. Generated rather than
 * committed so each test shows what its input contains.
 */
import { zipArchive } from './zip-writer.ts';

export interface PdfPageSpec {
  /** [font size, x, y from the top, text] per line; an empty array makes a page without text. */
  lines: [number, number, number, string][];
  /** A grayscale JPEG drawn over the whole page: a scanned page when `lines` is empty. */
  scan?: { jpeg: Uint8Array; width: number; height: number };
}

/** A PDF with Helvetica text (PDF 1.4, one content stream per page, 612×792 pt pages). */
export function makePdf(
  pages: PdfPageSpec[],
  options: { title?: string; encrypt?: boolean } = {},
): Uint8Array {
  const objects: string[] = [];
  const add = (body: string) => objects.push(body);
  add('<< /Type /Catalog /Pages 2 0 R >>');
  const pageIds = pages.map((_, k) => 4 + 2 * k);
  add(`<< /Type /Pages /Kids [${pageIds.map((id) => `${id} 0 R`).join(' ')}] /Count ${pages.length} >>`);
  add('<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>');
  // Scans are objects of their own, after the pages and their contents.
  let nextScanId = 4 + 2 * pages.length;
  const scanIds = pages.map((page) => (page.scan ? nextScanId++ : 0));
  for (const [k, page] of pages.entries()) {
    const xobject = page.scan ? ` /XObject << /Scan ${scanIds[k]} 0 R >>` : '';
    add(
      `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 3 0 R >>${xobject} >> /Contents ${5 + 2 * k} 0 R >>`,
    );
    const draw = page.scan ? ['q 612 0 0 792 0 0 cm /Scan Do Q'] : [];
    const ops = draw
      .concat(
        page.lines.map(
          ([size, x, y, text]) =>
            `BT /F1 ${size} Tf ${x} ${792 - y} Td (${text.replace(/[()\\]/g, '\\$&')}) Tj ET`,
        ),
      )
      .join('\n');
    add(`<< /Length ${ops.length} >>\nstream\n${ops}\nendstream`);
  }
  for (const page of pages) {
    if (!page.scan) continue;
    const { jpeg, width, height } = page.scan;
    add(
      `<< /Type /XObject /Subtype /Image /Width ${width} /Height ${height} /ColorSpace /DeviceGray /BitsPerComponent 8 /Filter /DCTDecode /Length ${jpeg.byteLength} >>\nstream\n${Buffer.from(jpeg).toString('latin1')}\nendstream`,
    );
  }
  const infoId = objects.length + 1;
  add(
    `<< /Title (${options.title ?? 'Generated'}) /Author (docjobs tests) /CreationDate (D:20240102030405Z) >>`,
  );
  let encryptRef = '';
  if (options.encrypt) {
    // Standard security handler, revision 2, with an /O and /U that no empty password matches:
    // readers must ask for a password (pdfjs raises PasswordException).
    const hex = (seed: number) =>
      Array.from({ length: 32 }, (_, i) => ((i * 37 + seed) & 0xff).toString(16).padStart(2, '0')).join('');
    add(`<< /Filter /Standard /V 1 /R 2 /O <${hex(7)}> /U <${hex(99)}> /P -44 >>`);
    encryptRef = ` /Encrypt ${objects.length} 0 R`;
  }
  const id = '<00112233445566778899aabbccddeeff>';
  const trailer = `/Info ${infoId} 0 R${encryptRef} /ID [${id} ${id}]`;
  return new Uint8Array(pdfFile(objects, { head: '%PDF-1.4\n%\xe2\xe3\xcf\xd3\n', trailer }));
}

/**
 * A PDF file of the given object bodies (object k+1 is `objects[k]`, the catalog first) with a
 * correct xref table. `head` is the header line(s); `trailer` adds entries to the trailer dictionary.
 */
export function pdfFile(objects: readonly string[], { head = '%PDF-1.4\n', trailer = '' } = {}): Buffer {
  let out = head;
  const offsets: number[] = [];
  objects.forEach((body, k) => {
    offsets.push(Buffer.byteLength(out, 'latin1'));
    out += `${k + 1} 0 obj\n${body}\nendobj\n`;
  });
  const xref = Buffer.byteLength(out, 'latin1');
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const offset of offsets) out += `${String(offset).padStart(10, '0')} 00000 n \n`;
  const extra = trailer ? ` ${trailer}` : '';
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R${extra} >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(out, 'latin1');
}

/** A zip of the given text entries (the zip writer stores small ones, deflates larger ones). */
export function makeZip(entries: Record<string, string>): Uint8Array {
  return new Uint8Array(zipArchive(Object.entries(entries).map(([name, data]) => ({ name, data }))));
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** A minimal valid DOCX: a Heading1, paragraphs and a table, plus docProps/core.xml. */
export function makeDocx(doc: {
  title: string;
  heading: string;
  paragraphs: string[];
  table: string[][];
}): Uint8Array {
  const w = 'http://schemas.openxmlformats.org/wordprocessingml/2006/main';
  const para = (text: string, style?: string) =>
    `<w:p>${style ? `<w:pPr><w:pStyle w:val="${style}"/></w:pPr>` : ''}<w:r><w:t xml:space="preserve">${esc(text)}</w:t></w:r></w:p>`;
  const table = `<w:tbl>${doc.table
    .map((row) => `<w:tr>${row.map((cell) => `<w:tc>${para(cell)}</w:tc>`).join('')}</w:tr>`)
    .join('')}</w:tbl>`;
  const body = `${para(doc.heading, 'Heading1')}${doc.paragraphs.map((p) => para(p)).join('')}${table}`;
  return makeZip({
    '[Content_Types].xml':
      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/><Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/><Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/></Types>',
    '_rels/.rels':
      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/></Relationships>',
    'word/_rels/document.xml.rels':
      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>',
    'word/document.xml': `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="${w}"><w:body>${body}</w:body></w:document>`,
    'word/styles.xml': `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:styles xmlns:w="${w}"><w:style w:type="paragraph" w:styleId="Heading1"><w:name w:val="heading 1"/></w:style></w:styles>`,
    'docProps/core.xml': `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><dc:title>${esc(doc.title)}</dc:title><dc:creator>Ada Lovelace</dc:creator><dcterms:created xsi:type="dcterms:W3CDTF">2024-05-06T07:08:09Z</dcterms:created></cp:coreProperties>`,
  });
}

/** The PNG signature and IHDR size, or null if `bytes` is not a PNG. */
export function pngSize(bytes: Uint8Array): { width: number; height: number } | null {
  const signature = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
  if (bytes.length < 24 || signature.some((b, i) => bytes[i] !== b)) return null;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return { width: view.getUint32(16), height: view.getUint32(20) };
}

/** The shared corpus beside the project (`../shared/corpus`), read in place, never copied. */
export const corpus = new URL('../../../../shared/corpus', import.meta.url).pathname;
