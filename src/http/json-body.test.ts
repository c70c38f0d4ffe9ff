import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import Fastify from 'fastify';
import { installErrorEnvelope } from './error-envelope.ts';
import { installJsonBody, nestedDeeperThan } from './json-body.ts';

describe('nestedDeeperThan', () => {
  it('counts brackets outside strings only, escaped quotes included', () => {
    assert.equal(nestedDeeperThan('[[1]]', 2), false);
    assert.equal(nestedDeeperThan('[[[1]]]', 2), true);
    assert.equal(nestedDeeperThan('{"a":"[[[[\\"[[[{{{"}', 1), false);
    assert.equal(nestedDeeperThan('[{"a":[]},{"b":[]}]', 3), false);
  });
});

describe('the JSON body parser', async () => {
  const app = Fastify();
  after(() => app.close());
  installErrorEnvelope(app);
  installJsonBody(app);
  app.post('/echo', async (request) => request.body);
  const post = (payload: string | Buffer) =>
    app.inject({ method: 'POST', url: '/echo', headers: { 'content-type': 'application/json' }, payload });

  it('passes UTF-8 JSON through, pairs of surrogates included', async () => {
    const answer = await post(Buffer.from('{"name":"café 😀","escaped":"\\ud83d\\ude00"}'));
    assert.equal(answer.statusCode, 200);
    assert.deepEqual(answer.json(), { name: 'café 😀', escaped: '😀' });
  });

  it('refuses bytes that are not UTF-8, NUL, lone surrogates and deep nesting with 400s', async () => {
    const refusals: [string | Buffer, RegExp, string?][] = [
      [Buffer.concat([Buffer.from('{"a":"x'), Buffer.from([0xff]), Buffer.from('"}')]), /not valid UTF-8/],
      ['{"meta":{"k":"a\\u0000b"}}', /meta\.k contains U\+0000/, 'meta.k'],
      ['{"list":["\\udc00"]}', /list\[0\] contains an unpaired surrogate/, 'list[0]'],
      [`${'['.repeat(100)}${']'.repeat(100)}`, /nested deeper than 64 levels/],
    ];
    for (const [payload, message, field] of refusals) {
      const answer = await post(payload);
      assert.equal(answer.statusCode, 400, answer.body);
      assert.equal(answer.json().error.code, 'VALIDATION_ERROR');
      assert.match(answer.json().error.message, message);
      if (field) assert.equal(answer.json().error.field, field);
    }
  });

  it('keeps Fastify answers for empty and prototype-poisoning bodies', async () => {
    for (const payload of ['', '{"__proto__":{"x":1}}']) {
      const answer = await post(payload);
      assert.equal(answer.statusCode, 400, `${payload}: ${answer.body}`);
    }
  });

  it('says where malformed JSON goes wrong', async () => {
    const answer = await post('{\n  "fileName": "a.pdf"\n  "type": "parse"\n}');
    assert.equal(answer.statusCode, 400);
    assert.equal(answer.json().error.code, 'VALIDATION_ERROR');
    assert.match(answer.json().error.message, /^the body is not valid JSON: .*\(line 3 column 3\)$/);
    const cut = await post('{"a":');
    assert.match(cut.json().error.message, /^the body is not valid JSON: Unexpected end of JSON input/);
  });
});
