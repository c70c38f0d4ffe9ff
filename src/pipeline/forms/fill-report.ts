/** What a fill job says it did, field by field (its result, beside the filled PDF). */
import type { BoundingBox } from '../types.ts';

export interface FilledEntry {
  /** The data key. */
  key: string;
  /** The AcroForm field's name, or the printed label the value was placed next to. */
  field: string;
  kind: 'text' | 'checkbox' | 'radio' | 'choice';
  /** What was written or chosen. */
  value: string | boolean;
  page?: number;
  /** Agent fill: where the value was written (PDF points, origin top-left). */
  bbox?: BoundingBox;
}

export interface SkippedEntry {
  key: string;
  /** The field or label it was meant for. */
  field: string;
  reason: string;
}

export interface FillReport {
  filled: FilledEntry[];
  skipped: SkippedEntry[];
  /** Data keys that name no field of the form and no label found on its pages. */
  notFound: string[];
}

export const emptyReport = (): FillReport => ({ filled: [], skipped: [], notFound: [] });
