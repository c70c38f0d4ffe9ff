import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  addApiKey,
  countApiKeys,
  createApiKey,
  ensureOrganisation,
  findOrganisationByKey,
  generateApiKey,
  hashApiKey,
} from '../orgs.ts';
import { countRequest } from '../rate-limits.ts';
import { type MakeDatabase, newOrg, useDatabase } from './fixtures.ts';

/** Counting in a one-minute window cut on the clock: a test that straddles the minute would see a reset. */
async function awayFromMinuteEdge() {
  const intoMinute = Date.now() % 60_000;
  if (intoMinute > 55_000) await sleep(60_000 - intoMinute + 200);
}

/** Organisations and their API keys (stored as hashes only), and the per-key rate-limit counter. */
export function accountsContract(make: MakeDatabase) {
  describe('organisations, API keys and rate limits', () => {
    const db = useDatabase(make, 'accounts');

    it('makes an organisation once per name', async () => {
      const name = `acme-${Date.now()}`;
      const first = await ensureOrganisation(db(), name);
      assert.match(first.id, /^org_[0-9a-z]{26}$/);
      assert.deepEqual(await ensureOrganisation(db(), name), first);
      assert.notEqual((await ensureOrganisation(db(), `${name}-2`)).id, first.id);
    });

    it('stores a key as its hash and finds its organisation by it, until the key is revoked', async () => {
      const before = await countApiKeys(db());
      const { key, org } = await createApiKey(db(), `keys-${Date.now()}`);
      assert.match(key, /^dj_/);
      assert.deepEqual(await findOrganisationByKey(db(), key), org);
      const rows = await db().query<{ key_hash: string; prefix: string }>(
        'SELECT key_hash, prefix FROM api_keys WHERE org_id = $1',
        [org.id],
      );
      assert.deepEqual(
        rows,
        [{ key_hash: hashApiKey(key), prefix: key.slice(0, 7) }],
        'never the key itself',
      );
      await addApiKey(db(), org.id, key);
      assert.equal(await countApiKeys(db()), before + 1, 'the same key twice is one key');
      const second = generateApiKey();
      await addApiKey(db(), org.id, second);
      assert.deepEqual(await findOrganisationByKey(db(), second), org);
      assert.equal(await countApiKeys(db()), before + 2);
      assert.equal(await findOrganisationByKey(db(), generateApiKey()), null);
      assert.equal(await findOrganisationByKey(db(), hashApiKey(key)), null, 'the hash is no key');

      await db().query('UPDATE api_keys SET revoked_at = now() WHERE key_hash = $1', [hashApiKey(key)]);
      assert.equal(await findOrganisationByKey(db(), key), null);
      assert.deepEqual(await findOrganisationByKey(db(), second), org);
      assert.equal(await countApiKeys(db()), before + 1);
    });

    it('counts a key’s requests in its minute, each key on its own, and starts again in the next', async () => {
      await awayFromMinuteEdge();
      const [a, b] = [await newOrg(db()), await newOrg(db())];
      const counts = [];
      for (let i = 0; i < 3; i++) counts.push(await countRequest(db(), hashApiKey(a.key)));
      assert.deepEqual(
        counts.map((c) => c.count),
        [1, 2, 3],
      );
      for (const { resetSeconds } of counts)
        assert.ok(resetSeconds >= 1 && resetSeconds <= 60, `${resetSeconds}`);
      assert.equal((await countRequest(db(), hashApiKey(b.key))).count, 1);
      await db().query(
        `UPDATE rate_limits SET window_start = window_start - interval '1 minute' WHERE key_hash = $1`,
        [hashApiKey(a.key)],
      );
      assert.equal((await countRequest(db(), hashApiKey(a.key))).count, 1, 'a new window');
    });

    it('counts requests made together exactly once each', async () => {
      await awayFromMinuteEdge();
      const org = await newOrg(db());
      const results = await Promise.all(
        Array.from({ length: 12 }, () => countRequest(db(), hashApiKey(org.key))),
      );
      assert.deepEqual(
        results.map((r) => r.count).sort((x, y) => x - y),
        Array.from({ length: 12 }, (_, i) => i + 1),
      );
    });
  });
}
