import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { escapeFor } from './blocks.ts';
import { htmlBlocks } from './html-blocks.ts';
import { inlineRuns, markdownBlocks } from './markdown-blocks.ts';
import { parseTemplate, renderTemplate, TemplateSyntaxError } from './template.ts';

const render = (template: string, data: unknown, format: 'markdown' | 'html' = 'html') =>
  renderTemplate(parseTemplate(template), data, escapeFor(format));

describe('generate templates', () => {
  it('fills dotted paths, loops and conditionals, and escapes values', () => {
    const out = render(
      '{{customer.name}}: {{#each items}}{{@number}}.{{name}}={{price}}{{#unless @last}}, {{/unless}}{{/each}}{{#if paid}} paid{{else}} due{{/if}}',
      {
        customer: { name: 'A & <B>' },
        items: [
          { name: 'x', price: 1 },
          { name: 'y', price: 2.5 },
        ],
        paid: false,
      },
    );
    assert.equal(out.text, 'A &amp; &lt;B&gt;: 1.x=1, 2.y=2.5 due');
    assert.deepEqual(out.missing, []);
  });

  it('looks a name up from the loop item outwards, and ../ one loop up', () => {
    const out = render('{{#each items}}{{name}}@{{currency}}{{../currency}};{{/each}}', {
      currency: 'EUR',
      items: [{ name: 'a' }, { name: 'b', currency: 'USD' }],
    });
    assert.equal(out.text, 'a@EUREUR;b@USDEUR;');
  });

  it('reports placeholders the data lacks instead of leaving them silently blank', () => {
    const out = render('{{a}} {{b.c}} {{#each rows}}{{sku}}{{/each}} {{#if optional}}x{{/if}}', {
      a: 1,
      b: {},
      rows: [{ sku: 's' }, {}],
    });
    assert.equal(out.text, '1  s ');
    assert.deepEqual(out.missing, ['b.c', 'rows[].sku']);
  });

  it('writes {{{raw}}} values as they are, and null as nothing without calling it missing', () => {
    const out = render('{{{html}}}|{{none}}|{{list}}', { html: '<b>x</b>', none: null, list: [1, 2] });
    assert.equal(out.text, '<b>x</b>||1, 2');
    assert.deepEqual(out.missing, []);
  });

  it('backslashes Markdown marks in values so data cannot restyle the document', () => {
    const out = render('**{{v}}**', { v: '*not italic* | #1' }, 'markdown');
    const runs = inlineRuns(out.text);
    assert.deepEqual(runs, [{ text: '*not italic* | #1', bold: true, italic: false }]);
  });

  for (const [template, where, pattern] of [
    ['ok\n{{#each items}}x', [2, 1], /never closed/],
    ['{{#each a}}{{/if}}', [1, 12], /closes \{\{#each a\}\}/],
    ['a {{name', [1, 3], /not closed/],
    ['{{#loop a}}{{/loop}}', [1, 1], /unknown block/],
    ['x\n  {{bad path!}}', [2, 3], /not a path/],
    ['{{else}}', [1, 1], /outside a block/],
  ] as const) {
    it(`says where a template is broken: ${JSON.stringify(template)}`, () => {
      assert.throws(
        () => parseTemplate(template),
        (error: unknown) =>
          error instanceof TemplateSyntaxError &&
          error.line === where[0] &&
          error.column === where[1] &&
          pattern.test(error.message),
      );
    });
  }
});

describe('generate markup', () => {
  it('reads Markdown headings, lists, tables with alignment, rules and page breaks', () => {
    const blocks = markdownBlocks(
      '# Title\n\nSome *it* and **bold**.\n\n- a\n- b\n  - c\n\n| A | B |\n|:--|--:|\n| 1 | 2 |\n\n---\n\n\\pagebreak\n\n1. x\n2. y\n',
    );
    assert.deepEqual(
      blocks.map((block) => block.kind),
      ['heading', 'paragraph', 'list', 'table', 'rule', 'pageBreak', 'list'],
    );
    const list = blocks[2] as Extract<(typeof blocks)[number], { kind: 'list' }>;
    assert.equal(list.items.length, 2);
    assert.equal(list.items[1]![1]!.kind, 'list');
    const table = blocks[3] as Extract<(typeof blocks)[number], { kind: 'table' }>;
    assert.deepEqual(
      table.header!.map((cell) => cell.align),
      ['left', 'right'],
    );
    assert.equal(table.rows[0]![1]!.runs[0]!.text, '2');
    assert.equal((blocks[6] as { ordered: boolean }).ordered, true);
  });

  it('reads the HTML subset, with entities, th headers, nested lists and page breaks', () => {
    const blocks = htmlBlocks(
      '<html><head><style>p{}</style></head><body><h2>T &amp; C</h2><p align="right">Hi <b>you</b><br>there</p>' +
        '<ul><li>a<ul><li>b</li></ul></li></ul><table><tr><th>k</th><th>v</th></tr><tr><td>1</td><td style="text-align:right">2</td></tr></table>' +
        '<div style="page-break-after: always"><p>end</p></div><p>next</p><!-- pagebreak --><hr></body></html>',
    );
    assert.deepEqual(
      blocks.map((block) => block.kind),
      ['heading', 'paragraph', 'list', 'table', 'paragraph', 'pageBreak', 'paragraph', 'pageBreak', 'rule'],
    );
    assert.equal((blocks[0] as { runs: { text: string }[] }).runs[0]!.text, 'T & C');
    const paragraph = blocks[1] as Extract<(typeof blocks)[number], { kind: 'paragraph' }>;
    assert.equal(paragraph.align, 'right');
    assert.deepEqual(
      paragraph.runs.map((run) => [run.text, run.bold]),
      [
        ['Hi ', false],
        ['you', true],
        ['\nthere', false],
      ],
    );
    const table = blocks[3] as Extract<(typeof blocks)[number], { kind: 'table' }>;
    assert.equal(table.header?.length, 2);
    assert.equal(table.rows[0]![1]!.align, 'right');
  });
});
