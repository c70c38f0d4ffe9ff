/**
 * Data written into a PDF's AcroForm fields with pdf-lib: text fields, checkboxes, radio groups,
 * dropdowns and lists. A key finds its field by exact name (or the schema's x-field-name), else by
 * the same words as the field's name, its last part or its tooltip ("full_name" → "Full Name"),
 * when only one field has them. A value the field cannot take is skipped with the reason: a choice
 * that is not one of the options, a text longer than the field's maximum, characters the standard
 * font cannot draw, a read-only field.
 */
import {
  PDFCheckBox,
  PDFDropdown,
  type PDFField,
  type PDFFont,
  type PDFForm,
  PDFHexString,
  PDFName,
  PDFOptionList,
  PDFRadioGroup,
  PDFString,
  PDFTextField,
} from 'pdf-lib';
import { checkboxState, type DataEntry, valueText } from './fill-data.ts';
import { emptyReport, type FillReport } from './fill-report.ts';
import { normalisedLabel } from './label-match.ts';
import { unsupportedCharacters } from './standard-font.ts';

export function fillAcroForm(form: PDFForm, font: PDFFont, entries: readonly DataEntry[]): FillReport {
  const report = emptyReport();
  const find = fieldFinder(form);
  for (const entry of entries) {
    const field = find(entry.target) ?? (entry.target !== entry.key ? find(entry.key) : undefined);
    if (!field) {
      report.notFound.push(entry.key);
      continue;
    }
    const name = field.getName();
    const outcome = fillField(field, entry.value, font);
    if ('reason' in outcome) report.skipped.push({ key: entry.key, field: name, reason: outcome.reason });
    else report.filled.push({ key: entry.key, field: name, ...outcome });
  }
  return report;
}

type Outcome =
  | { kind: 'text' | 'checkbox' | 'radio' | 'choice'; value: string | boolean }
  | { reason: string };

function fillField(field: PDFField, value: unknown, font: PDFFont): Outcome {
  if (field.isReadOnly()) return { reason: 'the field is read-only' };
  if (field instanceof PDFTextField) {
    const text = valueText(value);
    if (text === null)
      return { reason: `a text field takes a string, a number or a boolean, not ${describe(value)}` };
    const missing = unsupportedCharacters(font, text);
    if (missing) return { reason: `the standard font cannot draw ${missing}` };
    const max = field.getMaxLength();
    if (max !== undefined && text.length > max)
      return { reason: `${text.length} characters; the field takes at most ${max}` };
    field.setText(text);
    return { kind: 'text', value: text };
  }
  if (field instanceof PDFCheckBox) {
    const onValue = field.acroField.getOnValue()?.decodeText();
    const state = checkboxState(value, onValue);
    if (state === null)
      return { reason: `a checkbox takes true or false ("Yes"/"No", "On"/"Off"), not ${describe(value)}` };
    if (state) field.check();
    else field.uncheck();
    return { kind: 'checkbox', value: state };
  }
  if (field instanceof PDFRadioGroup) {
    const option = pickOption(field.getOptions(), value);
    if (typeof option !== 'string') return option;
    field.select(option);
    return { kind: 'radio', value: option };
  }
  if (field instanceof PDFDropdown || field instanceof PDFOptionList) {
    const wanted = Array.isArray(value) ? value : [value];
    const multiple = field instanceof PDFOptionList || field.isMultiselect();
    if (wanted.length !== 1 && !multiple) return { reason: 'the list takes one choice' };
    const chosen: string[] = [];
    for (const item of wanted) {
      const option = pickOption(field.getOptions(), item);
      if (typeof option !== 'string') return option;
      chosen.push(option);
    }
    field.select(chosen.length === 1 ? chosen[0]! : chosen);
    return { kind: 'choice', value: chosen.join(', ') };
  }
  return { reason: 'signature fields and push buttons take no value' };
}

/** The option a value names: exactly, else the one with the same words ("united kingdom" → "United Kingdom"). */
function pickOption(options: readonly string[], value: unknown): string | { reason: string } {
  const text = typeof value === 'number' ? String(value) : value;
  if (typeof text !== 'string')
    return { reason: `a choice takes one of its options, not ${describe(value)}` };
  const exact = options.find((option) => option === text);
  if (exact !== undefined) return exact;
  const loose = options.filter((option) => normalisedLabel(option) === normalisedLabel(text));
  if (loose.length === 1) return loose[0]!;
  const listed = options.slice(0, 20).map((option) => JSON.stringify(option));
  return {
    reason: `${JSON.stringify(text)} is not one of the options: ${listed.join(', ')}${options.length > 20 ? ', …' : ''}`,
  };
}

const describe = (value: unknown) =>
  value === null
    ? 'null'
    : Array.isArray(value)
      ? 'an array'
      : typeof value === 'object'
        ? 'an object'
        : JSON.stringify(value);

/** Exact names first; then the same words, when they name one field only. */
function fieldFinder(form: PDFForm): (name: string) => PDFField | undefined {
  const fields = form.getFields();
  const exact = new Map(fields.map((field) => [field.getName(), field]));
  const loose = new Map<string, PDFField | null>();
  const add = (text: string, field: PDFField) => {
    const key = normalisedLabel(text);
    if (!key) return;
    const known = loose.get(key);
    loose.set(key, known === undefined || known === field ? field : null);
  };
  for (const field of fields) {
    const name = field.getName();
    add(name, field);
    add(name.split('.').pop() ?? name, field);
    const tooltip = field.acroField.dict.lookup(PDFName.of('TU'));
    if (tooltip instanceof PDFString || tooltip instanceof PDFHexString) add(tooltip.decodeText(), field);
  }
  return (name) => exact.get(name) ?? loose.get(normalisedLabel(name)) ?? undefined;
}
