/**
 * A new embedded data directory is unpacked from a template instead of made by PGlite's initdb:
 * initdb took 8.7 s here (a WASM Postgres running bootstrap SQL), unpacking 1.3 s. The template is
 * what initdb leaves, dumped once with PGlite's own `dumpDataDir` (4.5 MB gzip for 0.5.16, too big
 * to commit), so the first data directory ever made beside it pays initdb and every later one
 * does not. It lives beside the data directories (DATA_DIR's parent, `.docjobs-cache/`) under a
 * name carrying the PGlite version: another version never sees it, and a template that cannot be
 * unpacked is skipped for initdb. Nothing is downloaded.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';

/** The installed PGlite's version (its package.json is not exported: found beside its entry). */
function installedPgliteVersion(): string {
  let dir = dirname(fileURLToPath(import.meta.resolve('@electric-sql/pglite')));
  while (!existsSync(join(dir, 'package.json')) && dirname(dir) !== dir) dir = dirname(dir);
  return (JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { version: string }).version;
}

/** Where the template for `dataDir`'s PGlite is kept. */
export function pgliteTemplatePath(dataDir: string): string {
  const cache = join(dirname(resolve(dataDir)), '.docjobs-cache');
  return join(cache, `pglite-${installedPgliteVersion()}-initdb.tar.gz`);
}

const isNew = (pgDir: string) => !existsSync(pgDir) || readdirSync(pgDir).length === 0;

/**
 * PGlite on `pgDir`: opened if it holds a database, else unpacked from `template` when there is
 * one, else made by initdb, and then dumped to `template` for the next new directory.
 */
export async function openOrCreatePglite(pgDir: string, template: string): Promise<PGlite> {
  if (!isNew(pgDir)) return PGlite.create(pgDir);
  mkdirSync(dirname(pgDir), { recursive: true });
  if (existsSync(template)) {
    try {
      return await PGlite.create(pgDir, { loadDataDir: new Blob([readFileSync(template)]) });
    } catch {
      // Damaged or foreign: initdb below, whose dump replaces it.
      rmSync(pgDir, { recursive: true, force: true });
    }
  }
  const pglite = await PGlite.create(pgDir);
  await saveTemplate(pglite, template).catch(() => {
    // A read-only parent directory: every new data directory runs initdb, as before.
  });
  return pglite;
}

/** Dumps a just-initialised database, written whole or not at all (two processes may race). */
async function saveTemplate(pglite: PGlite, template: string): Promise<void> {
  const dump = await pglite.dumpDataDir('gzip');
  mkdirSync(dirname(template), { recursive: true });
  const partial = `${template}.${process.pid}.partial`;
  writeFileSync(partial, new Uint8Array(await dump.arrayBuffer()));
  renameSync(partial, template);
}
