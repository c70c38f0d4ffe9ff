import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkExtractionSchema } from '../extract/schema-check.ts';
import type { FormField } from '../forms/read-form-fields.ts';
import { answerSchemaOf, modelSchemaOf } from '../llm/model-schema.ts';
import type { ParsedDocument } from '../types.ts';
import { labelPairs } from './label-pairs.ts';
import { camelName } from './names.ts';
import { proposeSchema } from './propose-schema.ts';
import { valueShape } from './value-shape.ts';

const documentOf = (...pages: string[]): ParsedDocument => {
  const parsed = pages.map((text, i) => ({
    page: i + 1,
    width: 595,
    height: 842,
    text,
    markdown: text,
    textLayer: true,
    source: 'textLayer' as const,
    blocks: text.split('\n').map((line) => ({ type: 'paragraph' as const, text: line, bbox: null })),
  }));
  return {
    pages: parsed,
    text: pages.join('\n\n'),
    markdown: pages.join('\n\n'),
  } as unknown as ParsedDocument;
};

describe('names and value shapes', () => {
  it('camelCases printed labels, ASCII only, starting with a letter', () => {
    assert.equal(camelName('N° de facture'), 'nDeFacture');
    assert.equal(camelName('Unit price (EUR)'), 'unitPriceEur');
    assert.equal(camelName('Numéro de dossier'), 'numeroDeDossier');
    assert.equal(camelName('applicant.fullName'), 'applicantFullName');
    assert.equal(camelName('BiC', 5, false), 'bic');
    assert.equal(camelName('2nd address'), 'field2ndAddress');
    assert.equal(camelName('—'), null);
  });

  it('types values: date, email, uri, boolean, integer, number, identifiers as strings', () => {
    assert.deepEqual(valueShape(['12.03.2024', '2024-01-05']), { type: 'string', format: 'date' });
    assert.deepEqual(valueShape(['anna@example.org']), { type: 'string', format: 'email' });
    assert.deepEqual(valueShape(['https://example.org/a']), { type: 'string', format: 'uri' });
    assert.deepEqual(valueShape(['Yes', 'no']), { type: 'boolean' });
    assert.deepEqual(valueShape(['2', '3']), { type: 'integer' });
    assert.deepEqual(valueShape(['2', '1.5']), { type: 'number' });
    assert.deepEqual(valueShape(['€ 1.234,50']), { type: 'number' });
    assert.deepEqual(valueShape(['00123', '4567890']), { type: 'string' });
    assert.deepEqual(valueShape(['2', 'two']), { type: 'string' });
  });
});

describe('label pairs', () => {
  it('reads several pairs in a segment, a label over its value, and labels over values', () => {
    const pairs = labelPairs(
      documentOf(
        'IBAN:NL58RABO0198723202 BIC: RABONL2U',
        'Opening hours 10:30',
        'Issue Date: Due Date:\n03/20/2023 04/04/2023',
        'GSTIN\tCIN\n06AABCO6063D1ZQ\tU63090DL2012PTC231770',
      ),
    ).map((pair) => [pair.label, pair.value]);
    assert.deepEqual(pairs, [
      ['IBAN', 'NL58RABO0198723202'],
      ['BIC', 'RABONL2U'],
      ['Issue Date', '03/20/2023'],
      ['Due Date', '04/04/2023'],
      ['GSTIN', '06AABCO6063D1ZQ'],
      ['CIN', 'U63090DL2012PTC231770'],
    ]);
  });
});

describe('proposeSchema', () => {
  it('proposes named, typed, described fields that the extract check accepts', () => {
    const proposal = proposeSchema(
      documentOf(
        [
          'Northwind Traders Ltd',
          'INVOICE',
          'Invoice number: INV-2024-077',
          'Invoice date: 12.03.2024',
          'Project code: Harbour',
          'Rooms: 3',
          'Total due: 880.00 EUR',
        ].join('\n'),
      ),
      null,
    );
    assert.equal(proposal.source, 'document');
    assert.deepEqual(checkExtractionSchema(proposal.schema), { ok: true });
    const properties = proposal.schema.properties as Record<string, Record<string, unknown>>;
    assert.deepEqual(properties.invoiceNumber, { type: 'string', description: 'Invoice number' });
    assert.deepEqual(properties.date, { type: 'string', format: 'date', description: 'Invoice date' });
    assert.equal(properties.total?.type, 'number');
    assert.deepEqual(properties.projectCode, { type: 'string', description: 'Project code' });
    assert.deepEqual(properties.rooms, { type: 'integer', description: 'Rooms' });
    const evidence = new Map(proposal.fields.map((field) => [field.field, field]));
    assert.deepEqual(evidence.get('invoiceNumber'), {
      field: 'invoiceNumber',
      source: 'label',
      label: 'Invoice number',
      page: 1,
      text: 'Invoice number: INV-2024-077',
    });
    // An invoice has an issuer even where no label names it.
    assert.ok(properties.vendorName);
  });

  it('proposes nothing implied for a document that is no invoice', () => {
    const proposal = proposeSchema(documentOf('Meeting notes\nVenue: Town hall\nAttendees: 12'), null);
    const properties = proposal.schema.properties as Record<string, Record<string, unknown>>;
    assert.deepEqual(properties.attendees, { type: 'integer', description: 'Attendees' });
    assert.deepEqual(
      proposal.fields.filter((field) => field.source === 'implied'),
      [],
    );
  });

  it("takes an AcroForm's fields over the page, with options and the field names kept", () => {
    const form: FormField[] = [
      { name: 'applicant.name', kind: 'text', label: 'Full name' },
      { name: 'email', kind: 'text' },
      { name: 'agree', kind: 'checkbox', value: false },
      { name: 'size', kind: 'radio', options: ['S', 'M', 'S'] },
      { name: 'country', kind: 'choice', options: [] },
      { name: 'sign', kind: 'signature' },
      { name: 'send', kind: 'button' },
    ];
    const proposal = proposeSchema(documentOf('Invoice number: 7'), form);
    assert.equal(proposal.source, 'form');
    assert.deepEqual(checkExtractionSchema(proposal.schema), { ok: true });
    assert.deepEqual(proposal.schema.properties, {
      applicantName: { type: 'string', description: 'Full name', 'x-field-name': 'applicant.name' },
      email: { type: 'string', format: 'email', description: 'email', 'x-field-name': 'email' },
      agree: { type: 'boolean', description: 'agree', 'x-field-name': 'agree' },
      size: { type: 'string', enum: ['S', 'M'], description: 'size', 'x-field-name': 'size' },
      country: { type: 'string', description: 'country', 'x-field-name': 'country' },
    });
    // The annotation is for fill, not for a model's structured output.
    assert.doesNotMatch(
      JSON.stringify(modelSchemaOf(answerSchemaOf(proposal.schema)).schema),
      /x-field-name/,
    );
  });

  it('falls back to the page when the form has nothing to fill', () => {
    const proposal = proposeSchema(documentOf('Venue: Town hall'), [{ name: 'sign', kind: 'signature' }]);
    assert.equal(proposal.source, 'document');
  });
});
