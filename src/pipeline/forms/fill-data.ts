/**
 * A fill job's `data` as a flat list of entries: nested objects become dotted paths (how AcroForm
 * names a field inside a parent: "applicant.name"), and with the schema a `schema` job generated,
 * each property's `x-field-name` says which form field its value goes to.
 */
import type { JsonSchema } from '../../core/task.ts';

export interface DataEntry {
  /** The key as the data has it, dotted for nested objects: what the report names. */
  key: string;
  /** The form field it names: the schema's x-field-name, else the key itself. */
  target: string;
  value: unknown;
  /** The schema's title and description of the property: more words to match a printed label. */
  hints: string[];
}

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

export function dataEntries(data: Record<string, unknown>, schema: JsonSchema | null): DataEntry[] {
  const entries: DataEntry[] = [];
  const walk = (object: Record<string, unknown>, prefix: string, node: JsonSchema | null) => {
    const properties = isPlainObject(node?.properties) ? node.properties : {};
    for (const [name, value] of Object.entries(object)) {
      const key = prefix ? `${prefix}.${name}` : name;
      const property = isPlainObject(properties[name]) ? (properties[name] as JsonSchema) : null;
      const fieldName = property?.['x-field-name'];
      // An object is a group of fields, unless the schema says the property itself is one field.
      if (isPlainObject(value) && typeof fieldName !== 'string') {
        walk(value, key, property);
        continue;
      }
      const hints = [property?.title, property?.description].filter(
        (hint): hint is string => typeof hint === 'string' && hint.trim() !== '',
      );
      entries.push({ key, target: typeof fieldName === 'string' ? fieldName : key, value, hints });
    }
  };
  walk(data, '', schema);
  return entries;
}

/** A value as the text written on the page; null for what has no text form (objects, arrays of them). */
export function valueText(value: unknown): string | null {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (typeof value === 'boolean') return value ? 'Yes' : 'No';
  if (Array.isArray(value) && value.every((item) => typeof item === 'string' || typeof item === 'number'))
    return value.join(', ');
  return null;
}

const truthy = new Set(['true', 'yes', 'y', 'on', 'x', '1', 'checked']);
const falsy = new Set(['false', 'no', 'n', 'off', '0', '', 'unchecked']);

/** A checkbox's state from a value: true/false, "Yes"/"No", "On"/"Off", 1/0, "X"; null when it says neither. */
export function checkboxState(value: unknown, onValue?: string): boolean | null {
  if (typeof value === 'boolean') return value;
  if (typeof value === 'number') return value === 1 ? true : value === 0 ? false : null;
  if (typeof value !== 'string') return null;
  const text = value.trim().toLowerCase();
  if (onValue && text === onValue.toLowerCase()) return true;
  if (truthy.has(text)) return true;
  if (falsy.has(text)) return false;
  return null;
}
