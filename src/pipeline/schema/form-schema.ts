/**
 * The schema of a PDF's AcroForm: one property per fillable field, named in camelCase from the
 * field's tooltip or name, with the form's own field name kept in `x-field-name` so the `fill`
 * job maps data back to the field. Text fields are strings (a date or email when the name says
 * so), checkboxes booleans, radio groups and choices enums of their options. Signatures and push
 * buttons hold no data to extract or fill: left out.
 */
import type { FormField } from '../forms/read-form-fields.ts';
import { camelName, uniqueName } from './names.ts';
import type { ProposedField } from './types.ts';

/** The annotation keyword that carries the AcroForm field name (accepted by checkExtractionSchema). */
export const fieldNameKeyword = 'x-field-name';

const dateName = /(^|[^a-z])(date|datum|fecha|dob|birth)/i;
const emailName = /e-?mail|courriel|correo/i;

export function formFields(fields: readonly FormField[]): ProposedField[] {
  const taken = new Set<string>();
  const out: ProposedField[] = [];
  for (const field of fields) {
    const schema = fieldSchema(field);
    if (!schema) continue;
    // "applicant.fullName" → applicantFullName; "Text Field 12" keeps its words.
    const name = uniqueName(camelName(field.name, 8) ?? 'field', taken);
    taken.add(name);
    const description = field.label ?? field.name;
    out.push({
      name,
      schema: { ...schema, description, [fieldNameKeyword]: field.name },
      evidence: {
        field: name,
        source: 'form',
        label: field.label ?? field.name,
        page: field.page ?? null,
        text: null,
      },
    });
  }
  return out;
}

function fieldSchema(field: FormField): Record<string, unknown> | null {
  switch (field.kind) {
    case 'text': {
      const words = `${field.name} ${field.label ?? ''}`;
      if (emailName.test(words)) return { type: 'string', format: 'email' };
      if (dateName.test(words)) return { type: 'string', format: 'date' };
      return { type: 'string' };
    }
    case 'checkbox':
      return { type: 'boolean' };
    case 'radio':
    case 'choice': {
      const options = [...new Set(field.options ?? [])];
      return options.length > 0 ? { type: 'string', enum: options } : { type: 'string' };
    }
    case 'signature':
    case 'button':
      return null;
  }
}
