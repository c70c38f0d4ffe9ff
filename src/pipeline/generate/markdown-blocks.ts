/**
 * The Markdown a generate template may use, read into blocks: ATX headings, paragraphs (a line
 * ending in two spaces or a backslash breaks), `-`/`*`/`+` and `1.` lists nested by indentation,
 * pipe tables with `:--:` alignment, `---` rules, and a page break as `\pagebreak`, `\newpage`,
 * `<!-- pagebreak -->` or an HTML line asking for one (`<div style="page-break-after: always">`).
 * Inline: **bold**, *italic* (and the underscore forms), `code` and [links](…) as their text,
 * backslash escapes, HTML entities, <br>, <b>/<strong>, <i>/<em>.
 */
import { type Align, type Block, decodeEntities, mergeRuns, type Run, type TableCell } from './blocks.ts';

const headingLine = /^ {0,3}(#{1,6})\s+(.*?)(?:\s+#+)?\s*$/;
const ruleLine = /^ {0,3}([-*_])(?:\s*\1){2,}\s*$/;
const itemLine = /^(\s*)([-*+]|\d{1,9}[.)])\s+(.*)$/;
const delimiterLine = /^\s*\|?\s*:?-+:?\s*(\|\s*:?-+:?\s*)*\|?\s*$/;
const pageBreakLine =
  /^\s*(?:\\pagebreak|\\newpage|<!--\s*page-?break\s*-->|<[a-z]+[^>]*(?:page-break-(?:before|after)\s*:\s*always|break-(?:before|after)\s*:\s*page|class="[^"]*page-break[^"]*")[^>]*>\s*(?:<\/[a-z]+>)?)\s*$/i;

export function markdownBlocks(source: string): Block[] {
  return parseLines(source.replaceAll('\r\n', '\n').replaceAll('\t', '    ').split('\n'));
}

function parseLines(lines: string[]): Block[] {
  const blocks: Block[] = [];
  let paragraph: string[] = [];
  const flush = () => {
    if (paragraph.length > 0)
      blocks.push({ kind: 'paragraph', runs: inlineRuns(joinLines(paragraph)), align: 'left' });
    paragraph = [];
  };
  let i = 0;
  while (i < lines.length) {
    const line = lines[i]!;
    if (line.trim() === '') {
      flush();
      i += 1;
    } else if (pageBreakLine.test(line)) {
      flush();
      blocks.push({ kind: 'pageBreak' });
      i += 1;
    } else if (headingLine.test(line)) {
      flush();
      const [, marks, text] = headingLine.exec(line)!;
      blocks.push({ kind: 'heading', level: marks!.length, runs: inlineRuns(text!) });
      i += 1;
    } else if (ruleLine.test(line)) {
      flush();
      blocks.push({ kind: 'rule' });
      i += 1;
    } else if (
      line.includes('|') &&
      delimiterLine.test(lines[i + 1] ?? '') &&
      (lines[i + 1] ?? '').includes('-')
    ) {
      flush();
      i = parseTable(lines, i, blocks);
    } else if (itemLine.test(line) && (paragraph.length === 0 || /^\s*(?:[-*+]|1[.)])\s/.test(line))) {
      flush();
      i = parseList(lines, i, blocks);
    } else {
      paragraph.push(line);
      i += 1;
    }
  }
  flush();
  return blocks;
}

/** Lines of one paragraph: a hard break where a line ends in two spaces or a backslash. */
function joinLines(lines: string[]): string {
  return lines
    .map((line, k) => {
      if (k === lines.length - 1) return line.trim();
      if (/ {2,}$/.test(line)) return `${line.trim()}<br>`;
      if (/(?<!\\)\\$/.test(line.trimEnd())) return `${line.trimEnd().slice(0, -1).trim()}<br>`;
      return `${line.trim()} `;
    })
    .join('');
}

function parseList(lines: string[], start: number, blocks: Block[]): number {
  const first = itemLine.exec(lines[start]!)!;
  const indent = first[1]!.length;
  const ordered = /\d/.test(first[2]!);
  const items: string[][] = [];
  let i = start;
  while (i < lines.length) {
    const line = lines[i]!;
    const item = itemLine.exec(line);
    const lineIndent = line.length - line.trimStart().length;
    if (item && lineIndent <= indent + 1 && /\d/.test(item[2]!) === ordered) {
      items.push([item[3]!]);
    } else if (line.trim() === '') {
      // A blank line ends the list unless the next line goes on inside it (indented).
      const next = lines[i + 1] ?? '';
      if (next.trim() === '' || next.length - next.trimStart().length <= indent) break;
      items.at(-1)!.push('');
    } else if (lineIndent > indent) {
      items.at(-1)!.push(line.slice(Math.min(lineIndent, indent + first[2]!.length + 1)));
    } else break;
    i += 1;
  }
  blocks.push({
    kind: 'list',
    ordered,
    start: ordered ? Number.parseInt(first[2]!, 10) : 1,
    items: items.map((item) => parseLines(item)),
  });
  return i;
}

function parseTable(lines: string[], start: number, blocks: Block[]): number {
  const aligns: Align[] = cells(lines[start + 1]!).map((cell) => {
    const left = cell.startsWith(':');
    const right = cell.endsWith(':');
    return left && right ? 'center' : right ? 'right' : 'left';
  });
  const row = (line: string): TableCell[] =>
    cells(line).map((text, k) => ({ runs: inlineRuns(text), align: aligns[k] ?? 'left' }));
  const header = row(lines[start]!);
  const rows: TableCell[][] = [];
  let i = start + 2;
  while (i < lines.length && lines[i]!.trim() !== '' && lines[i]!.includes('|')) {
    rows.push(row(lines[i]!));
    i += 1;
  }
  blocks.push({ kind: 'table', header, rows });
  return i;
}

/** A table line's cells: split at pipes that are not backslashed, outer pipes dropped. */
function cells(line: string): string[] {
  const parts: string[] = [''];
  const text = line
    .trim()
    .replace(/^\|/, '')
    .replace(/(?<!\\)\|$/, '');
  for (let k = 0; k < text.length; k++) {
    if (text[k] === '\\' && text[k + 1] === '|') {
      parts.push(`${parts.pop()}\\|`);
      k += 1;
    } else if (text[k] === '|') parts.push('');
    else parts.push(`${parts.pop()}${text[k]}`);
  }
  return parts.map((part) => part.trim());
}

const wordChar = /[\p{L}\p{N}]/u;
// Sticky and global patterns read at an offset: slicing the rest of a paragraph at every mark
// would make a long one quadratic.
const link = /\[([^\]]*)\]\([^)]*\)/y;
const inlineTag = /<\/?[a-z][a-z0-9]*[^>]*>/iy;
const special = /[\\*_`[<]/g;
const at = (pattern: RegExp, text: string, offset: number) => {
  pattern.lastIndex = offset;
  return pattern.exec(text);
};

/** Inline marks to runs of text with their style. */
export function inlineRuns(source: string): Run[] {
  const runs: Run[] = [];
  let bold = false;
  let italic = false;
  let text = '';
  const emit = (literal: string, decode: boolean) => {
    text += decode ? decodeEntities(literal) : literal;
  };
  const flush = () => {
    runs.push({ text, bold, italic });
    text = '';
  };
  let k = 0;
  while (k < source.length) {
    const c = source[k]!;
    if (c === '\\' && k + 1 < source.length && /[!-/:-@[-`{-~]/.test(source[k + 1]!)) {
      emit(source[k + 1]!, false);
      k += 2;
    } else if (source.startsWith('**', k) || source.startsWith('__', k)) {
      flush();
      bold = !bold;
      k += 2;
    } else if (
      c === '*' ||
      (c === '_' && !(wordChar.test(source[k - 1] ?? '') && wordChar.test(source[k + 1] ?? '')))
    ) {
      flush();
      italic = !italic;
      k += 1;
    } else if (c === '`') {
      const end = source.indexOf('`', k + 1);
      if (end === -1) {
        emit(c, false);
        k += 1;
      } else {
        emit(source.slice(k + 1, end), false);
        k = end + 1;
      }
    } else if (c === '[' && at(link, source, k)) {
      const [whole, label] = at(link, source, k)!;
      emit(label!, true);
      k += whole.length;
    } else if (c === '<' && at(inlineTag, source, k)) {
      const [tag] = at(inlineTag, source, k)!;
      const name = /^<\/?([a-z0-9]+)/i.exec(tag)![1]!.toLowerCase();
      const closing = tag.startsWith('</');
      if (name === 'br') emit('\n', false);
      else if (name === 'b' || name === 'strong') {
        flush();
        bold = !closing;
      } else if (name === 'i' || name === 'em') {
        flush();
        italic = !closing;
      }
      k += tag.length;
    } else {
      special.lastIndex = k + 1;
      const end = special.exec(source)?.index ?? source.length;
      emit(source.slice(k, end), true);
      k = end;
    }
  }
  flush();
  return mergeRuns(runs);
}
