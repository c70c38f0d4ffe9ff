import { describe } from 'node:test';
import { definitionsContract } from './contract/definitions.contract.ts';
import type { StoreContractOptions } from './contract/fixtures.ts';
import { jobListsContract } from './contract/job-lists.contract.ts';
import { jobsContract } from './contract/jobs.contract.ts';
import { parentsContract } from './contract/parents.contract.ts';
import { retentionContract } from './contract/retention.contract.ts';

export type { MakeDatabase, StoreContractOptions } from './contract/fixtures.ts';

/**
 * What the store must do on every Database adapter (STYLE.md 6, as runBlobStoreContract does for
 * blobs): each table family's public functions on real SQL, organisation isolation, and rollback.
 * Each adapter's test file runs it with its own `make`; src/store/store-contract.test.ts runs it
 * on PGlite always and on a PostgreSQL server when DATABASE_URL is set.
 */
export function runStoreContract({ name, make }: StoreContractOptions) {
  describe(`Store contract: ${name}`, () => {
    jobsContract(make);
    jobListsContract(make);
    parentsContract(make);
    retentionContract(make);
    definitionsContract(make);
  });
}
