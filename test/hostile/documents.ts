/** The hostile documents that need more than a line to build: DOCX bombs and a PDF full of scripts. */
import { deflatedSandwich, pdfFromObjects, textPdfObjects, type ZipEntry, zipArchive } from './builders.ts';

export const w = 'http://schemas.openxmlformats.org/wordprocessingml/2006/main';
export const xmlHead = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>';

/** The parts every DOCX needs beside word/document.xml. */
export function docxFrame(): ZipEntry[] {
  return [
    {
      name: '[Content_Types].xml',
      data: `${xmlHead}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>`,
    },
    {
      name: '_rels/.rels',
      data: `${xmlHead}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>`,
    },
  ];
}

export const paragraph = (text: string) => `<w:p><w:r><w:t xml:space="preserve">${text}</w:t></w:r></w:p>`;

/** A DOCX whose document.xml has `doctype` before the root and `body` inside w:body. */
export function docxWith(doctype: string, body: string): Uint8Array {
  const document = `<?xml version="1.0" encoding="UTF-8"?>${doctype}<w:document xmlns:w="${w}"><w:body>${body}</w:body></w:document>`;
  return zipArchive([...docxFrame(), { name: 'word/document.xml', data: document }]);
}

/**
 * word/document.xml of 1 GiB: a paragraph, then a run of spaces (valid XML whitespace, so only a
 * size guard stops it; it deflates ~1000:1 like zeros), then the end of the document. ~1 MB zipped.
 */
export function docxBomb(declaredSize?: number): Uint8Array {
  const head = `<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="${w}"><w:body>${paragraph('bomb')}`;
  const deflated = deflatedSandwich(head, 1024, 0x20, '</w:body></w:document>');
  return zipArchive([...docxFrame(), { name: 'word/document.xml', deflated, declaredSize }]);
}

/** `mebibytes` MiB of ordinary numbered paragraphs as word/document.xml. */
export function floodXml(mebibytes: number): string {
  const paragraphs: string[] = [];
  for (let size = 0, i = 1; size < mebibytes * 2 ** 20; i++) {
    const p = paragraph(`Paragraph ${i} of the flood, with ordinary words in it.`);
    paragraphs.push(p);
    size += p.length;
  }
  return `<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="${w}"><w:body>${paragraphs.join('')}</w:body></w:document>`;
}

export function billionLaughs(): string {
  let dtd = '<!DOCTYPE w:document [<!ENTITY lol0 "lol">';
  for (let i = 1; i <= 9; i++) dtd += `<!ENTITY lol${i} "${`&lol${i - 1};`.repeat(10)}">`;
  return `${dtd}]>`;
}

/** A one-page PDF that runs JavaScript on open, on page open and from its name tree, if a reader lets it. */
export function javascriptPdf(): Uint8Array {
  const objects = textPdfObjects(['JavaScript carrier body text'], {
    catalog:
      ' /OpenAction 6 0 R /Names << /JavaScript << /Names [(boot) 6 0 R] >> >> /AcroForm << /Fields [] >>',
    page: ' /AA << /O 6 0 R >>',
  });
  objects.push(
    '<< /S /JavaScript /JS (app.alert\\("pwned"\\); this.submitForm\\("http://127.0.0.1:1/x"\\); while \\(true\\) {}) >>',
  );
  return pdfFromObjects(objects);
}
