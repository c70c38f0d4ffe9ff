import type { Database } from '../db.ts';

/**
 * pgvector, where the server has it. Chunks keep their embedding in a `real[]` column on every
 * database (one schema, one migration); with pgvector an HNSW index over `embedding::vector(d)`,
 * partial on `dims = d`, serves the nearest-neighbour search for each dimension count in use (an
 * HNSW index needs a fixed dimension, and two embedding models may differ). Without it the search is
 * exact: a dot product per row (bench/search.ts measures up to what size that is fine).
 *
 * PGlite loads pgvector's PGlite build at every open (store/pglite-template.ts), so the embedded
 * database has the index too; a PostgreSQL server without the extension searches exactly.
 */
const detected = new WeakMap<Database, Promise<boolean>>();
const indexed = new WeakMap<Database, Map<number, Promise<void>>>();

/** Whether the `vector` type can be used: installed already, or available and created now. */
export function hasPgvector(db: Database): Promise<boolean> {
  let known = detected.get(db);
  if (!known) {
    known = detect(db);
    detected.set(db, known);
  }
  return known;
}

async function detect(db: Database): Promise<boolean> {
  const installed = await db.query("SELECT 1 FROM pg_extension WHERE extname = 'vector'");
  if (installed.length > 0) return true;
  const available = await db.query("SELECT 1 FROM pg_available_extensions WHERE name = 'vector'");
  if (available.length === 0) return false;
  try {
    // In public: the test schemas are dropped with CASCADE, which would take the type with them.
    await db.transaction((tx) => tx.query('CREATE EXTENSION IF NOT EXISTS vector SCHEMA public'));
    return true;
  } catch {
    // Available but not ours to create (CREATE on the database is needed): exact search, as without it.
    return false;
  }
}

/** The HNSW index for `dims`, made once per process (IF NOT EXISTS: another process may have made it). */
export function ensureVectorIndex(db: Database, dims: number): Promise<void> {
  if (!Number.isInteger(dims) || dims < 1 || dims > 2000) return Promise.resolve(); // HNSW's limit: 2,000
  let byDims = indexed.get(db);
  if (!byDims) {
    byDims = new Map();
    indexed.set(db, byDims);
  }
  let made = byDims.get(dims);
  if (!made) {
    made = db
      .query(
        `CREATE INDEX IF NOT EXISTS chunks_embedding_hnsw_${dims} ON chunks
         USING hnsw ((embedding::vector(${dims})) vector_cosine_ops) WHERE dims = ${dims}`,
      )
      .then(() => undefined);
    made.catch(() => byDims.delete(dims));
    byDims.set(dims, made);
  }
  return made;
}
