/** RTF: our own tokenizer (rtf-html.ts) → HTML → the HTML path, one page. */
import { permanent } from '../../../core/errors.ts';
import type { ParsedDocument } from '../../types.ts';
import { htmlSectionsDocument } from '../textdocs/document.ts';
import { rtfToHtml } from './rtf-html.ts';

export const rtfMime = 'application/rtf';

export function parseRtf(bytes: Uint8Array): ParsedDocument {
  // latin1: one character per byte; bytes past 7 bits come as \'hh or \uN in well-formed RTF.
  const source = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
  if (!source.startsWith('{\\rtf')) throw permanent('PARSE_ERROR', 'the file does not start with {\\rtf');
  const { html, title, author } = rtfToHtml(source);
  return htmlSectionsDocument({
    kind: 'rtf',
    mimeType: rtfMime,
    sections: [html],
    title,
    author,
    createdAt: null,
  });
}
