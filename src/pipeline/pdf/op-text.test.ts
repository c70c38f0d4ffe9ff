import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { OPS } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { bidiOrder, normalizeCompat } from './bidi.ts';
import { operatorTextItems } from './op-text.ts';

const glyphs = (text: string, width = 500) =>
  [...text].map((unicode) => ({ unicode, width, isSpace: unicode === ' ' }));
const font = { fontMatrix: [0.001, 0, 0, 0.001, 0, 0], vertical: false };
const view = [0, 0, 612, 792];

function items(ops: [number, unknown[]][]) {
  const list = { fnArray: ops.map(([fn]) => fn), argsArray: ops.map(([, args]) => args) };
  return operatorTextItems(list, () => font, view);
}

describe('text items from the operator list', () => {
  it('places a line, keeps one space per space glyph and makes a TJ gap of 0.25 em a space', () => {
    const out = items([
      [OPS.beginText, []],
      [OPS.setFont, ['f1', 10]],
      [OPS.moveText, [72, 700]],
      [OPS.showText, [[...glyphs('ab cd'), -250, ...glyphs('ef')]]],
      [OPS.endText, []],
    ]);
    assert.equal(out.length, 1);
    assert.equal(out[0]!.str, 'ab cd ef');
    assert.deepEqual(out[0]!.transform, [10, 0, 0, 10, 72, 700]);
    // 6 glyphs of 5 pt, the space glyph's 5 pt and the 2.5 pt gap
    assert.ok(Math.abs(out[0]!.width - 37.5) < 1e-9);
  });

  it('starts another item at a gap wider than 0.6 em and at another line', () => {
    const out = items([
      [OPS.beginText, []],
      [OPS.setFont, ['f1', 10]],
      [OPS.moveText, [72, 700]],
      [OPS.showText, [[...glyphs('left'), -2000, ...glyphs('right')]]],
      [OPS.moveText, [0, -12]],
      [OPS.showText, [glyphs('next')]],
      [OPS.endText, []],
    ]);
    assert.deepEqual(
      out.map((i) => [i.str, i.transform[4], i.transform[5]]),
      [
        ['left', 72, 700],
        ['right', 112, 700],
        ['next', 72, 688],
      ],
    );
  });

  it('applies the CTM, character spacing and horizontal scaling', () => {
    const out = items([
      [OPS.save, []],
      [OPS.transform, [2, 0, 0, 2, 10, 20]],
      [OPS.beginText, []],
      [OPS.setFont, ['f1', 10]],
      [OPS.setCharSpacing, [1]],
      [OPS.setHScale, [50]],
      [OPS.showText, [glyphs('abc')]],
      [OPS.endText, []],
      [OPS.restore, []],
    ]);
    assert.equal(out[0]!.str, 'abc');
    assert.deepEqual(out[0]!.transform, [10, 0, 0, 20, 10, 20]);
    // (3 × 5 pt + 2 × 1 pt of the spacing between glyphs) × 50% × CTM scale 2
    assert.ok(Math.abs(out[0]!.width - 17) < 1e-9);
  });

  it('keeps invisible text and leaves annotations out', () => {
    const out = items([
      [OPS.beginText, []],
      [OPS.setTextRenderingMode, [3]],
      [OPS.setFont, ['f1', 10]],
      [OPS.showText, [glyphs('hidden')]],
      [OPS.endText, []],
      [OPS.beginAnnotation, ['a1', [0, 0, 10, 10], [1, 0, 0, 1, 0, 0], [1, 0, 0, 1, 0, 0], false]],
      [OPS.beginText, []],
      [OPS.showText, [glyphs('field')]],
      [OPS.endText, []],
      [OPS.endAnnotation, []],
    ]);
    assert.deepEqual(
      out.map((i) => i.str),
      ['hidden'],
    );
    // Marked, so that an OCR layer's Courier is not taken for code (page-text.ts).
    assert.equal(out[0]!.invisible, true);
  });

  it('marks no text invisible in the fill mode, and starts a new item where the mode changes', () => {
    const out = items([
      [OPS.beginText, []],
      [OPS.setFont, ['f1', 10]],
      [OPS.showText, [glyphs('seen')]],
      [OPS.setTextRenderingMode, [3]],
      [OPS.showText, [glyphs('hid')]],
      [OPS.setTextRenderingMode, [0]],
      [OPS.showText, [glyphs('den')]],
      [OPS.endText, []],
    ]);
    assert.deepEqual(
      out.map((i) => [i.str, i.invisible ?? false]),
      [
        ['seen', false],
        ['hid', true],
        ['den', false],
      ],
    );
  });
});

describe('bidi and normalisation as pdfjs does them', () => {
  it('puts a Hebrew run painted left to right into logical order, digits kept left to right', () => {
    assert.deepEqual(bidiOrder('םולש 123'), { str: '123 שלום', rtl: true });
    assert.deepEqual(bidiOrder('plain text'), { str: 'plain text', rtl: false });
    // A glyph whose Unicode is two letters (a lam-alef ligature) keeps them in reading order.
    assert.deepEqual(bidiOrder(['\u06CC', '\u0644\u0627', '\u06A9']), {
      str: '\u06A9\u0644\u0627\u06CC',
      rtl: true,
    });
  });
  it('puts a spacing accent drawn over a letter on it, before or after it, in one item or two', () => {
    const line = (shown: unknown[]) =>
      items([
        [OPS.beginText, []],
        [OPS.setFont, ['f1', 10]],
        [OPS.moveText, [72, 700]],
        [OPS.showText, [shown]],
        [OPS.endText, []],
      ])
        .map((i) => i.str)
        .join('|');
    // TeX's \'a: the accent, a move back of its width (0.5 em: another item), the letter.
    assert.equal(
      line([...glyphs('Min'), ...glyphs('\u00b4'), 500, ...glyphs('a\u02c7'), 500, ...glyphs('c')]),
      'Min|á|č',
    );
    // A small move back stays in the item; the accent after its letter, drawn back over it.
    assert.equal(line([...glyphs('J\u00b4', 300), 200, ...glyphs('an')]), 'Ján');
    assert.equal(line([...glyphs('e'), 500, ...glyphs('\u00a8t')]), 'ë|t');
    // An accent set off from the letter before it by a space's gap, its letter not: no space.
    assert.equal(line([...glyphs('f'), -150, ...glyphs('\u00a8', 300), 400, ...glyphs('ur')]), 'f|ür');
    assert.equal(line([...glyphs('f'), -110, ...glyphs('\u00a8', 150), 200, ...glyphs('ur')]), 'für');
    assert.equal(line([...glyphs('f'), -300, ...glyphs('\u00a8', 300), 200, ...glyphs('ur')]), 'f ür');
    // Not over a letter, or no precomposed letter (w with a caron): kept as drawn.
    assert.equal(line(glyphs('it\u00b4s')), 'it\u00b4s');
    assert.equal(line([...glyphs('\u00b4'), 500, ...glyphs('w\u02c7'), 500, ...glyphs('x')]), 'ẃ\u02c7|x');
  });

  it('unfolds ligatures and odd spaces', () => {
    assert.equal(normalizeCompat('\ufb01nd e\ufb00ect\u00a0x'), 'find effect x');
  });
});
