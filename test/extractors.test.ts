import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { resolveClassifier, resolveExtractor } from '../src/services/resolve-definition.ts';
import { findOrganisationByKey } from '../src/store/orgs.ts';
import { backends, startTestDocjobs, type TestDocjobs } from './harness.ts';

interface DefinitionView {
  id: string;
  version: number;
  name: string;
  description: string | null;
  schema?: Record<string, unknown>;
  categories?: { name: string; description?: string; keywords?: string[]; examples?: string[] }[];
  prompt: string | null;
  engine: string;
  options: Record<string, unknown>;
  createdAt: string;
  updatedAt?: string;
}

// Property order on purpose not alphabetical: it must come back as written (it orders CSV columns).
const invoiceSchema = {
  type: 'object',
  properties: {
    total: { type: ['number', 'null'] },
    invoiceNumber: { type: ['string', 'null'] },
    lines: {
      type: 'array',
      items: { type: 'object', properties: { description: { type: 'string' }, amount: { type: 'number' } } },
    },
  },
};

const categories = [
  { name: 'invoice', description: 'A bill for goods or services', keywords: ['invoice', 'amount due'] },
  { name: 'receipt', keywords: ['receipt', 'thank you'], examples: ['CASH  12.00  CHANGE 0.50'] },
];

for (const backend of backends) {
  describe(`saved extractors and classifiers on ${backend}`, () => {
    let dj: TestDocjobs;
    before(async () => {
      dj = await startTestDocjobs(backend, 'extractors', {}, { worker: false });
    });
    after(async () => dj?.close());

    const call = (
      method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE',
      url: string,
      payload?: object,
      auth = dj.auth,
    ) => dj.app.inject({ method, url, headers: auth, ...(payload ? { payload } : {}) });
    const create = async (kind: 'extractors' | 'classifiers', payload: object, auth = dj.auth) => {
      const response = await call('POST', `/v1/${kind}`, payload, auth);
      assert.equal(response.statusCode, 201, response.body);
      assert.equal(response.headers.location, `/v1/${kind}/${response.json().id}`);
      return response.json() as DefinitionView;
    };
    const orgOf = async (key: string) => (await findOrganisationByKey(dj.ctx.db, key))!.id;

    it('creates an extractor at version 1 and gives it back as written', async () => {
      const created = await create('extractors', {
        name: ' Invoices ',
        schema: invoiceSchema,
        prompt: 'Amounts in EUR',
      });
      assert.match(created.id, /^ext_[0-9a-z]{26}$/);
      assert.deepEqual(
        { ...created, id: undefined, createdAt: undefined, updatedAt: undefined },
        {
          id: undefined,
          version: 1,
          name: 'Invoices',
          description: null,
          schema: invoiceSchema,
          prompt: 'Amounts in EUR',
          engine: 'auto',
          options: {},
          createdAt: undefined,
          updatedAt: undefined,
        },
      );
      const got = await call('GET', `/v1/extractors/${created.id}`);
      assert.equal(got.statusCode, 200);
      assert.deepEqual(got.json(), created);
      assert.deepEqual(Object.keys(got.json().schema.properties), ['total', 'invoiceNumber', 'lines']);
    });

    it('makes a new version on a change, keeps it on a no-op, and keeps every version', async () => {
      const created = await create('extractors', {
        name: 'Receipts',
        schema: invoiceSchema,
        options: { a: 1, b: 2 },
      });
      const url = `/v1/extractors/${created.id}`;

      const renamed = (await call('PATCH', url, { name: 'Till receipts' })).json() as DefinitionView;
      assert.equal(renamed.version, 2);
      assert.equal(renamed.name, 'Till receipts');
      assert.deepEqual(renamed.schema, invoiceSchema);
      assert.deepEqual(renamed.options, { a: 1, b: 2 });

      // The same values again (options in another key order): nothing changed, no version.
      const same = await call('PATCH', url, { name: 'Till receipts', options: { b: 2, a: 1 } });
      assert.equal(same.statusCode, 200);
      assert.equal(same.json().version, 2);
      const samePut = await call('PUT', url, {
        name: 'Till receipts',
        schema: invoiceSchema,
        options: { a: 1, b: 2 },
      });
      assert.equal(samePut.json().version, 2);

      // PUT is the whole definition: what it leaves out goes back to its default.
      const smaller = {
        type: 'object',
        properties: { total: { type: 'number' }, count: { type: 'integer' } },
      };
      const replaced = (
        await call('PUT', url, { name: 'Totals', schema: smaller, engine: 'builtin' })
      ).json();
      assert.equal(replaced.version, 3);
      assert.deepEqual(
        { options: replaced.options, engine: replaced.engine, schema: replaced.schema },
        { options: {}, engine: 'builtin', schema: smaller },
      );
      // The same properties in another order: the CSV columns change, so it is a change.
      const reordered = {
        type: 'object',
        properties: { count: smaller.properties.count, total: smaller.properties.total },
      };
      const moved = (await call('PATCH', url, { schema: reordered, prompt: null })).json();
      assert.equal(moved.version, 4);
      assert.deepEqual(Object.keys(moved.schema.properties), ['count', 'total']);

      const versions = (await call('GET', `${url}/versions`)).json();
      assert.equal(versions.total, 4);
      assert.equal(versions.hasMore, false);
      assert.deepEqual(
        versions.versions.map((v: DefinitionView) => [v.version, v.name]),
        [
          [4, 'Totals'],
          [3, 'Totals'],
          [2, 'Till receipts'],
          [1, 'Receipts'],
        ],
      );
      const paged = (await call('GET', `${url}/versions?limit=2&offset=2`)).json();
      assert.deepEqual(
        paged.versions.map((v: DefinitionView) => v.version),
        [2, 1],
      );
      const first = (await call('GET', `${url}/versions/1`)).json();
      assert.deepEqual(
        { version: first.version, name: first.name, schema: first.schema, options: first.options },
        { version: 1, name: 'Receipts', schema: invoiceSchema, options: { a: 1, b: 2 } },
      );
      assert.equal((await call('GET', `${url}/versions/5`)).statusCode, 404);
      assert.equal((await call('GET', url)).json().version, 4);

      const org = await orgOf(dj.key);
      const resolved = await resolveExtractor(dj.ctx, org, created.id, 2);
      assert.deepEqual(
        { ...resolved },
        {
          id: created.id,
          version: 2,
          name: 'Till receipts',
          schema: invoiceSchema,
          prompt: null,
          engine: 'auto',
          options: { a: 1, b: 2 },
        },
      );
      assert.equal((await resolveExtractor(dj.ctx, org, created.id)).version, 4);
    });

    it('refuses an invalid schema with a pointer into it, and changes nothing', async () => {
      const bad = { type: 'object', properties: { total: { type: 'money' } } };
      const response = await call('POST', '/v1/extractors', { name: 'Bad', schema: bad });
      assert.equal(response.statusCode, 400);
      const { error } = response.json();
      assert.equal(error.code, 'VALIDATION_ERROR');
      assert.equal(error.field, 'schema');
      assert.equal(error.pointer, '/properties/total/type');
      assert.match(error.message, /\/properties\/total\/type/);

      const created = await create('extractors', { name: 'Good', schema: invoiceSchema });
      const patched = await call('PATCH', `/v1/extractors/${created.id}`, { schema: bad, name: 'Renamed' });
      assert.equal(patched.statusCode, 400);
      assert.equal(patched.json().error.pointer, '/properties/total/type');
      const after = (await call('GET', `/v1/extractors/${created.id}`)).json();
      assert.deepEqual([after.version, after.name], [1, 'Good']);

      for (const payload of [
        { schema: invoiceSchema },
        { name: 'x' },
        { name: '   ', schema: invoiceSchema },
        { name: 'x', schema: invoiceSchema, engine: 'gpt' },
        { name: 'x', schema: invoiceSchema, unknown: 1 },
        { name: 'x', schema: invoiceSchema, categories },
      ]) {
        const refused = await call('POST', '/v1/extractors', payload);
        assert.equal(refused.statusCode, 400, JSON.stringify(payload));
        assert.equal(refused.json().error.code, 'VALIDATION_ERROR');
      }
      assert.equal((await call('PATCH', `/v1/extractors/${created.id}`, {})).statusCode, 400);
    });

    it('validates classifiers: categories needed, names distinct ignoring case', async () => {
      const created = await create('classifiers', { name: 'Mailroom', categories, engine: 'builtin' });
      assert.match(created.id, /^cls_[0-9a-z]{26}$/);
      assert.deepEqual(created.categories, categories);
      assert.equal(created.schema, undefined);

      const duplicate = await call('POST', '/v1/classifiers', {
        name: 'Twice',
        categories: [{ name: 'Invoice' }, { name: 'receipt' }, { name: 'invoice ' }],
      });
      assert.equal(duplicate.statusCode, 400);
      assert.deepEqual(
        { field: duplicate.json().error.field, pointer: duplicate.json().error.pointer },
        { field: 'categories', pointer: '/2/name' },
      );
      for (const payload of [
        { name: 'None', categories: [] },
        { name: 'Blank', categories: [{ name: '  ' }] },
        { name: 'No list' },
        { name: 'Schema', categories, schema: invoiceSchema },
        { name: 'Too many', categories: Array.from({ length: 101 }, (_, i) => ({ name: `c${i}` })) },
      ]) {
        const refused = await call('POST', '/v1/classifiers', payload);
        assert.equal(refused.statusCode, 400, JSON.stringify(payload));
      }

      const changed = await call('PATCH', `/v1/classifiers/${created.id}`, {
        categories: [...categories, { name: 'contract', keywords: ['agreement'] }],
      });
      assert.equal(changed.json().version, 2);
      const org = await orgOf(dj.key);
      const v1 = await resolveClassifier(dj.ctx, org, created.id, 1);
      assert.deepEqual([v1.version, v1.categories, v1.engine], [1, categories, 'builtin']);
      assert.equal((await resolveClassifier(dj.ctx, org, created.id)).categories.length, 3);
      // An extractor's routes do not see a classifier, nor the other way round.
      assert.equal((await call('GET', `/v1/extractors/${created.id}`)).statusCode, 404);
      await assert.rejects(resolveExtractor(dj.ctx, org, created.id), { code: 'NOT_FOUND' });
    });

    it("answers 404 to another organisation's ids, on every route, and changes nothing", async () => {
      const mine = await create('extractors', { name: 'Private', schema: invoiceSchema });
      const url = `/v1/extractors/${mine.id}`;
      for (const [method, path, payload] of [
        ['GET', url],
        ['PUT', url, { name: 'Stolen', schema: invoiceSchema }],
        ['PATCH', url, { name: 'Stolen' }],
        ['PATCH', url],
        ['DELETE', url],
        ['GET', `${url}/versions`],
        ['GET', `${url}/versions/1`],
      ] as const) {
        const response = await call(method, path, payload, dj.otherAuth);
        assert.equal(response.statusCode, 404, `${method} ${path}`);
        assert.equal(response.json().error.code, 'NOT_FOUND');
      }
      const list = (await call('GET', '/v1/extractors', undefined, dj.otherAuth)).json();
      assert.ok(!list.extractors.some((e: DefinitionView) => e.id === mine.id));
      await assert.rejects(resolveExtractor(dj.ctx, await orgOf(dj.otherKey), mine.id), {
        code: 'NOT_FOUND',
      });
      const kept = (await call('GET', url)).json();
      assert.deepEqual([kept.name, kept.version], ['Private', 1]);
    });

    it('lists newest first in pages, and deletes: then 404, out of the list, versions still resolvable', async () => {
      const fresh = await startTestDocjobs(backend, 'extractors-list', {}, { worker: false });
      try {
        const post = async (name: string) => {
          const response = await fresh.app.inject({
            method: 'POST',
            url: '/v1/extractors',
            headers: fresh.auth,
            payload: { name, schema: invoiceSchema },
          });
          return response.json() as DefinitionView;
        };
        const a = await post('a');
        const b = await post('b');
        const c = await post('c');
        const get = (url: string) => fresh.app.inject({ url, headers: fresh.auth });
        const page1 = (await get('/v1/extractors?limit=2')).json();
        assert.deepEqual(
          page1.extractors.map((e: DefinitionView) => e.id),
          [c.id, b.id],
        );
        assert.deepEqual([page1.total, page1.hasMore], [3, true]);
        const page2 = (await get(`/v1/extractors?limit=2&cursor=${page1.nextCursor}`)).json();
        assert.deepEqual(
          page2.extractors.map((e: DefinitionView) => e.id),
          [a.id],
        );
        assert.equal(page2.hasMore, false);
        assert.equal((await get('/v1/extractors?limit=1&offset=1')).json().extractors[0].id, b.id);
        assert.equal((await get('/v1/classifiers')).json().total, 0);

        const deleted = await fresh.app.inject({
          method: 'DELETE',
          url: `/v1/extractors/${b.id}`,
          headers: fresh.auth,
        });
        assert.deepEqual(deleted.json(), { extractorsDeleted: 1 });
        assert.equal((await get(`/v1/extractors/${b.id}`)).statusCode, 404);
        assert.equal((await get(`/v1/extractors/${b.id}/versions/1`)).statusCode, 404);
        const again = await fresh.app.inject({
          method: 'DELETE',
          url: `/v1/extractors/${b.id}`,
          headers: fresh.auth,
        });
        assert.equal(again.statusCode, 404);
        const listed = (await get('/v1/extractors')).json();
        assert.deepEqual(
          listed.extractors.map((e: DefinitionView) => e.id),
          [c.id, a.id],
        );
        assert.equal(listed.total, 2);

        const org = (await findOrganisationByKey(fresh.ctx.db, fresh.key))!.id;
        await assert.rejects(resolveExtractor(fresh.ctx, org, b.id, 1), { code: 'NOT_FOUND' });
        const kept = await resolveExtractor(fresh.ctx, org, b.id, 1, { includeDeleted: true });
        assert.deepEqual([kept.name, kept.schema], ['b', invoiceSchema]);
      } finally {
        await fresh.close();
      }
    });
  });
}
