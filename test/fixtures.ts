/** Documents made by the tests themselves: small, exact, and with known text. */

/** A valid PDF with one page per string, each drawn as lines of Helvetica text. */
export function makeTextPdf(pages: string[], options: { title?: string } = {}): Uint8Array {
  const objects: string[] = [];
  const add = (body: string) => {
    objects.push(body);
    return objects.length;
  };
  const font = add('<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>');
  const pagesId = objects.length + 1 + pages.length * 2; // reserved after the page objects
  const kids: number[] = [];
  for (const text of pages) {
    const lines = text.split('\n').map((line, i) => {
      const escaped = line.replace(/[\\()]/g, (c) => `\\${c}`);
      return `BT /F1 12 Tf 72 ${720 - i * 16} Td (${escaped}) Tj ET`;
    });
    const stream = lines.join('\n');
    const content = add(`<< /Length ${Buffer.byteLength(stream, 'latin1')} >>\nstream\n${stream}\nendstream`);
    kids.push(
      add(
        `<< /Type /Page /Parent ${pagesId} 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 ${font} 0 R >> >> /Contents ${content} 0 R >>`,
      ),
    );
  }
  add(`<< /Type /Pages /Kids [${kids.map((k) => `${k} 0 R`).join(' ')}] /Count ${kids.length} >>`);
  const info = add(`<< /Title (${options.title ?? 'docjobs test'}) /Author (docjobs tests) >>`);
  const catalog = add(`<< /Type /Catalog /Pages ${pagesId} 0 R >>`);
  let out = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((body, i) => {
    offsets.push(Buffer.byteLength(out, 'latin1'));
    out += `${i + 1} 0 obj\n${body}\nendobj\n`;
  });
  const xref = Buffer.byteLength(out, 'latin1');
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const offset of offsets) out += `${String(offset).padStart(10, '0')} 00000 n \n`;
  out += `trailer\n<< /Size ${objects.length + 1} /Root ${catalog} 0 R /Info ${info} 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return new Uint8Array(Buffer.from(out, 'latin1'));
}

/** A PDF long enough to keep a worker busy for several seconds (parsing runs ~60 pages/s per core). */
export function makeLongPdf(pageCount: number): Uint8Array {
  const line = 'The quick brown fox jumps over the lazy dog while the worker keeps parsing page';
  return makeTextPdf(
    Array.from({ length: pageCount }, (_, page) =>
      Array.from({ length: 40 }, (_, i) => `${line} ${page + 1} line ${i + 1}`).join('\n'),
    ),
  );
}
