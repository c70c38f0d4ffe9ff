/**
 * Which OCR languages we ship and where their tesseract data lives on disk.
 *
 * Nothing is downloaded at run time: every language is an `@tesseract.js-data/<lang>` npm
 * package. tesseract.js reads `<langPath>/<lang>.traineddata.gz` from ONE folder, but each
 * package is its own folder, so several languages ('eng+deu') need a folder that holds them
 * all. The other ways in tesseract.js 7 do not work: `{ code, data }` language objects break
 * in `initialize` (it joins `l.data`, not `l.code`, into the language string), and a URL
 * langPath goes through fetch, i.e. the network. So we make a folder of symlinks under
 * os.tmpdir(), once per process, checked before use because /tmp is shared.
 */
import { createHash } from 'node:crypto';
import { lstat, mkdir, readlink, rm, symlink } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { DocjobsError } from '../../core/errors.ts';
import { type OcrLanguage, ocrLanguages } from '../../core/parse-options.ts';

// The list is the API's (core validates job options against it); this module ships the data.
export { type OcrLanguage, ocrLanguages };

const require = createRequire(import.meta.url);

export function isOcrLanguage(code: string): code is OcrLanguage {
  return (ocrLanguages as readonly string[]).includes(code);
}

/**
 * Checked, de-duplicated, order kept (tesseract treats the first language as the main one).
 * Throws VALIDATION_ERROR for an empty list or a language we do not ship.
 */
export function parseOcrLanguages(codes: readonly string[]): OcrLanguage[] {
  const bad = codes.find((code) => !isOcrLanguage(code));
  if (bad !== undefined || codes.length === 0) {
    const what = bad === undefined ? 'no OCR language given' : `OCR language "${bad}" is not shipped`;
    throw new DocjobsError('VALIDATION_ERROR', `${what}; use ${ocrLanguages.join(', ')}`);
  }
  return [...new Set(codes as OcrLanguage[])];
}

/** The package folder holding `<lang>.traineddata.gz` for one data flavour. */
function packageFolder(pkg: OcrLanguage | 'osd', flavour: '4.0.0' | '4.0.0_best_int'): string {
  return join(dirname(require.resolve(`@tesseract.js-data/${pkg}/package.json`)), flavour);
}

/**
 * OSD (orientation detection) runs on the legacy engine, so it needs the full '4.0.0' data,
 * not the LSTM-only '_best_int' flavour.
 */
export function osdDataFolder(): string {
  return packageFolder('osd', '4.0.0');
}

let linkedFolder: Promise<string> | null = null;

/**
 * One folder with `<lang>.traineddata.gz` for every shipped language, LSTM-only "best_int"
 * flavour (2-4x smaller than '4.0.0' and the LSTM engine is what we run). Made on first use.
 */
export function textDataFolder(): Promise<string> {
  linkedFolder ??= linkDataFolder().catch((error: unknown) => {
    linkedFolder = null; // a later call may succeed (e.g. /tmp was full)
    throw new DocjobsError('INTERNAL_ERROR', `OCR language data unavailable: ${String(error)}`, {
      retryable: true,
      cause: error,
    });
  });
  return linkedFolder;
}

async function linkDataFolder(): Promise<string> {
  const targets = ocrLanguages.map((lang) => ({
    name: `${lang}.traineddata.gz`,
    target: join(packageFolder(lang, '4.0.0_best_int'), `${lang}.traineddata.gz`),
  }));
  // Named after the install it points into, so two checkouts on one machine do not share it.
  const install = createHash('sha256')
    .update(targets.map((t) => t.target).join('\n'))
    .digest('hex');
  const folder = join(tmpdir(), `docjobs-tessdata-${process.getuid?.() ?? 'u'}-${install.slice(0, 12)}`);
  await mkdir(folder, { recursive: true, mode: 0o700 });
  // /tmp is shared: only trust a real directory of ours that nobody else can write into.
  const stats = await lstat(folder);
  const ours = process.getuid === undefined || stats.uid === process.getuid();
  if (!stats.isDirectory() || !ours || (stats.mode & 0o022) !== 0) {
    throw new Error(`${folder} is not a private directory of this user`);
  }
  for (const { name, target } of targets) {
    const link = join(folder, name);
    if ((await readlink(link).catch(() => null)) === target) continue;
    await rm(link, { force: true });
    // Another process may be making the same link right now: EEXIST is fine if it agrees.
    await symlink(target, link).catch(async (error: NodeJS.ErrnoException) => {
      if (error.code !== 'EEXIST' || (await readlink(link).catch(() => null)) !== target) throw error;
    });
  }
  return folder;
}
