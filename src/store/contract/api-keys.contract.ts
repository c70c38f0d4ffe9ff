import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { findKeyHolder } from '../keys/find-key-holder.ts';
import { getKey } from '../keys/get-key.ts';
import { insertKey } from '../keys/insert-key.ts';
import { listKeys } from '../keys/list-keys.ts';
import { revokeKey } from '../keys/revoke-key.ts';
import { hashApiKey } from '../orgs.ts';
import { type MakeDatabase, newOrg, useDatabase } from './fixtures.ts';

/** API keys as the API manages them (GET/POST/DELETE /v1/keys): names, last use, guarded revocation. */
export function apiKeysContract(make: MakeDatabase) {
  describe('API keys managed through the API', () => {
    const db = useDatabase(make, 'api-keys');

    it('makes a named key, stores only its hash, and finds its holder while it is not revoked', async () => {
      const org = await newOrg(db(), 'keys');
      const { key, record } = await insertKey(db(), org.id, 'ci');
      assert.match(record.id, /^key_[0-9a-z]{26}$/);
      assert.deepEqual(
        [record.orgId, record.name, record.prefix, record.suffix, record.revokedAt, record.lastUsedAt],
        [org.id, 'ci', key.slice(0, 7), key.slice(-4), null, null],
      );
      const [stored] = await db().query<{ key_hash: string }>('SELECT key_hash FROM api_keys WHERE id = $1', [
        record.id,
      ]);
      assert.equal(stored!.key_hash, hashApiKey(key));
      assert.deepEqual(await findKeyHolder(db(), key), {
        org: { id: org.id, name: org.name },
        keyId: record.id,
      });
      const got = await getKey(db(), org.id, record.id);
      assert.deepEqual({ ...got, lastUsedAt: null }, record, 'as made, used once since');
      assert.equal(await getKey(db(), (await newOrg(db())).id, record.id), null, "another org's key");
      assert.deepEqual(
        (await listKeys(db(), org.id)).map((k) => k.name),
        [null, 'ci'],
      );
    });

    it('notes the last use at most once a minute', async () => {
      const org = await newOrg(db(), 'used');
      const { key, record } = await insertKey(db(), org.id, null);
      await findKeyHolder(db(), key);
      const first = (await getKey(db(), org.id, record.id))!.lastUsedAt;
      assert.ok(first);
      await findKeyHolder(db(), key);
      assert.equal(
        (await getKey(db(), org.id, record.id))!.lastUsedAt,
        first,
        'not rewritten within the minute',
      );
      await db().query(`UPDATE api_keys SET last_used_at = now() - interval '2 minutes' WHERE id = $1`, [
        record.id,
      ]);
      await findKeyHolder(db(), key);
      assert.ok((await getKey(db(), org.id, record.id))!.lastUsedAt! > first);
    });

    it('revokes a key but never the last usable one, and two revokes at once leave one key', async () => {
      const org = await newOrg(db(), 'revoke');
      const second = await insertKey(db(), org.id, null);
      // The org's own key, whatever order listKeys gives two keys made in the same millisecond.
      const first = (await listKeys(db(), org.id)).find((key) => key.id !== second.record.id);
      assert.equal((await revokeKey(db(), org.id, 'key_unknown')).outcome, 'not-found');
      assert.equal((await revokeKey(db(), (await newOrg(db())).id, second.record.id)).outcome, 'not-found');

      const outcomes = await Promise.all([
        revokeKey(db(), org.id, first!.id),
        revokeKey(db(), org.id, second.record.id),
      ]);
      assert.deepEqual(outcomes.map((o) => o.outcome).sort(), ['last-key', 'revoked']);
      const usable = (await listKeys(db(), org.id)).filter((k) => !k.revokedAt);
      assert.equal(usable.length, 1);
      const revoked = outcomes.find((o) => o.outcome === 'revoked')!;
      assert.ok(revoked.outcome === 'revoked');
      assert.equal((await revokeKey(db(), org.id, revoked.key.id)).outcome, 'already-revoked');
      const gone = revoked.key.id === second.record.id ? second.key : org.key;
      assert.equal(await findKeyHolder(db(), gone), null);
    });
  });
}
