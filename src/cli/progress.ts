/**
 * How `submit --wait` shows its jobs on stderr (stdout stays the results').
 *
 * On a terminal: a live block with one bar per job in flight (stage, pages, %), redrawn in place;
 * a finished job leaves the block as one permanent line, so that a folder of 500 files scrolls its
 * finished lines and keeps only `--concurrency` bars live. Elsewhere (a pipe, a CI log): one plain
 * line each time a job's status, stage or pages change; never a carriage return.
 */
export interface JobState {
  id: string;
  status: string;
  stage?: string | null;
  progress?: number;
  pagesDone?: number | null;
  pagesTotal?: number | null;
}

export interface ProgressSink {
  write(text: string): unknown;
}

const barWidth = 20;

export function progressLine(label: string, job: JobState, tty: boolean): string {
  const percent = Math.max(0, Math.min(100, Math.round(job.progress ?? 0)));
  const pages = job.pagesTotal ? `pages ${job.pagesDone ?? 0}/${job.pagesTotal}` : '';
  const stage = job.stage ?? '';
  if (!tty) return [label, job.id, job.status, stage, `${percent}%`, pages].filter(Boolean).join(' ');
  const filled = Math.round((percent / 100) * barWidth);
  const bar = `[${'#'.repeat(filled)}${'-'.repeat(barWidth - filled)}]`;
  return [label, bar, `${String(percent).padStart(3)}%`, job.status, stage, pages].filter(Boolean).join('  ');
}

export class ProgressView {
  /** The jobs in flight, in the order they started: the live block on a terminal. */
  readonly #live = new Map<string, string>();
  /** What a plain line last said of each job, to print only changes. */
  readonly #said = new Map<string, string>();
  #drawn = 0;
  readonly out: ProgressSink;
  readonly tty: boolean;
  /** The terminal's width: a wrapped line would throw off the redraw's count of lines. */
  readonly columns: number;

  /** Labels padded to this width line the bars up. */
  readonly labelWidth: number;

  constructor(out: ProgressSink, tty: boolean, columns?: number, labelWidth = 0) {
    this.out = out;
    this.tty = tty;
    // A terminal that does not say its size (0 under some ptys) is taken as the usual 80.
    this.columns = columns || 80;
    this.labelWidth = labelWidth;
  }

  update(label: string, job: JobState): void {
    const line = progressLine(this.tty ? label.padEnd(this.labelWidth) : label, job, this.tty);
    if (!this.tty) {
      if (this.#said.get(label) !== line) this.out.write(`${line}\n`);
      this.#said.set(label, line);
      return;
    }
    this.#live.set(label, line.length < this.columns ? line : `${line.slice(0, this.columns - 2)}…`);
    this.#redraw();
  }

  /** A job is over: its last line leaves the live block and stays above it. */
  finish(label: string, summary: string): void {
    this.#live.delete(label);
    this.#said.delete(label);
    if (!this.tty) {
      this.out.write(`${summary}\n`);
      return;
    }
    this.#redraw(`${summary}\n`);
  }

  /** A note above the block (a submitted id, a warning). */
  note(text: string): void {
    if (this.tty) this.#redraw(`${text}\n`);
    else this.out.write(`${text}\n`);
  }

  #redraw(above = ''): void {
    // Up to the block's first line, clear from there down, then the permanent lines and the block.
    const up = this.#drawn > 0 ? `\x1b[${this.#drawn}A\r` : '\r';
    const lines = [...this.#live.values()];
    this.out.write(`${up}\x1b[J${above}${lines.map((line) => `${line}\n`).join('')}`);
    this.#drawn = lines.length;
  }
}
