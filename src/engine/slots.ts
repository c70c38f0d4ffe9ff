/**
 * At most `size` holders at once; the rest wait in arrival order. The worker fetches jobs in
 * batches (for throughput) but runs only WORKER_CONCURRENCY of them at a time with this.
 */
export class Slots {
  readonly #size: number;
  #used = 0;
  readonly #waiting: (() => void)[] = [];

  constructor(size: number) {
    this.#size = size;
  }

  async acquire(): Promise<() => void> {
    if (this.#used < this.#size) this.#used++;
    else await new Promise<void>((resolve) => this.#waiting.push(resolve));
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = this.#waiting.shift();
      if (next) next();
      else this.#used--;
    };
  }
}
