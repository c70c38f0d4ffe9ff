import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { exitCodeOfStatus } from '../src/cli/exit-codes.ts';
import { ProgressView, progressLine } from '../src/cli/progress.ts';
import { renderTable } from '../src/cli/table.ts';

/** What the terminal shows: the escape sequences the view writes, played on a list of lines. */
function screen(written: string): string[] {
  const lines: string[] = [''];
  let row = 0;
  // biome-ignore lint/suspicious/noControlCharactersInRegex: the terminal's escapes are what is read here
  for (const token of written.split(/(\x1b\[\d*[AJ]|\r|\n)/)) {
    if (token === '\r')
      lines[row] = ''; // always followed by a clear to the end of the screen
    else if (token === '\n') {
      row++;
      lines[row] ??= '';
      // biome-ignore lint/suspicious/noControlCharactersInRegex: the cursor-up escape
    } else if (/^\x1b\[\d*A$/.test(token)) row -= Number(token.slice(2, -1) || 1);
    else if (token === '\x1b[J') lines.length = row + 1;
    else lines[row] = (lines[row] ?? '') + token;
  }
  return lines.filter((line, i) => line !== '' || i < lines.length - 1);
}

describe('the CLI at a terminal and in a pipe', () => {
  const job = { id: 'job_1', status: 'processing', stage: 'ocr', progress: 45, pagesDone: 3, pagesTotal: 10 };

  it('a bar with stage, pages and percent on a terminal; plain words in a pipe', () => {
    assert.equal(
      progressLine('a.pdf', job, true),
      'a.pdf  [#########-----------]   45%  processing  ocr  pages 3/10',
    );
    assert.equal(progressLine('a.pdf', job, false), 'a.pdf job_1 processing ocr 45% pages 3/10');
  });

  it('redraws the live block in place; a finished job stays above it', () => {
    let written = '';
    const view = new ProgressView({ write: (text: string) => (written += text) }, true, 120, 5);
    view.update('a.pdf', job);
    view.update('b.pdf', {
      ...job,
      id: 'job_2',
      progress: 0,
      status: 'queued',
      stage: null,
      pagesTotal: null,
    });
    view.update('a.pdf', { ...job, progress: 90, pagesDone: 9 });
    view.finish('a.pdf', 'a.pdf  job_1  completed');
    assert.deepEqual(screen(written), [
      'a.pdf  job_1  completed',
      'b.pdf  [--------------------]    0%  queued',
    ]);
  });

  it('in a pipe, a line only when something changed', () => {
    let written = '';
    const view = new ProgressView({ write: (text: string) => (written += text) }, false);
    view.update('a.pdf', job);
    view.update('a.pdf', job);
    view.update('a.pdf', { ...job, pagesDone: 4 });
    view.finish('a.pdf', 'a.pdf  job_1  completed');
    assert.equal(
      written,
      'a.pdf job_1 processing ocr 45% pages 3/10\na.pdf job_1 processing ocr 45% pages 4/10\na.pdf  job_1  completed\n',
    );
  });

  it('a table cuts its widest column to fit a terminal, and keeps every character in a pipe', () => {
    const rows = [{ id: 'job_1', file: 'a-very-long-file-name-that-goes-on.pdf' }];
    const columns = [
      { header: 'ID', cell: (row: (typeof rows)[0]) => row.id },
      { header: 'FILE', cell: (row: (typeof rows)[0]) => row.file },
    ];
    assert.equal(renderTable(columns, rows, 20), 'ID     FILE\njob_1  a-very-long-…');
    assert.equal(renderTable(columns, rows), 'ID     FILE\njob_1  a-very-long-file-name-that-goes-on.pdf');
  });

  it('exit codes by HTTP status: 4 auth, 3 not found, 2 refused as invalid, 5 server', () => {
    assert.deepEqual(
      [401, 403, 404, 400, 409, 422, 429, 500, 503, 200].map(exitCodeOfStatus),
      [4, 4, 3, 2, 2, 2, 5, 5, 5, 5],
    );
  });
});
