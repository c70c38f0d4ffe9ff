import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { closePdfPool } from '../pdf/pdf-pool.ts';
import { builtInMapper } from './agent-fill.ts';
import { fillDocument } from './fill-document.ts';
import { readFormFields } from './read-form-fields.ts';
import { acroFormPdf, parsePdf, printedFormPdf, type Question } from './testing/sample-forms.ts';

const parse = parsePdf;

const questions: Question[] = [
  { key: 'fullName', label: 'Full name', kind: 'text', value: 'Ada Lovelace' },
  { key: 'email', label: 'E-mail address', kind: 'text', value: 'ada@example.org' },
  { key: 'city', label: 'City', kind: 'text', value: 'London' },
  { key: 'postalCode', label: 'Postal code', kind: 'text', value: 'N1 9GU' },
  { key: 'employer', label: 'Employer', kind: 'text', value: 'Initech' },
  { key: 'plan', label: 'Plan', kind: 'radio', options: ['Basic', 'Plus'], value: 'Plus' },
  { key: 'country', label: 'Country', kind: 'choice', options: ['France', 'United Kingdom'], value: 'x' },
  { key: 'newsletter', label: 'Send me the newsletter', kind: 'checkbox', value: true },
];

const builtIn = { map: builtInMapper, engine: 'builtin' as const };
const run = (pdf: Uint8Array, data: Record<string, unknown>, extra: Record<string, unknown> = {}) =>
  fillDocument(
    { pdf, parsed: () => parse(pdf), mapper: builtIn },
    { data, schema: null, flatten: false, mode: 'auto', ...extra },
    new AbortController().signal,
  );

after(() => closePdfPool());

describe('fillDocument on an AcroForm', () => {
  it('fills text, checkbox, radio and choice fields and reports what it could not', async () => {
    const pdf = await acroFormPdf(questions);
    const { pdf: filled, report } = await run(pdf, {
      fullName: 'Ada Lovelace',
      email: 'ada@example.org',
      plan: 'plus',
      country: 'Spain',
      newsletter: 'Yes',
      favouriteColour: 'green',
      city: 'Łódź',
    });
    assert.equal(report.mode, 'fields');
    assert.deepEqual(
      report.filled.map((entry) => [entry.key, entry.value]),
      [
        ['fullName', 'Ada Lovelace'],
        ['email', 'ada@example.org'],
        ['plan', 'Plus'],
        ['newsletter', true],
      ],
    );
    assert.deepEqual(report.notFound, ['favouriteColour']);
    assert.deepEqual(
      report.skipped.map((entry) => entry.key),
      ['country', 'city'],
    );
    assert.match(report.skipped[0]!.reason, /not one of the options: "France", "United Kingdom"/);
    assert.match(report.skipped[1]!.reason, /cannot draw "Ł"/);
    const fields = new Map((await readFormFields(filled)).map((field) => [field.name, field.value]));
    assert.equal(fields.get('fullName'), 'Ada Lovelace');
    assert.equal(fields.get('plan'), 'Plus');
    assert.equal(fields.get('newsletter'), true);
    assert.equal(fields.get('country'), undefined);
  });

  it('maps a generated schema’s property names through x-field-name, and flattens', async () => {
    const pdf = await acroFormPdf(questions);
    const schema = {
      type: 'object',
      properties: { applicantName: { type: 'string', 'x-field-name': 'fullName' } },
    };
    const { pdf: filled, report } = await run(
      pdf,
      { applicantName: 'Grace Hopper' },
      { schema, flatten: true },
    );
    assert.deepEqual(
      report.filled.map((entry) => [entry.key, entry.field]),
      [['applicantName', 'fullName']],
    );
    assert.equal(report.flattened, true);
    assert.deepEqual(await readFormFields(filled), []);
    assert.match((await parse(filled)).pages[0]!.text, /Grace Hopper/);
  });

  it('fails on a PDF without fields when only fields are asked for', async () => {
    const pdf = await printedFormPdf(questions, ['rule']);
    await assert.rejects(run(pdf, { city: 'Lyon' }, { mode: 'fields' }), /no form fields/);
  });
});

describe('fillDocument without fields (agent fill)', () => {
  it('writes each value at the blank next to its label, whatever the blank is drawn as', async () => {
    const text = questions.filter((question) => question.kind === 'text');
    const pdf = await printedFormPdf([...text, questions.at(-1)!], ['underscore', 'rule', 'box', 'caption']);
    const data = {
      ...Object.fromEntries(text.map((q) => [q.key, q.value])),
      newsletter: true,
      shoeSize: '42',
    };
    const { pdf: filled, report } = await run(pdf, data);
    assert.equal(report.mode, 'agent');
    assert.equal(report.engine, 'builtin');
    assert.deepEqual(report.notFound, ['shoeSize']);
    assert.deepEqual(
      report.filled.map((entry) => [entry.key, entry.field]),
      [
        ['fullName', 'Full name'],
        ['email', 'E-mail address'],
        ['city', 'City'],
        ['postalCode', 'Postal code'],
        ['employer', 'Employer'],
        ['newsletter', 'Send me the newsletter'],
      ],
    );
    const reread = (await parse(filled)).pages[0]!.text;
    for (const question of text) assert.match(reread, new RegExp(question.value as string), reread);
    // The label rows keep their text, and the value sits on the label's row or in its box.
    const city = report.filled.find((entry) => entry.key === 'city')!;
    assert.ok(city.bbox && city.page === 1);
  });
});
