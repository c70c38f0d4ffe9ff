/**
 * sharp, set up once for a server that decodes untrusted uploads one page at a time. Load it
 * through here (not from 'sharp') so the settings apply whichever module needs it first.
 *
 * Loaded on first use, not at start: libvips costs ~20 MB of RSS and ~0.1-1 s to load (1 s on a
 * busy machine), and a server that reads only PDFs with a text layer never needs it.
 *
 * Main thread only: sharp runs its work on libuv's pool, off the event loop. It is never loaded
 * in the PDF worker threads: on glibc Linux a worker that loads sharp must not be the first to
 * do so, and the pool terminates a thread to cancel its task, which can take the process down
 * while libvips is mid-operation in that thread (lovell/sharp#2263).
 */
import type Sharp from 'sharp';

let loading: Promise<typeof Sharp> | null = null;

/** sharp, loaded and set up the first time. */
export function loadSharp(): Promise<typeof Sharp> {
  loading ??= import('sharp').then(({ default: sharp }) => configure(sharp));
  return loading;
}

function configure(sharp: typeof Sharp): typeof Sharp {
  // No operation cache: it keeps the results of identical operations on identical input, and no
  // two uploads are identical, so it would only hold up to its default 50 MB of pixels for nothing.
  sharp.cache(false);

  // One libvips thread per image: pages are decoded one after another and the job worker reads
  // two documents at once, so more threads per image would mostly compete with tesseract and
  // the PDF threads for the cores, and each libvips thread keeps its own tile buffers. sharp already picks 1
  // on glibc Linux (to limit malloc fragmentation); this makes other hosts behave the same.
  sharp.concurrency(1);
  return sharp;
}
