/** What extraction engines (built-in and LLM) take and give; the job layer stores it as the result. */
import type { BoundingBox } from '../types.ts';

export type { JsonSchema } from '../../core/task.ts';

import type { JsonSchema } from '../../core/task.ts';

/** Where a value was read: the page (1-based), its box in that page's units, the text it came from. */
export interface FieldEvidence {
  page: number;
  bbox: BoundingBox | null;
  text: string;
}

export interface ExtractionRequest {
  schema: JsonSchema;
  /** Extra instructions; the LLM engine passes them on, the built-in engine ignores them. */
  prompt: string | null;
}

export interface ExtractionOutput {
  /** Validates against the request's schema; a field that was not found is null. */
  data: Record<string, unknown>;
  /** 0..1 per field path (`total`, `vendor.name`, `lines[0].amount`); 0 for a field not found. */
  confidence: Record<string, number>;
  /** Per field path that has a value. */
  evidence: Record<string, FieldEvidence>;
}
