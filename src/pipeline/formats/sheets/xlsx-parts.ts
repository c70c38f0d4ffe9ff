/**
 * The parts of an XLSX besides the sheets: which sheets there are (workbook.xml and its rels),
 * the shared-strings table and the number formats of the cell styles (styles.xml).
 */
import { permanent } from '../../../core/errors.ts';
import { readZipEntry } from '../../zip.ts';
import { sheetLimits } from './limits.ts';
import { builtinFormats } from './number-format.ts';
import { attr, scanXml, scanXmlBytes } from './xml-scan.ts';

export interface SheetEntry {
  name: string;
  hidden: boolean;
  /** Zip entry name of its XML part. */
  part: string;
}

export function readPart(zip: Uint8Array, name: string): Uint8Array | null {
  return readZipEntry(zip, name.replace(/^\//, ''));
}

const text = (bytes: Uint8Array | null) => (bytes ? new TextDecoder().decode(bytes) : '');

export function workbookSheets(zip: Uint8Array): { sheets: SheetEntry[]; date1904: boolean } {
  const workbook = readPart(zip, 'xl/workbook.xml');
  if (!workbook) throw permanent('PARSE_ERROR', 'the XLSX has no xl/workbook.xml');
  const targets = new Map<string, string>();
  for (const token of scanXml(text(readPart(zip, 'xl/_rels/workbook.xml.rels')))) {
    if (!('tag' in token) || token.tag.name !== 'Relationship') continue;
    const id = attr(token.tag.attrs, 'Id');
    const target = attr(token.tag.attrs, 'Target');
    if (id && target) targets.set(id, target.startsWith('/') ? target.slice(1) : `xl/${target}`);
  }
  const sheets: SheetEntry[] = [];
  let date1904 = false;
  for (const token of scanXml(text(workbook))) {
    if (!('tag' in token)) continue;
    const { name, attrs } = token.tag;
    if (name === 'workbookPr') date1904 = /^(1|true)$/.test(attr(attrs, 'date1904') ?? '');
    if (name !== 'sheet') continue;
    const id = attr(attrs, 'r:id') ?? /\b\w+:id\s*=\s*"([^"]*)"/.exec(attrs)?.[1] ?? '';
    const part = targets.get(id);
    if (!part) continue; // a chartsheet or a dangling reference: no cells to read
    const state = attr(attrs, 'state');
    sheets.push({
      name: attr(attrs, 'name') ?? '',
      hidden: state === 'hidden' || state === 'veryHidden',
      part,
    });
    if (sheets.length > sheetLimits.sheets) {
      throw permanent('PARSE_ERROR', `the workbook has more than ${sheetLimits.sheets} sheets`);
    }
  }
  return { sheets, date1904 };
}

/** The shared-strings table; PARSE_ERROR past its limits (it is held whole while sheets are read). */
export function sharedStrings(zip: Uint8Array): string[] {
  const part = readPart(zip, 'xl/sharedStrings.xml');
  if (!part) return [];
  if (part.byteLength > sheetLimits.sharedStringsBytes) {
    throw permanent(
      'PARSE_ERROR',
      `the shared-strings table is ${part.byteLength} bytes; at most ${sheetLimits.sharedStringsBytes}`,
    );
  }
  const strings: string[] = [];
  let current: string | null = null;
  let inText = false;
  let inPhonetic = false;
  for (const token of scanXmlBytes(part, '</si>')) {
    if ('text' in token) {
      if (inText && !inPhonetic && current !== null) current += token.text;
      continue;
    }
    const { name, closing, selfClosing } = token.tag;
    if (name === 'si') {
      if (!closing) current = '';
      if (closing || selfClosing) {
        strings.push(current ?? '');
        current = null;
        if (strings.length > sheetLimits.sharedStrings) {
          throw permanent(
            'PARSE_ERROR',
            `the shared-strings table has more than ${sheetLimits.sharedStrings} strings`,
          );
        }
      }
    } else if (name === 't') inText = !closing && !selfClosing;
    else if (name === 'rPh') inPhonetic = !closing && !selfClosing; // phonetic guide, not shown text
  }
  return strings;
}

/** Number format code of each cell style (cellXfs index → code). */
export function styleFormats(zip: Uint8Array): string[] {
  const custom = new Map<number, string>();
  const formats: string[] = [];
  let inCellXfs = false;
  for (const token of scanXml(text(readPart(zip, 'xl/styles.xml')))) {
    if (!('tag' in token)) continue;
    const { name, attrs, closing, selfClosing } = token.tag;
    if (name === 'numFmt' && !closing) {
      custom.set(Number(attr(attrs, 'numFmtId')), attr(attrs, 'formatCode') ?? 'General');
    } else if (name === 'cellXfs') inCellXfs = !closing && !selfClosing;
    else if (name === 'xf' && inCellXfs && !closing) {
      const id = Number(attr(attrs, 'numFmtId') ?? 0);
      formats.push(custom.get(id) ?? builtinFormats[id] ?? 'General');
    }
  }
  return formats;
}
