import { describe } from 'node:test';
import { accountsContract } from './contract/accounts.contract.ts';
import { apiKeysContract } from './contract/api-keys.contract.ts';
import { casesContract } from './contract/cases.contract.ts';
import { chunksContract } from './contract/chunks.contract.ts';
import { definitionsContract } from './contract/definitions.contract.ts';
import type { StoreContractOptions } from './contract/fixtures.ts';
import { isolationContract } from './contract/isolation.contract.ts';
import { jobListsContract } from './contract/job-lists.contract.ts';
import { jobsContract } from './contract/jobs.contract.ts';
import { pageCheckpointsContract } from './contract/page-checkpoints.contract.ts';
import { parentsContract } from './contract/parents.contract.ts';
import { retentionContract } from './contract/retention.contract.ts';
import { transactionsContract } from './contract/transactions.contract.ts';
import { usageQuotasContract } from './contract/usage-quotas.contract.ts';
import { webhookDeliveriesContract } from './contract/webhook-deliveries.contract.ts';
import { webhookOutboxContract } from './contract/webhook-outbox.contract.ts';

export type { MakeDatabase, StoreContractOptions } from './contract/fixtures.ts';

/**
 * What the store must do on every Database adapter (STYLE.md 6, as runBlobStoreContract does for
 * blobs): each table family's public functions on real SQL, organisation isolation, and rollback.
 * Each adapter's test file runs it with its own `make`; src/store/store-contract.test.ts runs it
 * on PGlite always and on a PostgreSQL server when DATABASE_URL is set.
 */
export function runStoreContract({ name, make }: StoreContractOptions) {
  describe(`Store contract: ${name}`, () => {
    transactionsContract(make);
    jobsContract(make);
    jobListsContract(make);
    parentsContract(make);
    pageCheckpointsContract(make);
    retentionContract(make);
    definitionsContract(make);
    casesContract(make);
    chunksContract(make);
    accountsContract(make);
    apiKeysContract(make);
    usageQuotasContract(make);
    webhookOutboxContract(make);
    webhookDeliveriesContract(make);
    isolationContract(make);
  });
}
