/**
 * ODT, EPUB and RTF files written in code for tests and the bench (no office suite needed):
 * a document of headings, paragraphs, a nested list, a table and a footnote, in each format.
 */
import { zipArchive } from '../../../testing/zip-writer.ts';

export interface TextDocSpec {
  title: string;
  sections: {
    heading: string;
    /** The heading's level, 1 unless said (sectionHtml and makeEpub only). */
    level?: number;
    paragraphs: string[];
    list?: string[];
    table?: string[][];
    footnote?: string;
  }[];
}

const xml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

export function makeOdt(spec: TextDocSpec): Uint8Array {
  const body = spec.sections
    .map((s) => {
      const paragraphs = s.paragraphs.map((p, i) => {
        const note =
          i === 0 && s.footnote
            ? `<text:note text:note-class="footnote"><text:note-citation>1</text:note-citation><text:note-body><text:p>${xml(s.footnote)}</text:p></text:note-body></text:note>`
            : '';
        return `<text:p text:style-name="P1"><text:span text:style-name="Bold">${xml(p.split(' ')[0]!)}</text:span> ${xml(p.split(' ').slice(1).join(' '))}${note}</text:p>`;
      });
      const list = s.list
        ? `<text:list><text:list-item><text:p>${xml(s.list[0]!)}</text:p><text:list><text:list-item><text:p>${s.list.slice(1).map(xml).join('</text:p></text:list-item><text:list-item><text:p>')}</text:p></text:list-item></text:list></text:list-item></text:list>`
        : '';
      const table = s.table
        ? `<table:table table:name="T"><table:table-column table:number-columns-repeated="${s.table[0]!.length}"/>${s.table
            .map(
              (row) =>
                `<table:table-row>${row.map((c) => `<table:table-cell office:value-type="string"><text:p>${xml(c)}</text:p></table:table-cell>`).join('')}</table:table-row>`,
            )
            .join('')}</table:table>`
        : '';
      return `<text:h text:outline-level="1">${xml(s.heading)}</text:h>${paragraphs.join('')}${list}${table}`;
    })
    .join('');
  const ns =
    'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:meta="urn:oasis:names:tc:opendocument:xmlns:meta:1.0"';
  const content = `<?xml version="1.0" encoding="UTF-8"?><office:document-content ${ns}><office:automatic-styles><style:style style:name="Bold" style:family="text"><style:text-properties fo:font-weight="bold"/></style:style></office:automatic-styles><office:body><office:text>${body}</office:text></office:body></office:document-content>`;
  const meta = `<?xml version="1.0" encoding="UTF-8"?><office:document-meta ${ns}><office:meta><dc:title>${xml(spec.title)}</dc:title><dc:creator>Test Author</dc:creator><meta:creation-date>2024-03-01T10:00:00</meta:creation-date></office:meta></office:document-meta>`;
  return odfZip('application/vnd.oasis.opendocument.text', { 'content.xml': content, 'meta.xml': meta });
}

/** An ODF package: the `mimetype` entry first and stored, as the specification requires. */
export function odfZip(mimetype: string, parts: Record<string, string>): Uint8Array {
  const manifest = `<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"><manifest:file-entry manifest:full-path="/" manifest:media-type="${mimetype}"/></manifest:manifest>`;
  return zipArchive([
    { name: 'mimetype', data: mimetype },
    ...Object.entries(parts).map(([name, data]) => ({ name, data })),
    { name: 'META-INF/manifest.xml', data: manifest },
  ]);
}

export function sectionHtml(s: TextDocSpec['sections'][number]): string {
  const esc = xml;
  const table = s.table
    ? `<table>${s.table.map((r) => `<tr>${r.map((c) => `<td>${esc(c)}</td>`).join('')}</tr>`).join('')}</table>`
    : '';
  const list = s.list
    ? `<ul><li>${esc(s.list[0]!)}<ul>${s.list
        .slice(1)
        .map((i) => `<li>${esc(i)}</li>`)
        .join('')}</ul></li></ul>`
    : '';
  const h = `h${s.level ?? 1}`;
  // EPUB 3 footnotes are asides in the chapter.
  const note = s.footnote ? `<aside epub:type="footnote"><p>${esc(s.footnote)}</p></aside>` : '';
  return `<${h}>${esc(s.heading)}</${h}>${s.paragraphs.map((p) => `<p>${esc(p)}</p>`).join('')}${list}${table}${note}`;
}

export function makeEpub(spec: TextDocSpec): Uint8Array {
  const chapter = (s: TextDocSpec['sections'][number]) =>
    `<?xml version="1.0" encoding="UTF-8"?><!DOCTYPE html><html xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops"><head><title>${xml(s.heading)}</title></head><body>${sectionHtml(s)}<p><img src="../images/pic.png" alt="A picture of ${xml(s.heading)}"/></p></body></html>`;
  const nav = `<?xml version="1.0" encoding="UTF-8"?><html xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops"><head><title>Contents</title></head><body><nav epub:type="toc"><ol>${spec.sections.map((s, i) => `<li><a href="c${i + 1}.xhtml">${xml(s.heading)}</a></li>`).join('')}</ol></nav></body></html>`;
  const items = spec.sections
    .map((_, i) => `<item id="c${i + 1}" href="text/c${i + 1}.xhtml" media-type="application/xhtml+xml"/>`)
    .join('');
  const opf = `<?xml version="1.0" encoding="UTF-8"?><package xmlns="http://www.idpf.org/2007/opf" version="3.0" unique-identifier="id"><metadata xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:identifier id="id">urn:test</dc:identifier><dc:title>${xml(spec.title)}</dc:title><dc:creator>Test Author</dc:creator><dc:date>2024-03-01</dc:date></metadata><manifest><item id="nav" href="text/nav.xhtml" media-type="application/xhtml+xml" properties="nav"/>${items}</manifest><spine><itemref idref="nav"/>${spec.sections.map((_, i) => `<itemref idref="c${i + 1}"/>`).join('')}</spine></package>`;
  const container = `<?xml version="1.0"?><container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container"><rootfiles><rootfile full-path="OEBPS/content.opf" media-type="application/oebps-package+xml"/></rootfiles></container>`;
  return zipArchive([
    { name: 'mimetype', data: 'application/epub+zip' },
    { name: 'META-INF/container.xml', data: container },
    { name: 'OEBPS/content.opf', data: opf },
    { name: 'OEBPS/text/nav.xhtml', data: nav },
    ...spec.sections.map((s, i) => ({ name: `OEBPS/text/c${i + 1}.xhtml`, data: chapter(s) })),
  ]);
}

/** Characters past ASCII as \uN with a ? fallback, as Word writes them. */
const rtfText = (s: string) =>
  [...s]
    .map((ch) => {
      const code = ch.charCodeAt(0);
      if (ch === '\\' || ch === '{' || ch === '}') return `\\${ch}`;
      if (code < 128) return ch;
      return [...ch]
        .map((_, k) => `\\u${ch.charCodeAt(k) > 32767 ? ch.charCodeAt(k) - 65536 : ch.charCodeAt(k)}?`)
        .join('');
    })
    .join('');

export function makeRtf(spec: TextDocSpec): Uint8Array {
  const parts = [
    '{\\rtf1\\ansi\\ansicpg1252\\deff0{\\fonttbl{\\f0\\froman Times New Roman;}}{\\colortbl;\\red0\\green0\\blue0;}',
    '{\\stylesheet{\\s0 Normal;}{\\s1\\b\\fs32 heading 1;}}',
    `{\\info{\\title ${rtfText(spec.title)}}{\\author Test Author}}`,
  ];
  for (const s of spec.sections) {
    parts.push(`\\pard\\s1 ${rtfText(s.heading)}\\par`);
    s.paragraphs.forEach((p, i) => {
      const [first, ...rest] = p.split(' ');
      const note =
        i === 0 && s.footnote
          ? `{\\super\\chftn}{\\footnote\\pard {\\super\\chftn} ${rtfText(s.footnote)}}`
          : '';
      parts.push(`\\pard\\plain {\\b ${rtfText(first!)}} ${rtfText(rest.join(' '))}${note}\\par`);
    });
    s.list?.forEach((item, i) => {
      parts.push(`\\pard\\ls1\\ilvl${i === 0 ? 0 : 1} {\\listtext\\'95\\tab}${rtfText(item)}\\par`);
    });
    if (s.table) {
      for (const row of s.table) {
        parts.push(
          `\\trowd${row.map((_, c) => `\\cellx${(c + 1) * 2000}`).join('')}\\pard\\intbl ${row.map((c) => `${rtfText(c)}\\cell `).join('')}\\row`,
        );
      }
      parts.push('\\pard');
    }
  }
  parts.push('}');
  return new Uint8Array(Buffer.from(parts.join('\n'), 'latin1'));
}
