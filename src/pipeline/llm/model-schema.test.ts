import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { validatorFor } from '../extract/schema-check.ts';
import { answerSchemaOf, fillMissing, modelSchemaOf } from './model-schema.ts';

const schema = {
  type: 'object',
  properties: {
    name: { type: 'string', minLength: 2, description: 'As printed' },
    kind: { enum: ['a', 'b'] },
    homepage: { type: 'string', format: 'uri' },
    address: { $ref: '#/$defs/address', description: 'Where' },
    items: { type: 'array', items: { type: 'object', properties: { sku: { type: 'string' } } } },
  },
  required: ['name'],
  $defs: { address: { type: 'object', properties: { city: { type: 'string' } } } },
};

describe('answerSchemaOf', () => {
  test('lets every property be null, keeping the rest of the schema', () => {
    const answer = answerSchemaOf(schema);
    const validate = validatorFor(answer);
    const empty = { name: null, kind: null, homepage: null, address: null, items: null };
    assert.equal(validate(empty).valid, true);
    assert.equal(validate({ ...empty, items: [null] }).valid, false, 'array items stay non-null');
    assert.equal(validate({ ...empty, name: 'x' }).valid, false, 'minLength still applies');
    assert.equal(validate({ ...empty, address: { city: null } }).valid, true);
  });
});

describe('modelSchemaOf', () => {
  test('is strict-shaped: every property required, no extra properties, no refused keywords', () => {
    const { schema: model, strict } = modelSchemaOf(answerSchemaOf(schema));
    assert.equal(strict, true);
    assert.deepEqual(model.required, ['name', 'kind', 'homepage', 'address', 'items']);
    assert.equal(model.additionalProperties, false);
    const properties = model.properties as Record<string, Record<string, unknown>>;
    assert.deepEqual(properties.name, { type: ['string', 'null'], description: 'As printed' });
    assert.equal(properties.homepage!.format, undefined);
    assert.deepEqual(properties.kind, { enum: ['a', 'b', null], type: ['string', 'null'] });
    assert.deepEqual(properties.address, {
      description: 'Where',
      anyOf: [{ $ref: '#/$defs/address' }, { type: 'null' }],
    });
    const address = (model.$defs as Record<string, Record<string, unknown>>).address!;
    assert.deepEqual(address.required, ['city']);
  });

  test('is not strict when an object is free-form', () => {
    const free = { type: 'object', properties: { extra: { type: 'object' } } };
    assert.equal(modelSchemaOf(answerSchemaOf(free)).strict, false);
  });
});

describe('fillMissing', () => {
  test('sets left-out properties to null through objects, $refs and arrays', () => {
    const answer = answerSchemaOf(schema);
    assert.deepEqual(fillMissing({ name: 'Jo', address: {}, items: [{}] }, answer), {
      name: 'Jo',
      kind: null,
      homepage: null,
      address: { city: null },
      items: [{ sku: null }],
    });
  });
});
