/**
 * RTF → HTML: a walk over the tokens with a stack of group states. Paragraphs become headings by
 * \outlinelevel or by their style's name ("heading 2"), list items by \ls/\ilvl, table cells by
 * \intbl…\cell…\row; footnotes are gathered at the end. Fonts, colours, pictures and other
 * {\*\destinations} are skipped. Group depth is bounded: past it the file is hostile.
 */
import { permanent } from '../../../core/errors.ts';
import { escapeHtml } from '../textdocs/xml.ts';
import { characterSymbols, characterWords, skippedDestinations } from './rtf-destinations.ts';
import { decoderFor, nestedList } from './rtf-output.ts';
import { type RtfToken, rtfTokens } from './rtf-tokens.ts';

export const maxRtfDepth = 256;

type Destination = 'body' | 'skip' | 'footnote' | 'info' | 'title' | 'author' | 'stylesheet';

interface GroupState {
  dest: Destination;
  bold: boolean;
  italic: boolean;
  /** How many fallback characters follow a \uN. */
  uc: number;
  style: number | null;
}

interface Paragraph {
  outline: number | null;
  style: number | null;
  /** \ls: the paragraph is a list item (\ilvl alone is also written on numbered headings). */
  inList: boolean;
  listLevel: number;
  inTable: boolean;
}

export interface RtfHtml {
  html: string;
  title: string | null;
  author: string | null;
}

export function rtfToHtml(source: string): RtfHtml {
  return new RtfReader().read(source);
}

class RtfReader {
  private stack: GroupState[] = [];
  private state: GroupState = { dest: 'body', bold: false, italic: false, uc: 1, style: null };
  private para: Paragraph = { outline: null, style: null, inList: false, listLevel: 0, inTable: false };
  private run = '';
  private footnote = '';
  private notes: string[] = [];
  private out: string[] = [];
  private listItems: { level: number; html: string }[] = [];
  private cell: string[] = [];
  private row: string[] = [];
  private rows: string[] = [];
  private headingStyles = new Map<number, number>();
  private styleName = '';
  private info = { title: '', author: '' };
  private pendingBytes: number[] = [];
  private decoder: { decode(bytes: Uint8Array): string } = new TextDecoder('windows-1252');
  private skipFallback = 0;
  private destinationNext = false;
  /** After {\*: the group is skipped unless its destination is one we read (\footnote). */
  private starred = false;

  read(source: string): RtfHtml {
    for (const token of rtfTokens(source)) this.token(token);
    this.flushBytes();
    this.endParagraph();
    this.flushTable();
    this.flushList();
    let html = this.out.join('\n');
    if (this.notes.length > 0) html += `<ol>${this.notes.map((n) => `<li>${n}</li>`).join('')}</ol>`;
    return { html, title: this.info.title.trim() || null, author: this.info.author.trim() || null };
  }

  private token(token: RtfToken): void {
    if (token.type !== 'byte') this.flushBytes();
    switch (token.type) {
      case 'open':
        if (this.stack.length >= maxRtfDepth) {
          throw permanent('PARSE_ERROR', `the RTF nests groups more than ${maxRtfDepth} deep`);
        }
        this.stack.push(this.state);
        this.state = { ...this.state };
        this.destinationNext = true;
        this.starred = false;
        return;
      case 'close':
        this.closeGroup();
        return;
      case 'word':
        this.word(token.word, token.param);
        return;
      case 'symbol':
        if (token.symbol === '*' && this.destinationNext) {
          this.starred = true;
          return;
        }
        this.destinationNext = false;
        if (characterSymbols[token.symbol] !== undefined) this.text(characterSymbols[token.symbol]!);
        return;
      case 'byte':
        this.destinationNext = false;
        if (this.skipFallback > 0) this.skipFallback--;
        else this.pendingBytes.push(token.value);
        return;
      case 'text': {
        this.destinationNext = false;
        let text = token.text;
        if (this.skipFallback > 0) {
          const skipped = Math.min(this.skipFallback, text.length);
          text = text.slice(skipped);
          this.skipFallback -= skipped;
        }
        this.text(text);
      }
    }
  }

  private closeGroup(): void {
    const closing = this.state;
    const parent = this.stack.pop();
    if (!parent) return; // a stray }: ignore, as word processors do
    if (closing.dest === 'stylesheet' && parent.dest === 'stylesheet') this.endStyle(closing.style);
    if (closing.dest === 'footnote' && parent.dest !== 'footnote') {
      this.notes.push(this.footnote.trim());
      this.footnote = '';
      this.run += `<sup>[${this.notes.length}]</sup>`;
    }
    this.state = parent;
    this.skipFallback = 0;
  }

  private word(word: string, param: number | null): void {
    const first = this.destinationNext;
    const starred = this.starred;
    this.destinationNext = false;
    this.starred = false;
    if (this.state.dest === 'skip') return;
    if (first && this.destination(word)) return;
    if (starred) {
      this.state.dest = 'skip';
      return;
    }
    if (characterWords[word] !== undefined) {
      this.text(characterWords[word]!);
      return;
    }
    switch (word) {
      case 'par':
      case 'sect':
      case 'page':
        if (this.state.dest === 'footnote') this.footnote += ' ';
        else this.endParagraph();
        return;
      case 'line':
        this.html('<br>');
        return;
      case 'pard':
        this.para = { outline: null, style: null, inList: false, listLevel: 0, inTable: false };
        return;
      case 'plain':
        this.state.bold = false;
        this.state.italic = false;
        return;
      case 'b':
        this.state.bold = param !== 0;
        return;
      case 'i':
        this.state.italic = param !== 0;
        return;
      case 's':
        if (this.state.dest === 'stylesheet') this.state.style = param;
        else this.para.style = param;
        return;
      case 'outlinelevel':
        this.para.outline = param;
        return;
      case 'ls':
        this.para.inList = true;
        return;
      case 'ilvl':
        this.para.listLevel = Math.max(0, Math.min(param ?? 0, 8));
        return;
      case 'intbl':
        this.para.inTable = true;
        return;
      case 'cell':
      case 'nestcell':
        this.endCell();
        return;
      case 'row':
        this.endRow();
        return;
      case 'uc':
        this.state.uc = Math.max(0, Math.min(param ?? 1, 10));
        return;
      case 'u':
        if (param === null) return;
        this.text(String.fromCharCode(param < 0 ? param + 65536 : param));
        this.skipFallback = this.state.uc;
        return;
      case 'ansicpg':
        this.decoder = decoderFor(param);
        return;
    }
  }

  /** The first control word of a group may name its destination. */
  private destination(word: string): boolean {
    const dest = this.state.dest;
    if (word === 'footnote') {
      this.state.dest = 'footnote';
      return true;
    }
    if (word === 'info') {
      this.state.dest = 'info';
      return true;
    }
    if (dest === 'info') {
      this.state.dest = word === 'title' || word === 'author' ? word : 'skip';
      return true;
    }
    if (word === 'stylesheet') {
      this.state.dest = 'stylesheet';
      return true;
    }
    if (skippedDestinations.has(word)) {
      this.state.dest = 'skip';
      return true;
    }
    return false;
  }

  private text(text: string): void {
    if (text === '') return;
    switch (this.state.dest) {
      case 'skip':
      case 'info':
        return;
      case 'title':
      case 'author':
        this.info[this.state.dest] += text;
        return;
      case 'stylesheet':
        this.styleName += text;
        return;
      case 'footnote':
        this.footnote += escapeHtml(text);
        return;
      case 'body':
        this.html(this.styled(escapeHtml(text)));
    }
  }

  private styled(html: string): string {
    if (this.state.bold) html = `<strong>${html}</strong>`;
    if (this.state.italic) html = `<em>${html}</em>`;
    return html;
  }

  private html(html: string): void {
    if (this.state.dest === 'footnote') this.footnote += html;
    else if (this.state.dest === 'body') this.run += html;
  }

  private flushBytes(): void {
    if (this.pendingBytes.length === 0) return;
    const bytes = Uint8Array.from(this.pendingBytes);
    this.pendingBytes = [];
    this.text(this.decoder.decode(bytes));
  }

  private endStyle(style: number | null): void {
    const name = this.styleName.replace(/;\s*$/, '').trim();
    this.styleName = '';
    const level = name.match(/^heading\s*(\d)$/i)?.[1];
    if (style !== null && level) this.headingStyles.set(style, Number(level));
  }

  private endParagraph(): void {
    const html = this.run.replace(/<\/strong><strong>|<\/em><em>/g, '').trim();
    this.run = '';
    if (this.para.inTable) {
      if (html) this.cell.push(html);
      return;
    }
    this.flushTable();
    if (html === '') return;
    const level = this.headingLevel();
    if (this.para.inList && !level) {
      this.listItems.push({ level: this.para.listLevel, html });
      return;
    }
    this.flushList();
    // A heading style is bold: the bold says nothing more.
    const heading = () => html.replace(/<\/?strong>/g, '');
    this.out.push(level ? `<h${level}>${heading()}</h${level}>` : `<p>${html}</p>`);
  }

  private headingLevel(): number | null {
    if (this.para.outline !== null && this.para.outline >= 0 && this.para.outline < 9) {
      return Math.min(this.para.outline + 1, 6);
    }
    const byStyle = this.para.style !== null ? this.headingStyles.get(this.para.style) : undefined;
    return byStyle ? Math.min(Math.max(byStyle, 1), 6) : null;
  }

  private endCell(): void {
    const rest = this.run.trim();
    this.run = '';
    if (rest) this.cell.push(rest);
    this.row.push(`<td>${this.cell.join('<br>')}</td>`);
    this.cell = [];
  }

  private endRow(): void {
    if (this.run.trim() || this.cell.length > 0) this.endCell();
    this.flushList();
    if (this.row.length > 0) this.rows.push(`<tr>${this.row.join('')}</tr>`);
    this.row = [];
    this.run = '';
  }

  private flushTable(): void {
    if (this.row.length > 0) this.endRow();
    if (this.rows.length === 0) return;
    this.flushList();
    this.out.push(`<table>${this.rows.join('')}</table>`);
    this.rows = [];
  }

  private flushList(): void {
    if (this.listItems.length === 0) return;
    this.out.push(nestedList(this.listItems));
    this.listItems = [];
  }
}
