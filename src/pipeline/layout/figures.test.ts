import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Block, BoundingBox } from '../types.ts';
import { figureMarkdown, figureRegions, withFigures } from './figures.ts';

const paragraph = (text: string, bbox: BoundingBox): Block => ({ type: 'paragraph', text, bbox });

describe('figures', () => {
  it('keeps regions big enough to be figures, merging overlapping pieces', () => {
    const regions = figureRegions(
      [
        [100, 100, 300, 250], // a chart
        [290, 120, 400, 240], // its legend, drawn as a second image overlapping it
        [50, 50, 70, 62], // a logo
        [72, 700, 540, 701], // a rule
        [0, 0, 612, 792], // a scan under an invisible text layer, or a background
      ],
      612,
      792,
    );
    assert.deepEqual(regions, [[100, 100, 400, 250]]);
  });

  it('places the figure in reading order, takes its caption and keeps the text drawn inside it', () => {
    const blocks = [
      paragraph('Text above the chart.', [72, 60, 540, 90]),
      paragraph('0 10 20 30', [110, 230, 280, 240]), // tick labels inside the chart
      paragraph('Figure 2: Throughput by number of workers.', [72, 256, 540, 268]),
      paragraph('Text below.', [72, 300, 540, 330]),
    ];
    const out = withFigures(blocks, [[100, 100, 400, 250]], 3);
    assert.deepEqual(
      out.map((block) => block.type),
      ['paragraph', 'figure', 'paragraph', 'paragraph'],
    );
    assert.equal(out[2]!.text, '0 10 20 30');
    const figure = out[1]!;
    assert.equal(figure.name, 'p3-1.png');
    assert.equal(figure.caption, 'Figure 2: Throughput by number of workers.');
    assert.equal(figureMarkdown(figure), '![Figure 2: Throughput by number of workers.](figures/p3-1.png)');
  });

  it('leaves a paragraph that only mentions a figure, or lies far from it, in the text', () => {
    const blocks = [
      paragraph('As figure 2 shows, throughput grows.', [72, 256, 540, 268]),
      paragraph('Figure 5: another figure, far below.', [72, 600, 540, 612]),
    ];
    const out = withFigures(blocks, [[100, 100, 400, 250]], 1);
    assert.equal(out.filter((block) => block.type === 'paragraph').length, 2);
    assert.equal(out.find((block) => block.type === 'figure')?.caption, null);
  });

  it('keeps text that fills an image region as text: a picture of a page, not a figure', () => {
    const lines = Array.from({ length: 8 }, (_, k) =>
      paragraph(`Line ${k} of a letter printed over its letterhead image, long enough to be prose.`, [
        110,
        110 + 15 * k,
        390,
        122 + 15 * k,
      ]),
    );
    const out = withFigures(lines, [[100, 100, 400, 250]], 1);
    assert.deepEqual(out, lines);
  });
  it('merges caption-less panels into the figure whose caption reaches under them', () => {
    const blocks = [
      paragraph(
        'Fig. A.2. Left: the model; right: the data, on one full-width caption.',
        [60, 330, 550, 342],
      ),
      paragraph('Body text of the next section.', [60, 400, 550, 412]),
    ];
    const out = withFigures(
      blocks,
      [
        [60, 100, 290, 300],
        [320, 100, 550, 300],
      ],
      1,
    );
    const figures = out.filter((block) => block.type === 'figure');
    assert.equal(figures.length, 1);
    assert.deepEqual(figures[0]!.bbox, [60, 100, 550, 300]);
    assert.match(figures[0]!.caption ?? '', /^Fig\. A\.2\./);
  });
});
