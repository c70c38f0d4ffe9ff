/**
 * The last check: the data must validate against the request's schema, with null standing for
 * "not found" in any field (the schema is validated in a form where every type also allows
 * null). A value that still breaks a rule (a pattern, a minimum, maxLength, an enum) becomes
 * null with confidence 0 and no evidence: the engine does not hand back what the schema refuses.
 */
import { validatorFor } from './schema-check.ts';
import type { ExtractionOutput, JsonSchema } from './types.ts';

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** Every type in the schema also allows null (and every enum and const). */
export function nullableSchema(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(nullableSchema);
  if (!isObject(schema)) return schema;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(schema)) {
    if (key === 'properties' || key === '$defs') {
      out[key] = Object.fromEntries(
        Object.entries(isObject(value) ? value : {}).map(([k, v]) => [k, nullableSchema(v)]),
      );
    } else if (key === 'items' || key === 'additionalProperties') {
      out[key] = nullableSchema(value);
    } else {
      out[key] = value;
    }
  }
  if (typeof out.type === 'string' && out.type !== 'null') out.type = [out.type, 'null'];
  else if (Array.isArray(out.type) && !out.type.includes('null')) out.type = [...out.type, 'null'];
  if (Array.isArray(out.enum) && !out.enum.includes(null)) out.enum = [...out.enum, null];
  if ('const' in out) {
    out.enum = [out.const, null];
    delete out.const;
  }
  return out;
}

/** "/lines/0/amount" → "lines[0].amount" */
function pathOf(pointer: string): string {
  return pointer
    .split('/')
    .slice(1)
    .map((s) => s.replaceAll('~1', '/').replaceAll('~0', '~'))
    .reduce((path, s) => (/^\d+$/.test(s) ? `${path}[${s}]` : path ? `${path}.${s}` : s), '');
}

function setNull(data: Record<string, unknown>, pointer: string): boolean {
  const parts = pointer
    .split('/')
    .slice(1)
    .map((s) => s.replaceAll('~1', '/').replaceAll('~0', '~'));
  const key = parts.pop();
  if (key === undefined) return false;
  let parent: unknown = data;
  for (const part of parts) parent = (parent as Record<string, unknown> | unknown[] | null)?.[part as never];
  if (parent === null || typeof parent !== 'object') return false;
  (parent as Record<string, unknown>)[key] = null;
  return true;
}

export function fitToSchema(schema: JsonSchema, output: ExtractionOutput): ExtractionOutput {
  let validate: ReturnType<typeof validatorFor>;
  try {
    validate = validatorFor(nullableSchema(schema) as JsonSchema);
  } catch {
    // Only a schema checkExtractionSchema would refuse gets here (jobs are checked at submit):
    // the values are typed by the engine already; there is nothing more to check them against.
    return output;
  }
  // Each round nulls the values at fault; nulls always validate, so a few rounds suffice.
  for (let round = 0; round < 4; round++) {
    const { valid, errors } = validate(output.data);
    if (valid) break;
    let changed = false;
    for (const error of errors) {
      if (!setNull(output.data, error.pointer)) continue;
      changed = true;
      const path = pathOf(error.pointer);
      const within = (key: string) =>
        key === path || key.startsWith(`${path}.`) || key.startsWith(`${path}[`);
      // The paths under a nulled object or array no longer exist.
      for (const key of Object.keys(output.confidence)) if (within(key)) delete output.confidence[key];
      for (const key of Object.keys(output.evidence)) if (within(key)) delete output.evidence[key];
      output.confidence[path] = 0;
    }
    if (!changed) break;
  }
  return output;
}
