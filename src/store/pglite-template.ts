/**
 * A new embedded data directory is unpacked from a template instead of made by PGlite's initdb:
 * initdb took 8.7 s here (a WASM Postgres running bootstrap SQL), unpacking 1.3 s. The template is
 * what initdb leaves, dumped once with PGlite's own `dumpDataDir` (4.5 MB gzip for 0.5.15, too big
 * to commit), so the first data directory ever made beside it pays initdb and every later one
 * does not. It lives beside the data directories (DATA_DIR's parent, `.docjobs-cache/`), or in
 * PGLITE_TEMPLATE_DIR, under a name carrying the PGlite version: another version never sees it,
 * and a template that cannot be unpacked is skipped for initdb. Nothing is downloaded.
 *
 * A template that cannot be written (a read-only parent: DATA_DIR=/data in a container whose `/`
 * the user cannot write) leaves every new directory to initdb; the process says so once, naming
 * the path and the setting, instead of costing ~10 s a directory without a word.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PGlite, type PGliteOptions } from '@electric-sql/pglite';
import { vector } from '@electric-sql/pglite-pgvector';

/** The installed PGlite's version (its package.json is not exported: found beside its entry). */
function installedPgliteVersion(): string {
  let dir = dirname(fileURLToPath(import.meta.resolve('@electric-sql/pglite')));
  while (!existsSync(join(dir, 'package.json')) && dirname(dir) !== dir) dir = dirname(dir);
  return (JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { version: string }).version;
}

/** Where the template for `dataDir`'s PGlite is kept: `templateDir`, else `.docjobs-cache` beside `dataDir`. */
export function pgliteTemplatePath(dataDir: string, templateDir: string | null = null): string {
  const cache = templateDir ?? join(dirname(resolve(dataDir)), '.docjobs-cache');
  return join(cache, `pglite-${installedPgliteVersion()}-initdb.tar.gz`);
}

/**
 * pgvector, from its PGlite build (@electric-sql/pglite-pgvector, 50 KB, loaded when PGlite opens):
 * chunk vectors get an HNSW index on the embedded database as on a server that has the extension
 * (store/chunks/vector-index.ts). A database made with it needs it at every later open.
 */
const withExtensions: PGliteOptions = { extensions: { vector } };

const isNew = (pgDir: string) => !existsSync(pgDir) || readdirSync(pgDir).length === 0;

/**
 * PGlite on `pgDir`: opened if it holds a database, else unpacked from `template` when there is
 * one, else made by initdb, and then dumped to `template` for the next new directory.
 */
export async function openOrCreatePglite(pgDir: string, template: string): Promise<PGlite> {
  if (!isNew(pgDir)) return PGlite.create(pgDir, withExtensions);
  mkdirSync(dirname(pgDir), { recursive: true });
  if (existsSync(template)) {
    try {
      return await PGlite.create(pgDir, {
        ...withExtensions,
        loadDataDir: new Blob([readFileSync(template)]),
      });
    } catch {
      // Damaged or foreign: initdb below, whose dump replaces it.
      rmSync(pgDir, { recursive: true, force: true });
    }
  }
  const pglite = await PGlite.create(pgDir, withExtensions);
  await keepTemplate(pglite, template);
  return pglite;
}

/** Templates this process could not write and has said so about. */
const unwritable = new Set<string>();

/**
 * The template saved for the next new directory, or a warning (once per path and process) that
 * it could not be: every new data directory then runs initdb.
 */
export async function keepTemplate(pglite: PGlite, template: string): Promise<void> {
  try {
    await saveTemplate(pglite, template);
  } catch (error) {
    if (unwritable.has(template)) return;
    unwritable.add(template);
    const reason = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    // On stderr like the CLI's other messages: one line, without Node's "(node:pid) Warning" dressing.
    console.warn(
      `docjobs: the PGlite template could not be saved to ${template} (${reason}): every new data directory will run initdb (~10 s) instead of being unpacked from it (~1 s). Make ${dirname(template)} writable, or set PGLITE_TEMPLATE_DIR to a directory this process can write.`,
    );
  }
}

/** Dumps a just-initialised database, written whole or not at all (two processes may race). */
async function saveTemplate(pglite: PGlite, template: string): Promise<void> {
  const dump = await pglite.dumpDataDir('gzip');
  mkdirSync(dirname(template), { recursive: true });
  const partial = `${template}.${process.pid}.partial`;
  try {
    writeFileSync(partial, new Uint8Array(await dump.arrayBuffer()));
    renameSync(partial, template);
  } finally {
    rmSync(partial, { force: true });
  }
}
