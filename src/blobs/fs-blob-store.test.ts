import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runBlobStoreContract } from './blob-store.contract.ts';
import { createFsBlobStore } from './fs-blob-store.ts';

runBlobStoreContract('filesystem', async () => {
  const root = mkdtempSync(join(tmpdir(), 'docjobs-blobs-'));
  return {
    store: createFsBlobStore(root),
    close: async () => rmSync(root, { recursive: true, force: true }),
  };
});
