import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { PDFDocument, PDFName, PDFString } from 'pdf-lib';
import { DocjobsError } from '../../core/errors.ts';
import { readFormFields } from './read-form-fields.ts';

/** A two-page form with one field of each kind, some filled in. */
async function makeForm(): Promise<Uint8Array> {
  const document = await PDFDocument.create();
  const first = document.addPage([595, 842]);
  const second = document.addPage([595, 842]);
  const form = document.getForm();
  const name = form.createTextField('applicant.fullName');
  name.setText('Ada Lovelace');
  name.addToPage(first, { x: 100, y: 700, width: 200, height: 20 });
  name.acroField.dict.set(PDFName.of('TU'), PDFString.of('Full name of the applicant'));
  form.createTextField('email').addToPage(first, { x: 100, y: 660, width: 200, height: 20 });
  const agree = form.createCheckBox('agree');
  agree.addToPage(second, { x: 50, y: 500, width: 12, height: 12 });
  agree.check();
  const size = form.createRadioGroup('size');
  size.addOptionToPage('S', second, { x: 50, y: 400, width: 12, height: 12 });
  size.addOptionToPage('M', second, { x: 80, y: 400, width: 12, height: 12 });
  size.select('M');
  const country = form.createDropdown('country');
  country.addOptions(['France', 'Germany']);
  country.addToPage(second, { x: 50, y: 300, width: 120, height: 20 });
  const tags = form.createOptionList('tags');
  tags.addOptions(['red', 'blue', 'green']);
  tags.addToPage(second, { x: 50, y: 200, width: 120, height: 60 });
  form.createButton('submit').addToPage('Send', second, { x: 50, y: 100, width: 60, height: 20 });
  return document.save();
}

describe('readFormFields', () => {
  it('reads each kind with its options, value, label, page and rectangle', async () => {
    const fields = await readFormFields(await makeForm());
    const byName = new Map(fields.map((field) => [field.name, field]));
    assert.deepEqual(
      fields.map((field) => [field.name, field.kind]),
      [
        ['applicant.fullName', 'text'],
        ['email', 'text'],
        ['agree', 'checkbox'],
        ['size', 'radio'],
        ['country', 'choice'],
        ['tags', 'choice'],
        ['submit', 'button'],
      ],
    );
    assert.deepEqual(byName.get('applicant.fullName'), {
      name: 'applicant.fullName',
      kind: 'text',
      value: 'Ada Lovelace',
      label: 'Full name of the applicant',
      page: 1,
      // pdf-lib widens a widget by half its 1 pt border: the /Rect as stored.
      rect: [99.5, 699.5, 300.5, 720.5],
    });
    assert.equal(byName.get('email')?.value, undefined);
    assert.equal(byName.get('agree')?.value, true);
    assert.equal(byName.get('agree')?.page, 2);
    assert.deepEqual(byName.get('size')?.options, ['S', 'M']);
    assert.equal(byName.get('size')?.value, 'M');
    assert.deepEqual(byName.get('country')?.options, ['France', 'Germany']);
    assert.deepEqual(byName.get('tags')?.options, ['red', 'blue', 'green']);
  });

  it('gives [] for a PDF without a form', async () => {
    const document = await PDFDocument.create();
    document.addPage();
    assert.deepEqual(await readFormFields(await document.save()), []);
  });

  it('fails with UNSUPPORTED_FORMAT on bytes that are not a PDF', async () => {
    await assert.rejects(readFormFields(new TextEncoder().encode('not a pdf')), (error) => {
      assert.ok(error instanceof DocjobsError);
      assert.equal(error.code, 'UNSUPPORTED_FORMAT');
      return true;
    });
  });
});
