/**
 * PaddleOCR's models kept in ONNX Runtime's own format (a flatbuffer, graph already optimised), so
 * that a lane starts without parsing and optimising the ONNX protobufs again. Measured (scratch
 * script, CPU of both sessions in one thread, 4 runs each): from the .onnx files 0.25-0.29 s, from
 * the cached .ort files 0.15-0.16 s. A worker's two lanes pay it at every start, and again after
 * each idle release (OCR_IDLE_RELEASE_SECONDS).
 *
 * Saved at the level the lanes use ('all'), so a cached session computes exactly what one from
 * the .onnx file does: on 6 SROIE receipts every line, character and probability was the same. A
 * model saved at 'extended' (the last portable level) read the same text with other probabilities:
 * once in this format, 'all' is not applied again at load. 'all' lays the graph out for this CPU's
 * vector width (NCHWc), so the CPU is part of the file's name.
 *
 * Kept in the cache folder beside the data directories (DATA_DIR/../.docjobs-cache, as the PGlite
 * template), named by a hash of the model, the CPU and ONNX Runtime's version: another model,
 * machine or runtime never sees it. A file carries a CRC of its content: a damaged one (torn write, bad disk) is
 * removed and the model loads from the .onnx file, and no cache trouble ever fails a page.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { arch, cpus } from 'node:os';
import { basename, join } from 'node:path';
import { crc32 } from 'node:zlib';
import * as ort from 'onnxruntime-node';

/** 'docjobs1', the content's CRC-32 and length (little-endian), then the .ort model. */
const magic = Buffer.from('docjobs1');
const headerBytes = 16;

/** The name a model's cached form has in `dir`: by the model's content, the CPU and this ONNX Runtime. */
export function cachedModelPath(dir: string, model: string): string {
  // Reading and hashing the 11 MB recogniser: ~16 ms, once per lane start, against ~100 ms saved.
  const hash = createHash('sha256').update(readFileSync(model)).update(cpuIdentity()).digest('hex');
  const name = basename(model).replace(/\.onnx$/, '');
  return join(dir, `paddle-${name}-${hash.slice(0, 16)}-ort${ort.env.versions.node ?? 'unknown'}.ort`);
}

/** What the optimised layout depends on: the CPU's model and, on Linux, its instruction sets. */
function cpuIdentity(): string {
  const flags = safely(() => readFileSync('/proc/cpuinfo', 'utf8').match(/^flags\s*:(.*)$/m)?.[1]) ?? '';
  return `${arch()} ${cpus()[0]?.model ?? ''} ${flags}`;
}

/**
 * A session for `model`: from its cached form in `cacheDir` when there is a sound one, else from
 * the model itself (and then the cache is written for the next start). `cacheDir` null: no cache.
 */
export async function openSession(
  model: string,
  options: ort.InferenceSession.SessionOptions,
  cacheDir: string | null,
): Promise<{ session: ort.InferenceSession; from: 'cache' | 'model' }> {
  const cached = cacheDir === null ? null : safely(() => cachedModelPath(cacheDir, model));
  if (cached) {
    const payload = await readCached(cached);
    if (payload) {
      try {
        return { session: await ort.InferenceSession.create(payload, options), from: 'cache' };
      } catch {
        safely(() => rmSync(cached, { force: true })); // sound bytes ORT refuses: rebuilt below
      }
    }
  }
  const session = await ort.InferenceSession.create(model, options);
  if (cached) await writeCached(model, cached, options).catch(() => {});
  return { session, from: 'model' };
}

/** The .ort bytes of a sound cache file; null when there is none (a damaged one is removed). */
async function readCached(path: string): Promise<Uint8Array | null> {
  let file: Buffer;
  try {
    file = await readFile(path);
  } catch {
    return null;
  }
  const payload = file.subarray(headerBytes);
  const sound =
    file.length > headerBytes &&
    file.subarray(0, magic.length).equals(magic) &&
    file.readUInt32LE(12) === payload.length &&
    file.readUInt32LE(8) === crc32(payload);
  if (sound) return payload;
  safely(() => rmSync(path, { force: true }));
  return null;
}

/**
 * ONNX Runtime writes the optimised model while it makes a session (optimizedModelFilePath; an
 * .ort name picks its format): one more session, once per machine and model (~0.3 s). Written
 * under a name of its own, then renamed: two lanes starting together never read a half file.
 * Its warning that an 'all' model suits only this machine is silenced: the name says so.
 */
async function writeCached(model: string, path: string, options: ort.InferenceSession.SessionOptions) {
  mkdirSync(join(path, '..'), { recursive: true });
  const unique = `${process.pid}-${Math.random().toString(36).slice(2)}`;
  const raw = `${path}.${unique}.raw.ort`;
  const framed = `${path}.${unique}.tmp`;
  try {
    const writer = await ort.InferenceSession.create(model, {
      ...options,
      optimizedModelFilePath: raw,
      logSeverityLevel: 3,
    });
    await writer.release();
    const payload = readFileSync(raw);
    const header = Buffer.alloc(headerBytes);
    magic.copy(header);
    header.writeUInt32LE(crc32(payload), 8);
    header.writeUInt32LE(payload.length, 12);
    writeFileSync(framed, Buffer.concat([header, payload]));
    renameSync(framed, path);
  } finally {
    safely(() => rmSync(raw, { force: true }));
    safely(() => rmSync(framed, { force: true }));
  }
}

function safely<T>(action: () => T): T | null {
  try {
    return action();
  } catch {
    return null;
  }
}
