/**
 * The HTML a generate template may use, read into blocks in one pass over its tags (no DOM: the
 * subset is small and a template is the caller's own markup): h1-h6, p/div (align or text-align),
 * br, hr, b/strong, i/em, ul/ol/li (nested), table/thead/tr/th/td (align or text-align), and a page
 * break as `<!-- pagebreak -->` or a style with page-break-before/after: always (break-*: page).
 * head, style, script and title are skipped; other tags keep their text.
 */
import { type Align, type Block, decodeEntities, mergeRuns, type Run, type TableCell } from './blocks.ts';

const tokenPattern =
  /<!--([\s\S]*?)-->|<(\/?)([a-zA-Z][a-zA-Z0-9]*)((?:[^>"']|"[^"]*"|'[^']*')*)>|([^<]+|<)/g;
const skipped = new Set(['head', 'style', 'script', 'title', 'template']);
const blockTags = new Set([
  'p',
  'div',
  'blockquote',
  'section',
  'article',
  'header',
  'footer',
  'main',
  'address',
  'pre',
  'body',
  'html',
]);

type ListBlock = Extract<Block, { kind: 'list' }>;
interface TableState {
  header: TableCell[] | null;
  rows: TableCell[][];
  row: TableCell[] | null;
  rowIsHeader: boolean;
  inHead: boolean;
  cell: TableCell | null;
}

export function htmlBlocks(source: string): Block[] {
  const root: Block[] = [];
  const sinks: Block[][] = [root];
  const lists: ListBlock[] = [];
  const tables: TableState[] = [];
  const aligns: Align[] = ['left'];
  let inline: Run[] = [];
  let bold = 0;
  let italic = 0;
  let heading = 0;
  let skipping: string | null = null;
  let pre = 0;
  const openCount = new Map<string, number>();
  const breaksAfter: { name: string; depth: number }[] = [];

  const flush = () => {
    const runs = trimRuns(mergeRuns(inline));
    inline = [];
    const table = tables.at(-1);
    if (table?.cell) {
      if (runs.length === 0) return;
      if (table.cell.runs.length > 0) table.cell.runs.push({ text: '\n', bold: false, italic: false });
      table.cell.runs.push(...runs);
      return;
    }
    if (runs.length === 0) return;
    sinks
      .at(-1)!
      .push(
        heading > 0
          ? { kind: 'heading', level: heading, runs }
          : { kind: 'paragraph', runs, align: aligns.at(-1)! },
      );
  };
  const push = (block: Block) => {
    flush();
    sinks.at(-1)!.push(block);
  };

  for (const match of source.matchAll(tokenPattern)) {
    const [, comment, slash, rawName, attributes = '', text] = match;
    const name = rawName?.toLowerCase() ?? '';
    if (skipping) {
      if (slash && name === skipping) skipping = null;
      continue;
    }
    if (comment !== undefined) {
      if (/^\s*page-?break\s*$/i.test(comment)) push({ kind: 'pageBreak' });
      continue;
    }
    if (text !== undefined) {
      const value = decodeEntities(pre > 0 ? text : text.replace(/\s+/g, ' '));
      inline.push({ text: value, bold: bold > 0 || heading > 0, italic: italic > 0 });
      continue;
    }
    const closing = slash === '/';
    const style = attribute(attributes, 'style') ?? '';
    if (!closing && /page-break-before\s*:\s*always|break-before\s*:\s*page/i.test(style))
      push({ kind: 'pageBreak' });
    if (skipped.has(name)) {
      if (!closing && !/\/\s*$/.test(attributes)) skipping = name;
    } else if (/^h[1-6]$/.test(name)) {
      flush();
      heading = closing ? 0 : Number(name[1]);
    } else if (blockTags.has(name)) {
      flush();
      if (name === 'pre') pre += closing ? -1 : 1;
      if (closing) aligns.length > 1 && aligns.pop();
      else aligns.push(alignOf(attributes, aligns.at(-1)!));
    } else if (name === 'br') inline.push({ text: '\n', bold: false, italic: false });
    else if (name === 'hr') push({ kind: 'rule' });
    else if (name === 'b' || name === 'strong') bold = Math.max(0, bold + (closing ? -1 : 1));
    else if (name === 'i' || name === 'em') italic = Math.max(0, italic + (closing ? -1 : 1));
    else if (name === 'ul' || name === 'ol') {
      flush();
      if (closing) lists.pop();
      else {
        const list: ListBlock = {
          kind: 'list',
          ordered: name === 'ol',
          start: Number.parseInt(attribute(attributes, 'start') ?? '1', 10) || 1,
          items: [],
        };
        sinks.at(-1)!.push(list);
        lists.push(list);
      }
    } else if (name === 'li') {
      flush();
      if (closing) {
        if (sinks.length > 1) sinks.pop();
      } else {
        // An <li> outside any list: a bulleted list of its own.
        if (lists.length === 0) {
          const list: ListBlock = { kind: 'list', ordered: false, start: 1, items: [] };
          push(list);
          lists.push(list);
        }
        const item: Block[] = [];
        lists.at(-1)!.items.push(item);
        sinks.push(item);
      }
    } else if (name === 'table') {
      flush();
      if (!closing)
        tables.push({ header: null, rows: [], row: null, rowIsHeader: false, inHead: false, cell: null });
      else {
        const table = tables.pop();
        if (table) sinks.at(-1)!.push({ kind: 'table', header: table.header, rows: table.rows });
      }
    } else if (tables.length > 0 && (name === 'thead' || name === 'tr' || name === 'td' || name === 'th')) {
      tableTag(
        tables.at(-1)!,
        name,
        closing,
        attributes,
        flush,
        () => bold++,
        () => bold--,
      );
    }
    // A break after an element comes at its own close tag (the same name at the same depth).
    const depth = (openCount.get(name) ?? 0) + (closing ? -1 : 1);
    openCount.set(name, Math.max(0, depth));
    if (!closing && /page-break-after\s*:\s*always|break-after\s*:\s*page/i.test(style)) {
      if (/\/\s*$/.test(attributes)) push({ kind: 'pageBreak' });
      else breaksAfter.push({ name, depth });
    }
    const after = breaksAfter.at(-1);
    if (closing && after && after.name === name && after.depth === depth + 1) {
      breaksAfter.pop();
      push({ kind: 'pageBreak' });
    }
  }
  flush();
  return root;
}

function tableTag(
  table: TableState,
  name: string,
  closing: boolean,
  attributes: string,
  flush: () => void,
  boldOn: () => void,
  boldOff: () => void,
): void {
  if (name === 'thead') table.inHead = !closing;
  else if (name === 'tr') {
    if (!closing) {
      table.row = [];
      table.rowIsHeader = table.inHead;
      return;
    }
    if (table.cell) closeCell(table, flush, boldOff);
    const row = table.row ?? [];
    table.row = null;
    if (table.rowIsHeader && table.header === null && table.rows.length === 0) table.header = row;
    else table.rows.push(row);
  } else if (!closing) {
    if (table.cell) closeCell(table, flush, boldOff);
    table.row ??= [];
    table.cell = { runs: [], align: alignOf(attributes, 'left') };
    if (name === 'th') {
      boldOn();
      table.rowIsHeader ||= table.row.length === 0 && table.rows.length === 0 && table.header === null;
      (table.cell as TableCell & { th?: boolean }).th = true;
    } else table.rowIsHeader = table.inHead;
  } else if (table.cell) closeCell(table, flush, boldOff);
}

function closeCell(table: TableState, flush: () => void, boldOff: () => void): void {
  flush();
  const cell = table.cell as TableCell & { th?: boolean };
  if (cell.th) boldOff();
  delete cell.th;
  table.row!.push(cell);
  table.cell = null;
}

function attribute(attributes: string, name: string): string | null {
  const found = new RegExp(`(?:^|\\s)${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)'|([^\\s>]+))`, 'i').exec(
    attributes,
  );
  return found ? (found[1] ?? found[2] ?? found[3] ?? '') : null;
}

function alignOf(attributes: string, inherited: Align): Align {
  const style = attribute(attributes, 'style') ?? '';
  const value = (
    /text-align\s*:\s*(left|center|right)/i.exec(style)?.[1] ??
    attribute(attributes, 'align') ??
    ''
  ).toLowerCase();
  return value === 'center' || value === 'right' || value === 'left' ? value : inherited;
}

/** Whitespace at a paragraph's ends, and around its line breaks, is not text. */
function trimRuns(runs: Run[]): Run[] {
  const out = runs.map((run) => ({ ...run, text: run.text.replace(/ *\n */g, '\n') }));
  while (out.length > 0 && out[0]!.text.trimStart() === '') out.shift();
  while (out.length > 0 && out.at(-1)!.text.trimEnd() === '') out.pop();
  if (out.length === 0) return out;
  out[0]!.text = out[0]!.text.trimStart();
  out.at(-1)!.text = out.at(-1)!.text.trimEnd();
  return out;
}
