/**
 * Writes packages/client/src/generated/openapi.ts: TypeScript types for every route of the server's
 * /openapi.json, which the client (@docjobs/client) is typed with. The document is read in-process
 * from an app on a throw-away embedded database (no port, no worker), so it is the one the server
 * of this checkout serves. test/client-types.test.ts fails when the committed file drifts from it.
 *
 *   node scripts/generate-client-types.ts           # write the file
 *   node scripts/generate-client-types.ts --check   # exit 1 when the file differs
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type OpenApiDocument, typesFromOpenApi } from '../packages/client/scripts/openapi-to-ts.ts';

export const generatedFile = join(
  dirname(fileURLToPath(import.meta.url)),
  '../packages/client/src/generated/openapi.ts',
);

/** The server's /openapi.json, from an app on an empty embedded database in a temporary directory. */
export async function readServerOpenApi(): Promise<OpenApiDocument> {
  const { startDocjobs } = await import('../src/app.ts');
  const { loadConfig } = await import('../src/core/config.ts');
  const dataDir = mkdtempSync(join(tmpdir(), 'docjobs-openapi-'));
  try {
    const docjobs = await startDocjobs(
      loadConfig({ DATA_DIR: dataDir, DATABASE_URL: '', LOG_LEVEL: 'silent' }),
      { worker: false },
    );
    try {
      const response = await docjobs.app!.inject({ method: 'GET', url: '/openapi.json' });
      if (response.statusCode !== 200) throw new Error(`/openapi.json → ${response.statusCode}`);
      return response.json();
    } finally {
      await docjobs.close();
    }
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** The file's text as the server's document makes it now. */
export async function generateClientTypes(): Promise<string> {
  return typesFromOpenApi(await readServerOpenApi());
}

if (import.meta.main) {
  const text = await generateClientTypes();
  if (process.argv.includes('--check')) {
    const committed = readFileSync(generatedFile, 'utf8');
    if (committed !== text) {
      console.error(`${generatedFile} is stale: run node scripts/generate-client-types.ts`);
      process.exit(1);
    }
  } else {
    writeFileSync(generatedFile, text);
    console.log(`wrote ${generatedFile} (${text.length} characters)`);
  }
}
