import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { DefinitionFields } from '../../core/definition.ts';
import { newClassifierId, newExtractorId } from '../../core/ids.ts';
import { decodeCursor } from '../../core/page-request.ts';
import { deleteDefinition } from '../definitions/delete-definition.ts';
import { getDefinition } from '../definitions/get-definition.ts';
import { insertDefinition } from '../definitions/insert-definition.ts';
import { listDefinitions } from '../definitions/list-definitions.ts';
import { listVersions } from '../definitions/list-versions.ts';
import { updateDefinition } from '../definitions/update-definition.ts';
import { type MakeDatabase, newestFirst, newOrg, setCreatedAt, useDatabase } from './fixtures.ts';

const fields = (name: string, extra: Partial<DefinitionFields> = {}): DefinitionFields => ({
  name,
  description: null,
  prompt: null,
  engine: 'builtin',
  options: {},
  // json, not jsonb (migration 0011): the schema's property order is kept as written.
  spec: { type: 'object', properties: { total: { type: 'number' }, date: { type: 'string' } } },
  ...extra,
});

/** Saved extractors and classifiers: versions appended, never rewritten; deletes are soft. */
export function definitionsContract(make: MakeDatabase) {
  describe('definitions', () => {
    const db = useDatabase(make, 'definitions');

    it('inserts version 1 and reads it back, by kind, keeping the spec as written', async () => {
      const org = await newOrg(db());
      const id = newExtractorId();
      const spec = { type: 'object', properties: { zeta: { type: 'string' }, alpha: { type: 'string' } } };
      const made = await insertDefinition(db(), {
        id,
        orgId: org.id,
        kind: 'extractor',
        fields: fields('invoice', {
          description: 'd',
          prompt: 'p',
          engine: 'llm',
          options: { lang: 'de' },
          spec,
        }),
      });
      assert.deepEqual(
        [made.id, made.orgId, made.kind, made.version, made.name, made.description, made.prompt, made.engine],
        [id, org.id, 'extractor', 1, 'invoice', 'd', 'p', 'llm'],
      );
      assert.deepEqual([made.options, made.spec], [{ lang: 'de' }, spec]);
      assert.deepEqual(Object.keys((made.spec as typeof spec).properties), ['zeta', 'alpha']);
      assert.equal(made.createdAt, made.versionCreatedAt);
      assert.deepEqual(await getDefinition(db(), org.id, 'extractor', id), made);
      assert.equal(
        await getDefinition(db(), org.id, 'classifier', id),
        null,
        'an extractor is no classifier',
      );
      assert.equal(await getDefinition(db(), org.id, 'extractor', id, { version: 2 }), null);
      await assert.rejects(
        insertDefinition(db(), { id, orgId: org.id, kind: 'extractor', fields: fields('again') }),
        'an id is taken once',
      );
      assert.equal((await getDefinition(db(), org.id, 'extractor', id))?.name, 'invoice');
    });

    it('appends a version per change, keeps the old ones, and keeps the version when nothing changes', async () => {
      const org = await newOrg(db());
      const id = newExtractorId();
      await insertDefinition(db(), { id, orgId: org.id, kind: 'extractor', fields: fields('v1') });
      const v2 = await updateDefinition(db(), org.id, 'extractor', id, (current) => ({
        ...current,
        name: 'v2',
      }));
      assert.deepEqual([v2?.version, v2?.name], [2, 'v2']);
      const same = await updateDefinition(db(), org.id, 'extractor', id, () => null);
      assert.deepEqual([same?.version, same?.name], [2, 'v2']);
      await assert.rejects(
        updateDefinition(db(), org.id, 'extractor', id, () => {
          throw new Error('refused change');
        }),
        /refused change/,
      );
      await updateDefinition(db(), org.id, 'extractor', id, (current) => ({ ...current, name: 'v3' }));
      assert.equal((await getDefinition(db(), org.id, 'extractor', id))?.version, 3);
      assert.equal((await getDefinition(db(), org.id, 'extractor', id, { version: 1 }))?.name, 'v1');
      assert.equal(
        await updateDefinition(db(), org.id, 'classifier', id, () => fields('x')),
        null,
        'wrong kind',
      );

      const first = await listVersions(db(), org.id, 'extractor', id, { limit: 2, offset: 0 });
      assert.deepEqual(
        [first?.versions.map((v) => v.version), first?.total, first?.hasMore],
        [[3, 2], 3, true],
      );
      const second = await listVersions(db(), org.id, 'extractor', id, { limit: 2, offset: 2 });
      assert.deepEqual([second?.versions.map((v) => v.name), second?.hasMore], [['v1'], false]);
      assert.equal(await listVersions(db(), org.id, 'classifier', id, { limit: 2, offset: 0 }), null);
    });

    it('turns two changes made together into two versions in turn', async () => {
      const org = await newOrg(db());
      const id = newExtractorId();
      await insertDefinition(db(), { id, orgId: org.id, kind: 'extractor', fields: fields('n') });
      const append = (suffix: string) =>
        updateDefinition(db(), org.id, 'extractor', id, (current) => ({
          ...current,
          name: current.name + suffix,
        }));
      const results = await Promise.all([append('a'), append('b'), append('c')]);
      assert.deepEqual(
        results.map((r) => r?.version).sort(),
        [2, 3, 4],
        'each change is a version of its own',
      );
      const current = await getDefinition(db(), org.id, 'extractor', id);
      assert.deepEqual([current?.version, current?.name.length], [4, 4], 'each built on the one before');
    });

    it('deletes softly: gone from lists and lookups, its versions still resolvable for jobs', async () => {
      const org = await newOrg(db());
      const id = newClassifierId();
      await insertDefinition(db(), {
        id,
        orgId: org.id,
        kind: 'classifier',
        fields: fields('c', { spec: [{ label: 'x' }] }),
      });
      assert.equal(await deleteDefinition(db(), org.id, 'extractor', id), false, 'wrong kind');
      assert.equal(await deleteDefinition(db(), org.id, 'classifier', id), true);
      assert.equal(await deleteDefinition(db(), org.id, 'classifier', id), false, 'already deleted');
      assert.equal(await getDefinition(db(), org.id, 'classifier', id), null);
      assert.equal(await listVersions(db(), org.id, 'classifier', id, { limit: 5, offset: 0 }), null);
      assert.equal(await updateDefinition(db(), org.id, 'classifier', id, () => fields('z')), null);
      const kept = await getDefinition(db(), org.id, 'classifier', id, { includeDeleted: true, version: 1 });
      assert.deepEqual([kept?.name, kept?.spec], ['c', [{ label: 'x' }]]);
      assert.equal((await listDefinitions(db(), org.id, 'classifier', { limit: 10 })).total, 0);
    });

    it('lists one kind newest first at current versions, by offset and by cursor through ties', async () => {
      const org = await newOrg(db());
      const at = Date.parse('2024-05-01T00:00:00.000Z');
      const made = [];
      for (const [i, minute] of [0, 1, 1, 1, 2].entries()) {
        const id = newExtractorId();
        await insertDefinition(db(), { id, orgId: org.id, kind: 'extractor', fields: fields(`e${i}`) });
        await setCreatedAt(db(), 'definitions', id, new Date(at + minute * 60_000));
        made.push(
          (await updateDefinition(db(), org.id, 'extractor', id, (c) => ({ ...c, name: `e${i}.2` })))!,
        );
      }
      const gone = newExtractorId();
      await insertDefinition(db(), { id: gone, orgId: org.id, kind: 'extractor', fields: fields('gone') });
      await deleteDefinition(db(), org.id, 'extractor', gone);
      await insertDefinition(db(), {
        id: newClassifierId(),
        orgId: org.id,
        kind: 'classifier',
        fields: fields('c'),
      });
      const expected = newestFirst(made).map((d) => d.id);

      const byOffset = [];
      for (let offset = 0; offset < 6; offset += 2) {
        const page = await listDefinitions(db(), org.id, 'extractor', { limit: 2, offset });
        assert.deepEqual([page.total, page.hasMore], [5, offset + 2 < 5]);
        byOffset.push(...page.items);
      }
      assert.deepEqual(
        byOffset.map((d) => d.id),
        expected,
      );
      assert.ok(
        byOffset.every((d) => d.version === 2 && d.name.endsWith('.2')),
        'at their current versions',
      );

      const byCursor: string[] = [];
      let page = await listDefinitions(db(), org.id, 'extractor', { limit: 2 });
      for (;;) {
        byCursor.push(...page.items.map((d) => d.id));
        if (!page.nextCursor) break;
        page = await listDefinitions(db(), org.id, 'extractor', {
          limit: 2,
          cursor: decodeCursor(page.nextCursor)!,
        });
      }
      assert.deepEqual(byCursor, expected);
    });
  });
}
