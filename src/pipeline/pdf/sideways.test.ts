import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { layoutPage } from './assemble.ts';
import type { TextRun } from './layout.ts';
import type { Ruling } from './tables/lattice.ts';

const run = (str: string, x0: number, y: number): TextRun => ({
  str,
  x0,
  x1: x0 + str.length * 5,
  y,
  size: 10,
});
const h = (y: number): Ruling => ({ x0: 50, x1: 250, y0: y, y1: y });
const v = (x: number): Ruling => ({ x0: x, x1: x, y0: 100, y1: 210 });
const grid = [h(100), h(170), h(190), h(210), v(50), v(150), v(200), v(250)];

describe('text set sideways on a table page', () => {
  it('puts upright-turned headers in their cells, and leaves slanted ones and stamps as a line of their own', () => {
    const turned = (str: string, x: number, slanted = false): TextRun => ({
      str,
      x0: x,
      x1: x + 10,
      y: 160,
      size: 50,
      sideways: true,
      ...(slanted ? { slanted } : {}),
    });
    const page = layoutPage(
      [
        run('Action', 55, 160),
        run('Run', 55, 184),
        run('X', 170, 184),
        run('Stop', 55, 204),
        run('X', 220, 204),
      ],
      [turned('Start', 170), turned('Halt', 220), { ...turned('arXiv:2201.00001', 10), x0: 10, x1: 20 }],
      300,
      400,
      grid,
    );
    const [table] = page.tables;
    assert.deepEqual(table!.table.rows, [
      ['Action', 'Start', 'Halt'],
      ['Run', 'X', ''],
      ['Stop', '', 'X'],
    ]);
    assert.equal(page.rotated.map((l) => l.text).join(), 'arXiv:2201.00001');

    const slanted = layoutPage(
      [
        run('Action', 55, 160),
        run('Run', 55, 184),
        run('X', 170, 184),
        run('Stop', 55, 204),
        run('X', 220, 204),
      ],
      [turned('Start', 170, true), turned('Halt', 220, true)],
      300,
      400,
      grid,
    );
    assert.deepEqual(slanted.tables[0]!.table.rows![0], ['Action', '', '']);
    assert.equal(slanted.rotated.map((l) => l.text).join(), 'Start Halt');
  });
});
