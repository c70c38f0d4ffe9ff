import assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { runBlobStoreContract } from './blob-store.contract.ts';
import { BlobAccessDeniedError } from './blob-store.ts';
import { createFsBlobStore } from './fs-blob-store.ts';

runBlobStoreContract('filesystem', async () => {
  const root = mkdtempSync(join(tmpdir(), 'docjobs-blobs-'));
  return {
    store: createFsBlobStore(root),
    close: async () => rmSync(root, { recursive: true, force: true }),
  };
});

describe('the filesystem blob store refused by the operating system', () => {
  // Permissions do not stop root: the refusal can only be seen as another user.
  const asRoot = process.getuid?.() === 0;
  it('rejects a read with BlobAccessDeniedError, not "absent"', {
    skip: asRoot && 'run as root, which reads any file',
  }, async () => {
    const root = mkdtempSync(join(tmpdir(), 'docjobs-blobs-'));
    try {
      const store = createFsBlobStore(root);
      await store.put('jobs/job_x/document', new TextEncoder().encode('secret'));
      chmodSync(join(root, 'jobs', 'job_x', 'document'), 0o000);
      await assert.rejects(store.getBytes('jobs/job_x/document'), BlobAccessDeniedError);
      await assert.rejects(store.get('jobs/job_x/document'), BlobAccessDeniedError);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
