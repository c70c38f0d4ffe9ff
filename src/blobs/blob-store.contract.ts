import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import { BlobNotFoundError, type BlobStore } from './blob-store.ts';

const text = async (stream: Readable) => {
  let out = '';
  for await (const chunk of stream) out += chunk;
  return out;
};

/** What every BlobStore adapter must do; each adapter's test file runs this with its own `make`. */
export function runBlobStoreContract(
  name: string,
  make: () => Promise<{ store: BlobStore; close(): Promise<void> }>,
) {
  describe(`BlobStore contract: ${name}`, () => {
    let store: BlobStore;
    let close: () => Promise<void>;
    before(async () => {
      ({ store, close } = await make());
    });
    after(async () => close?.());

    it('stores bytes and streams, reports their size, and reads them back', async () => {
      assert.deepEqual(await store.put('a/one', new TextEncoder().encode('hello')), { sizeBytes: 5 });
      assert.equal(Buffer.from(await store.getBytes('a/one')).toString(), 'hello');
      const chunks = Readable.from([Buffer.from('str'), Buffer.from('eamed')]);
      assert.deepEqual(await store.put('a/two', chunks), { sizeBytes: 8 });
      assert.equal(await text(await store.get('a/two')), 'streamed');
      assert.equal(await store.exists('a/two'), true);
    });

    it('streams a byte range', async () => {
      await store.put('a/range', new TextEncoder().encode('0123456789'));
      assert.equal(await text(await store.get('a/range', { start: 2, end: 4 })), '234');
      assert.equal(await text(await store.get('a/range', { start: 7 })), '789');
    });

    it('replaces a blob whole', async () => {
      await store.put('a/replace', new TextEncoder().encode('first version'));
      await store.put('a/replace', new TextEncoder().encode('second'));
      assert.equal(Buffer.from(await store.getBytes('a/replace')).toString(), 'second');
    });

    it('leaves nothing behind when the source stream fails', async () => {
      const failing = new Readable({
        read() {
          this.push(Buffer.from('partial'));
          this.destroy(new Error('client went away'));
        },
      });
      await assert.rejects(store.put('a/failed', failing), /client went away/);
      assert.equal(await store.exists('a/failed'), false);
    });

    it('answers BlobNotFoundError for a missing blob', async () => {
      await assert.rejects(store.get('a/missing'), BlobNotFoundError);
      await assert.rejects(store.getBytes('a/missing'), BlobNotFoundError);
      assert.equal(await store.exists('a/missing'), false);
    });

    it('deletes one blob, or a whole prefix and only that prefix', async () => {
      await store.put('p/x/1', new Uint8Array([1]));
      await store.put('p/x/2/deep', new Uint8Array([2]));
      await store.put('p/xy', new Uint8Array([3]));
      await store.delete('p/x/1');
      assert.equal(await store.exists('p/x/1'), false);
      await store.deletePrefix('p/x');
      assert.equal(await store.exists('p/x/2/deep'), false);
      assert.equal(await store.exists('p/xy'), true, 'a sibling sharing the prefix text survives');
      await store.delete('p/never-there');
      await store.deletePrefix('p/never-there');
    });

    it('refuses keys that could escape the store', async () => {
      for (const key of ['../etc/passwd', 'a/../../b', '/abs', 'a//b', '', 'a/./b']) {
        await assert.rejects(store.put(key, new Uint8Array([0])), /invalid blob key/, key);
      }
    });
  });
}
