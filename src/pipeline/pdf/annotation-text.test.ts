import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { closeThreadPools, parseDocument } from '../parse-document.ts';
import type { DetectedType } from '../types.ts';

const pdfType: DetectedType = { kind: 'pdf', mimeType: 'application/pdf' };

after(() => closeThreadPools());

/** A one-page form with a label and a text field, filled and saved with its field kept. */
async function filledForm(value: string): Promise<Uint8Array> {
  const pdf = await PDFDocument.create();
  const page = pdf.addPage([612, 792]);
  const font = await pdf.embedFont(StandardFonts.Helvetica);
  page.drawText('Applicant name:', { x: 72, y: 700, size: 12, font });
  const field = pdf.getForm().createTextField('applicant.name');
  field.addToPage(page, { x: 180, y: 694, width: 240, height: 20 });
  field.setText(value);
  return pdf.save();
}

describe('text in annotation appearances', () => {
  it('reads a filled form field where the field sits, beside its label', async () => {
    const doc = await parseDocument(await filledForm('Ada Lovelace'), pdfType, {
      signal: new AbortController().signal,
    });
    const text = doc.pages.map((page) => page.text).join('\n');
    assert.match(text, /Applicant name:\s+Ada Lovelace/);
  });
});
