/**
 * pdfjs in Node runs its "worker" in the same thread (a fake worker) and passes every message
 * through `structuredClone`, as a real postMessage would. For operator lists that is most of the
 * cost of a page with a vector plot: each path is its own pair of typed arrays, listed as a
 * transfer, and cloning thousands of them took ~25 % of such a page's time, with the garbage they
 * leave another ~10 % (CPU profile of a 12-page arXiv paper).
 *
 * An operator-list chunk needs no deep copy: the evaluator empties its two arrays after sending
 * (OperatorList.flush sets their length to 0) and never touches the arguments again, and the
 * display side only reads them. So a chunk is passed on with copies of those two arrays, the
 * arguments shared; every other message still goes through the real structuredClone. The pdf
 * thread imports this before pdfjs opens a document (pdfjs.ts); nothing else runs in that thread.
 *
 * If a pdfjs update changes the message's shape, `isOperatorChunk` no longer matches and every
 * message is cloned as before: slower, never wrong.
 */

/** pdfjs' StreamKind.ENQUEUE (src/shared/message_handler.js): a chunk of a streamed reply. */
const STREAM_ENQUEUE = 4;

interface OperatorChunkMessage {
  stream: number;
  chunk: { fnArray: number[]; argsArray: unknown[] };
}

function isOperatorChunk(value: unknown): value is OperatorChunkMessage {
  if (typeof value !== 'object' || value === null) return false;
  const message = value as Partial<OperatorChunkMessage>;
  const chunk = message.chunk;
  return (
    message.stream === STREAM_ENQUEUE &&
    typeof chunk === 'object' &&
    chunk !== null &&
    Array.isArray(chunk.fnArray) &&
    Array.isArray(chunk.argsArray)
  );
}

let installed = false;

export function passOperatorChunksWithoutCloning(): void {
  if (installed) return;
  installed = true;
  const clone = globalThis.structuredClone;
  globalThis.structuredClone = ((value: unknown, options?: Parameters<typeof structuredClone>[1]) => {
    if (!isOperatorChunk(value)) return clone(value, options);
    const { chunk } = value;
    return {
      ...value,
      chunk: { ...chunk, fnArray: chunk.fnArray.slice(), argsArray: chunk.argsArray.slice() },
    };
  }) as typeof structuredClone;
}
