import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { makeTextPdf } from './fixtures.ts';
import { backends, startTestDocjobs, submit, type TestDocjobs, waitTerminal } from './harness.ts';

for (const backend of backends) {
  describe(`organisation isolation on ${backend}`, () => {
    let dj: TestDocjobs;
    before(async () => {
      dj = await startTestDocjobs(backend, 'isolation');
    });
    after(async () => dj?.close());

    it('answers 404 on every job route of /openapi.json for another organisation, and changes nothing', async () => {
      const job = await waitTerminal(dj, (await submit(dj, makeTextPdf(['private']), 'p.pdf')).id);
      const running = await submit(dj, makeTextPdf(['queued one']), 'q.pdf');
      const openapi = (await dj.app.inject({ url: '/openapi.json' })).json() as {
        paths: Record<string, Record<string, unknown>>;
      };
      const routes = Object.entries(openapi.paths).filter(([path]) => path.includes('{id}'));
      assert.ok(routes.length >= 6, `expected the job routes, found ${routes.map(([p]) => p)}`);
      let checked = 0;
      for (const [path, methods] of routes) {
        for (const method of Object.keys(methods)) {
          for (const id of [job.id, running.id]) {
            const url = path.replace('{id}', id).replace('{n}', '1');
            const response = await dj.app.inject({
              method: method.toUpperCase() as 'GET',
              url,
              headers: dj.otherAuth,
            });
            assert.equal(response.statusCode, 404, `${method.toUpperCase()} ${url} → ${response.statusCode}`);
            assert.equal(response.json().error.code, 'NOT_FOUND');
            checked++;
          }
        }
      }
      assert.ok(checked >= 14, `checked ${checked}`);
      // The owner still sees both jobs as they were: the foreign cancel and delete did nothing.
      const mine = await dj.app.inject({ url: `/v1/jobs/${job.id}`, headers: dj.auth });
      assert.equal(mine.json().status, 'completed');
      const other = await waitTerminal(dj, running.id);
      assert.equal(other.status, 'completed');
    });
  });
}
