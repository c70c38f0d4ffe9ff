import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { blocksHtml, documentHtml } from './html-output.ts';
import type { ParsedDocument } from './types.ts';

describe('documentHtml', () => {
  it('writes headings, paragraphs, one list per run of items and tables, escaping text', () => {
    const html = blocksHtml([
      { type: 'heading', level: 2, text: 'Results & <notes>', bbox: null },
      { type: 'paragraph', text: 'First line\ncontinued.', bbox: null },
      { type: 'list', text: '1. one', bbox: null },
      { type: 'list', text: '2. two', bbox: null },
      { type: 'paragraph', text: 'Between.', bbox: null },
      { type: 'list', text: '• a', bbox: null },
      {
        type: 'table',
        text: '',
        bbox: null,
        rows: [
          ['Name', 'Qty'],
          ['Nuts', '3'],
        ],
      },
    ]);
    assert.equal(
      html,
      [
        '<h2>Results &amp; &lt;notes&gt;</h2>',
        '<p>First line continued.</p>',
        '<ol>\n<li>one</li>\n<li>two</li>\n</ol>',
        '<p>Between.</p>',
        '<ul>\n<li>a</li>\n</ul>',
        '<table>\n<thead>\n<tr><th>Name</th><th>Qty</th></tr>\n</thead>\n<tbody>\n<tr><td>Nuts</td><td>3</td></tr>\n</tbody>\n</table>',
      ].join('\n'),
    );
  });

  it('puts each page in a section under the document title', () => {
    const document = {
      metadata: { pages: 2, fileType: 'pdf', mimeType: 'application/pdf', title: 'A "report"', author: null },
      pages: [3, 7].map((page) => ({
        page,
        width: 595,
        height: 842,
        text: `Page ${page}`,
        markdown: `Page ${page}`,
        textLayer: true,
        source: 'textLayer',
        blocks: [{ type: 'paragraph', text: `Page ${page}`, bbox: null }],
      })),
      text: '',
      markdown: '',
    } as ParsedDocument;
    const html = documentHtml(document);
    assert.match(html, /<title>A &quot;report&quot;<\/title>/);
    assert.match(html, /<section data-page="3">\n<p>Page 3<\/p>\n<\/section>\n<section data-page="7">/);
  });
});
