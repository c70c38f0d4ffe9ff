/**
 * A PDF's AcroForm fields as plain data (issue 19): what the `schema` job turns into a JSON Schema
 * and what the `fill` job maps its data onto. pdf-lib reads the form; nothing is rendered.
 *
 * A field with several widgets (a radio group's buttons, a text field shown on two pages) reports
 * the page and rectangle of its first widget: one place to point at, which is what a report needs.
 */
import {
  PDFButton,
  PDFCheckBox,
  PDFDocument,
  PDFDropdown,
  type PDFField,
  PDFHexString,
  PDFName,
  PDFOptionList,
  PDFRadioGroup,
  PDFSignature,
  PDFString,
  PDFTextField,
} from 'pdf-lib';
import { permanent } from '../../core/errors.ts';

export type FormFieldKind = 'text' | 'checkbox' | 'radio' | 'choice' | 'signature' | 'button';

export interface FormField {
  /** The fully qualified field name ("address.city"): the key `fill` maps data by. */
  name: string;
  kind: FormFieldKind;
  /** Radio groups' export values and choices' options, in the form's order. */
  options?: string[];
  /** The current value: text, the selected option, or a checkbox's state. Absent when empty. */
  value?: string | boolean;
  /** The field's tooltip (/TU), when the author gave one: the best description a form has. */
  label?: string;
  /** 1-based page of the field's first widget. */
  page?: number;
  /** The first widget's rectangle in PDF points, origin bottom-left: [x0, y0, x1, y1]. */
  rect?: [number, number, number, number];
}

/** The AcroForm fields of a PDF, in the form's order; [] for a PDF without a form. */
export async function readFormFields(pdfBytes: Uint8Array): Promise<FormField[]> {
  const document = await loadForForm(pdfBytes);
  const form = document.getForm();
  const pageOfWidget = widgetPages(document);
  return form.getFields().map((field) => describeField(field, pageOfWidget));
}

async function loadForForm(pdfBytes: Uint8Array): Promise<PDFDocument> {
  try {
    return await PDFDocument.load(pdfBytes, { updateMetadata: false });
  } catch (error) {
    const encrypted = /encrypted/i.test(String(error));
    throw permanent(
      encrypted ? 'DOCUMENT_ENCRYPTED' : 'UNSUPPORTED_FORMAT',
      encrypted
        ? 'the PDF is encrypted: its form cannot be read'
        : 'the document is not a PDF pdf-lib can read, so its form cannot be read',
      error,
    );
  }
}

/**
 * Widget annotation dictionary → 1-based page. A widget's /P entry is optional (and often missing
 * in forms made by other tools), so the pages' /Annots arrays are the reliable way to place it.
 */
function widgetPages(document: PDFDocument): Map<unknown, number> {
  const pages = new Map<unknown, number>();
  for (const [index, page] of document.getPages().entries()) {
    const annotations = page.node.Annots();
    if (!annotations) continue;
    for (let i = 0; i < annotations.size(); i++) {
      const dict = annotations.lookup(i);
      if (dict) pages.set(dict, index + 1);
    }
  }
  return pages;
}

function describeField(field: PDFField, pageOfWidget: Map<unknown, number>): FormField {
  const described: FormField = { name: field.getName(), kind: kindOf(field) };
  const options = optionsOf(field);
  if (options) described.options = options;
  const value = currentValue(field);
  if (value !== undefined) described.value = value;
  const label = field.acroField.dict.lookup(tooltipKey);
  const labelText =
    label instanceof PDFString || label instanceof PDFHexString ? label.decodeText().trim() : '';
  if (labelText) described.label = labelText;
  const widget = field.acroField.getWidgets()[0];
  if (widget) {
    const page = pageOfWidget.get(widget.dict);
    if (page !== undefined) described.page = page;
    const { x, y, width, height } = widget.getRectangle();
    described.rect = [x, y, x + width, y + height].map(round2) as FormField['rect'];
  }
  return described;
}

const tooltipKey = PDFName.of('TU');

function kindOf(field: PDFField): FormFieldKind {
  if (field instanceof PDFTextField) return 'text';
  if (field instanceof PDFCheckBox) return 'checkbox';
  if (field instanceof PDFRadioGroup) return 'radio';
  if (field instanceof PDFDropdown || field instanceof PDFOptionList) return 'choice';
  if (field instanceof PDFSignature) return 'signature';
  if (field instanceof PDFButton) return 'button';
  // pdf-lib maps every AcroForm field type onto one of the classes above; a push button is
  // the least wrong reading of anything else (it holds no value).
  return 'button';
}

function optionsOf(field: PDFField): string[] | undefined {
  if (field instanceof PDFRadioGroup) return field.getOptions();
  if (field instanceof PDFDropdown || field instanceof PDFOptionList) return field.getOptions();
  return undefined;
}

function currentValue(field: PDFField): string | boolean | undefined {
  if (field instanceof PDFTextField) return field.getText() || undefined;
  if (field instanceof PDFCheckBox) return field.isChecked();
  if (field instanceof PDFRadioGroup) return field.getSelected();
  // A multi-select list reports its selections joined: FormField keeps one value per field.
  if (field instanceof PDFDropdown || field instanceof PDFOptionList) {
    const selected = field.getSelected();
    return selected.length > 0 ? selected.join(', ') : undefined;
  }
  return undefined;
}

const round2 = (n: number) => Math.round(n * 100) / 100;
