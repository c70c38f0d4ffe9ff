/**
 * Documents generated in the tests: small PDFs (plain, encrypted, truncated)
 * written by hand and DOCX built as a zip. Generated rather than
 * committed so each test shows what its input contains.
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { zipArchive } from './zip-writer.ts';

export interface PdfPageSpec {
  /**
   * [font size, x, y from the top, text, font] per line (Helvetica unless the font says
   * Helvetica-Bold, Helvetica-Oblique or Courier); an empty array makes a page without text. Text is
   * WinAnsi: Latin-1 letters (ä ß é ç) and the typographic marks of 0x80-0x9F (• – — “ ” €) survive.
   */
  lines: [number, number, number, string, ('bold' | 'mono' | 'italic')?][];
  /**
   * A grayscale JPEG drawn over the whole page (a scanned page when `lines` is empty), or into
   * `box` [x, y from the top, width, height] (a picture on a text page).
   */
  scan?: { jpeg: Uint8Array; width: number; height: number; box?: [number, number, number, number] };
  /** Stroked lines [x0, y0, x1, y1] (y from the top), 0.5 pt wide: table rules. */
  rules?: [number, number, number, number][];
  /** Filled rectangles [x, y, width, height] (y of the top edge, from the top): rules drawn as thin bars. */
  bars?: [number, number, number, number][];
  /**
   * Raw content-stream operators drawn after the rules and bars, before the text, in PDF user space
   * (origin bottom-left): curves, polylines, colours (vector figures).
   */
  ops?: string[];
}

/**
 * A PDF with Helvetica text (PDF 1.4, one content stream per page, 612×792 pt pages unless
 * `pageSize` says otherwise).
 */
export function makePdf(
  pages: PdfPageSpec[],
  options: {
    title?: string;
    encrypt?: boolean;
    pageSize?: readonly [number, number];
    /** Write each page's lines into its content stream in a fixed shuffled order, not top to bottom. */
    outOfOrder?: boolean;
  } = {},
): Uint8Array {
  const [pageWidth, pageHeight] = options.pageSize ?? [612, 792];
  const objects: string[] = [];
  const add = (body: string) => objects.push(body);
  add('<< /Type /Catalog /Pages 2 0 R >>');
  const pageIds = pages.map((_, k) => 4 + 2 * k);
  add(`<< /Type /Pages /Kids [${pageIds.map((id) => `${id} 0 R`).join(' ')}] /Count ${pages.length} >>`);
  add('<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>');
  // Bold and fixed-pitch fonts as direct objects in each page's resources: the object numbers stay as they were.
  const font = (name: string) =>
    `<< /Type /Font /Subtype /Type1 /BaseFont /${name} /Encoding /WinAnsiEncoding >>`;
  // Scans are objects of their own, after the pages and their contents.
  let nextScanId = 4 + 2 * pages.length;
  const scanIds = pages.map((page) => (page.scan ? nextScanId++ : 0));
  for (const [k, page] of pages.entries()) {
    const xobject = page.scan ? ` /XObject << /Scan ${scanIds[k]} 0 R >>` : '';
    add(
      `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 ${pageWidth} ${pageHeight}] /Resources << /Font << /F1 3 0 R /F2 ${font('Helvetica-Bold')} /F3 ${font('Courier')} /F4 ${font('Helvetica-Oblique')} >>${xobject} >> /Contents ${5 + 2 * k} 0 R >>`,
    );
    const [bx, by, bw, bh] = page.scan?.box ?? [0, 0, pageWidth, pageHeight];
    const draw = page.scan ? [`q ${bw} 0 0 ${bh} ${bx} ${pageHeight - by - bh} cm /Scan Do Q`] : [];
    for (const [x0, y0, x1, y1] of page.rules ?? [])
      draw.push(`0.5 w ${x0} ${pageHeight - y0} m ${x1} ${pageHeight - y1} l S`);
    for (const [x, y, w, h] of page.bars ?? []) draw.push(`${x} ${pageHeight - y - h} ${w} ${h} re f`);
    if (page.ops) draw.push(...page.ops);
    const lines = options.outOfOrder ? shuffled(page.lines) : page.lines;
    const ops = draw
      .concat(
        lines.map(
          ([size, x, y, text, style]) =>
            `BT /${fontIds[style ?? 'regular']} ${size} Tf ${x} ${pageHeight - y} Td (${winAnsi(text).replace(/[()\\]/g, '\\$&')}) Tj ET`,
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

const fontIds = { regular: 'F1', bold: 'F2', mono: 'F3', italic: 'F4' } as const;

/** WinAnsiEncoding's 0x80-0x9F block; the rest of the encoding is Latin-1. */
const winAnsiHigh = '€\x81‚ƒ„…†‡ˆ‰Š‹Œ\x8dŽ\x8f\x90‘’“”•–—˜™š›œ\x9džŸ';

/**
 * Text as WinAnsi bytes, one char per byte (the file is written as latin1): a character outside
 * the encoding becomes '?' rather than its low byte (U+2022 would otherwise print as '"').
 */
function winAnsi(text: string): string {
  return Array.from(text, (c) => {
    const code = c.codePointAt(0)!;
    const high = winAnsiHigh.indexOf(c);
    if (high >= 0) return String.fromCharCode(0x80 + high);
    return code < 0x80 || (code >= 0xa0 && code <= 0xff) ? c : '?';
  }).join('');
}

/** A fixed permutation (multiplicative hashing of the index): the same on every run. */
function shuffled<T>(items: readonly T[]): T[] {
  return items
    .map((item, k) => ({ item, key: (k * 2654435761) % 4294967296 }))
    .sort((a, b) => a.key - b.key)
    .map((e) => e.item);
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

/** A4 in PDF points. */
export const a4 = [595, 842] as const;

const paperText =
  'Stellar models with convective overshooting predict longer main sequence lifetimes and brighter ' +
  'turnoff points than models without it. We compare the predicted ages of open clusters with their ' +
  'observed colour magnitude diagrams, measure the extent of mixing beyond the formal boundary of the ' +
  'convective core, and discuss how rotation and diffusion change the result for stars of two to four ' +
  'solar masses.';

/**
 * A paper-like PDF on A4: a 20 pt title atop page 1, then on every page a 14 pt section heading over
 * two (or three) columns of 10 pt body text, the left column to be read first. The body mentions
 * "convective overshooting" and numbers its passages by page, so no two pages are the same. `text`
 * is every line in reading order, one a line. `outOfOrder` writes the content streams shuffled.
 */
export function makePaperPdf(
  pageCount: number,
  title = 'Convective overshooting in open clusters',
  { columns = 2, outOfOrder = false }: { columns?: 2 | 3; outOfOrder?: boolean } = {},
): { pdf: Uint8Array; text: string } {
  // Columns of 230 pt (46 characters) or 150 pt (28) with 24 and 18 pt gutters.
  const [xs, maxChars] = columns === 2 ? [[56, 310], 46] : [[56, 224, 392], 28];
  const words = paperText.split(' ');
  let next = 0;
  /** The next column line: whole words, at most `maxChars` characters of 10 pt Helvetica. */
  const bodyLine = (page: number) => {
    let line = '';
    for (;;) {
      const word =
        next % words.length === 0
          ? `(${page}.${next / words.length}) ${words[0]}`
          : words[next % words.length]!;
      if (line && line.length + 1 + word.length > maxChars) return line;
      line = line ? `${line} ${word}` : word;
      next++;
    }
  };
  const pages = Array.from({ length: pageCount }, (_, k): PdfPageSpec => {
    const lines: PdfPageSpec['lines'] = [];
    let top = 80;
    if (k === 0) {
      lines.push([20, 56, top, title]);
      top += 40;
    }
    lines.push([14, 56, top, `${k + 1} Section ${k + 1}`]);
    top += 30;
    for (const x of xs) for (let y = top; y < 790; y += 12) lines.push([10, x, y, bodyLine(k + 1)]);
    return { lines };
  });
  const text = pages.flatMap((page) => page.lines.map((line) => line[3])).join('\n');
  return { pdf: makePdf(pages, { title, pageSize: a4, outOfOrder }), text };
}

/**
 * A text invoice as `pdftotext -layout` writes one: Polish, so UTF-8 with two-byte letters, columns
 * set with runs of spaces, a form feed at the end of the page.
 */
export function makeTextInvoice(): Uint8Array {
  const rows = [
    `Faktura nr: FV 17/03/2024${' '.repeat(40)}Data wystawienia: 2024-03-17`,
    'Sprzedawca: Przedsiębiorstwo Handlowe Żuraw Sp. z o.o.',
    'NIP:               521-30-17-442',
    'Adres:             ul. Świętokrzyska 12, 00-916 Warszawa',
    'Nabywca:           GŁÓWNY URZĄD STATYSTYCZNY',
    'Adres:             Aleja Niepodległości 208 00-925 Warszawa',
    '',
    ' Lp Nazwa towaru                 Jm   Ilość     Cena netto   Wartość netto   VAT [%]   Wartość brutto',
    ' 1  Papier ksero A4 80 g/m²      ryza    10          18,50          185,00        23           227,55',
    ' 2  Długopis żelowy, niebieski   szt.    25           3,20           80,00        23            98,40',
    `${' '.repeat(52)}Razem:         265,00                  325,95`,
    '',
    'Należność ogółem: 325,95 zł   Słownie: trzysta dwadzieścia pięć złotych 95/100',
    '\f',
  ];
  return new Uint8Array(Buffer.from(rows.join('\n'), 'utf8'));
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

/**
 * The shared corpus, read in place, never copied: `DOCJOBS_CORPUS` (a relative path is taken from the
 * checkout), by default `../shared/corpus` beside the checkout. It cannot ship in the repository (part
 * of it is for research only), so a clone may lack it: tests that read it skip then (`needsCorpus`).
 */
export const corpus = resolve(
  fileURLToPath(new URL('../../..', import.meta.url)),
  process.env.DOCJOBS_CORPUS || '../shared/corpus',
);

/** Whether the corpus directory exists. */
export const hasCorpus = existsSync(corpus);

/**
 * The node:test `skip` option of a test that reads the corpus: false when it is there, otherwise the
 * reason shown in the test output.
 */
export const needsCorpus: false | string = hasCorpus
  ? false
  : `corpus not found at ${corpus}; set DOCJOBS_CORPUS`;

/** A path inside the corpus, for the benches: an error saying where it was looked for when it is absent. */
export function corpusDir(...parts: string[]): string {
  if (needsCorpus) throw new Error(needsCorpus);
  return join(corpus, ...parts);
}
