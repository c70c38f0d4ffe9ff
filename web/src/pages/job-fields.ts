/**
 * The extracted fields of a result, flat: one per field path of its `confidence` map (every field
 * of the schema, found or not), with its value and its evidence (page + box in the page's units).
 * An extract job has one extraction; a workflow one per part its extract step ran on.
 */
export interface Evidence {
  page: number;
  bbox: number[] | null;
  text: string;
}

export interface ExtractedField {
  key: string;
  path: string;
  /** The part of a workflow ("pages 1-2, invoice"), else null. */
  part: string | null;
  value: unknown;
  confidence: number;
  evidence: Evidence | null;
}

interface Extraction {
  data?: Record<string, unknown>;
  confidence?: number | Record<string, number | undefined>;
  evidence?: Record<string, Evidence | undefined>;
}

/** `lines[0].amount` in `data`. */
function valueAt(data: unknown, path: string): unknown {
  let value = data;
  for (const step of path.match(/[^.[\]]+/g) ?? []) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<string, unknown>)[step];
  }
  return value;
}

function fieldsOf(extraction: Extraction, part: string | null, prefix: string): ExtractedField[] {
  if (typeof extraction.confidence !== 'object' || extraction.confidence === null) return [];
  return Object.entries(extraction.confidence).map(([path, confidence]) => ({
    key: `${prefix}${path}`,
    path,
    part,
    value: valueAt(extraction.data, path),
    confidence: confidence ?? 0,
    evidence: extraction.evidence?.[path] ?? null,
  }));
}

interface WorkflowLike {
  steps?: { type: string; outputs?: (Extraction & { from: number; to: number; label?: string | null })[] }[];
}

export function extractedFields(result: unknown): ExtractedField[] {
  if (!result || typeof result !== 'object') return [];
  const typed = result as { type?: string } & Extraction & WorkflowLike;
  if (typed.type === 'extract') return fieldsOf(typed, null, '');
  if (typed.type !== 'workflow') return [];
  const fields: ExtractedField[] = [];
  for (const [s, step] of (typed.steps ?? []).entries()) {
    if (step.type !== 'extract') continue;
    for (const output of step.outputs ?? []) {
      const part = `pages ${output.from}-${output.to}${output.label ? `, ${output.label}` : ''}`;
      fields.push(...fieldsOf(output, part, `${s}:${output.from}:`));
    }
  }
  return fields;
}

/** A value as one line of text: objects and arrays (line items) as compact JSON. */
export function showValue(value: unknown): string {
  if (value === null || value === undefined) return '—';
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}
