import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseHtml } from './html.ts';

const html = (s: string) => new TextEncoder().encode(s);

describe('parseHtml', () => {
  it('reads numeric references out of Unicode range as U+FFFD, like a browser, instead of throwing', () => {
    const doc = parseHtml(html('<title>A&#99999999;B&#xD800;C&#0;D&#x41;</title><p>body</p>'));
    assert.equal(doc.metadata.title, 'A\ufffdB\ufffdC\ufffdDA');
    assert.match(doc.text, /body/);
  });
});

describe('htmlToMarkdown', () => {
  it('fails HTML nested too deeply for the converter with a permanent PARSE_ERROR', () => {
    const deep = `<body>${'<div>'.repeat(10_000)}deep${'</div>'.repeat(10_000)}</body>`;
    assert.throws(() => parseHtml(html(deep)), { code: 'PARSE_ERROR', retryable: false });
  });
});
