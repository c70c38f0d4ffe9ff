/**
 * Hostile slide decks: a zip bomb, a deck claiming thousands of slides, group shapes nested
 * thousands deep, entity expansion. Each is a clear PARSE_ERROR or a bounded read, never a
 * stuck or exhausted parser.
 */
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { maxSlides } from '../src/pipeline/formats/slides/model.ts';
import { parseSlides } from '../src/pipeline/formats/slides/parse-slides.ts';
import { closeThreadPools, parseDocument } from '../src/pipeline/parse-document.ts';
import { deflatedSandwich, zipArchive } from '../src/pipeline/testing/zip-writer.ts';
import { makeDeck } from './slides-deck.ts';
import { makeOdp, withPart, zipParts } from './slides-zip.ts';

const deck = await makeDeck([{ title: 'One', bullets: [['a', 0]] }]);
const signal = new AbortController().signal;
after(() => closeThreadPools());

describe('hostile slide decks', () => {
  it('refuses a zip bomb before inflating it (1 GiB slide in ~1 MB)', async () => {
    const parts = zipParts(deck);
    const bomb = deflatedSandwich('<p:sld>', 1024, 0x20, '</p:sld>');
    const entries = [...parts].map(([name, data]) =>
      name === 'ppt/slides/slide1.xml' ? { name, deflated: bomb } : { name, data },
    );
    const bytes = new Uint8Array(zipArchive(entries));
    await assert.rejects(parseDocument(bytes, { kind: 'pptx', mimeType: 'x' }, { signal }), {
      code: 'PARSE_ERROR',
      message: /slide1\.xml inflates to 1024 MiB; at most 16 MiB/,
    });
  });

  it(`refuses a deck of more than ${maxSlides} slides, naming the cap`, () => {
    const many = withPart(deck, 'ppt/presentation.xml', (xml) =>
      xml.replace(
        /<p:sldIdLst>[\s\S]*<\/p:sldIdLst>/,
        `<p:sldIdLst>${Array.from({ length: 5000 }, (_, k) => `<p:sldId id="${256 + k}" r:id="rId9"/>`).join('')}</p:sldIdLst>`,
      ),
    );
    assert.throws(() => parseSlides(many, 'pptx'), {
      code: 'PARSE_ERROR',
      message: `the deck has 5000 slides; docjobs reads at most ${maxSlides} per file`,
    });
  });

  const nestedDeck = (depth: number) => {
    const group = '<p:grpSp><p:nvGrpSpPr/><p:grpSpPr/>';
    const deepText =
      '<p:sp><p:nvSpPr><p:nvPr/></p:nvSpPr><p:txBody><a:p><a:r><a:t>buried</a:t></a:r></a:p></p:txBody></p:sp>';
    return withPart(deck, 'ppt/slides/slide1.xml', (xml) =>
      xml.replace('</p:spTree>', `${group.repeat(depth)}${deepText}${'</p:grpSp>'.repeat(depth)}</p:spTree>`),
    );
  };

  it('reads group shapes to a bounded depth: 60 nested groups keep the slide, drop the buried text', () => {
    const doc = parseSlides(nestedDeck(60), 'pptx');
    assert.equal(doc.pages[0]!.blocks[0]!.text, 'One');
    assert.ok(!doc.text.includes('buried'));
  });

  it('refuses groups nested 10,000 deep (a 400 KB slide) with a clear error, without overflowing', () => {
    assert.throws(() => parseSlides(nestedDeck(10_000), 'pptx'), {
      code: 'PARSE_ERROR',
      message: /slide1\.xml nests elements more than 256 deep/,
    });
  });

  it('refuses a table grid of more than a million cells', () => {
    const row = (cells: number) =>
      `<table:table-row>${'<table:table-cell><text:p>x</text:p></table:table-cell>'.repeat(cells)}</table:table-row>`;
    const bytes = makeOdp(
      `<draw:page><draw:frame><table:table>${row(2000)}${row(1).repeat(2000)}</table:table></draw:frame></draw:page>`,
    );
    assert.throws(() => parseSlides(bytes, 'odp'), {
      code: 'PARSE_ERROR',
      message: /2001×2000 cells; at most 1000000/,
    });
  });

  it('refuses entity declarations (billion laughs) in any part', () => {
    const bytes = withPart(makeOdp('<draw:page/>'), 'content.xml', (xml) =>
      xml.replace(
        '<office:document-content',
        '<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]><office:document-content',
      ),
    );
    assert.throws(() => parseSlides(bytes, 'odp'), { code: 'PARSE_ERROR', message: /DOCTYPE or entities/ });
  });
});
