/**
 * One answer from the answers to a long document's chunks, each of which saw only its pages:
 * - arrays are concatenated in chunk order (line items run over pages), less items an earlier chunk gave;
 * - objects are merged field by field;
 * - for a single value, the first chunk whose text shows it as written wins, else the first
 *   chunk that gave one (a model asked about pages 5-8 sometimes "remembers" a total it did not see).
 */
import type { DocumentChunk } from './document-chunks.ts';
import { shows, TextReadings } from './value-evidence.ts';

export interface ChunkAnswer {
  chunk: DocumentChunk;
  data: Record<string, unknown>;
}

export function mergeAnswers(answers: ChunkAnswer[]): Record<string, unknown> {
  const candidates = answers.map((answer) => ({ value: answer.data as unknown, text: answer.chunk.text }));
  return merge(candidates, new TextReadings()) as Record<string, unknown>;
}

interface Candidate {
  value: unknown;
  /** The text of the chunk that gave it. */
  text: string;
}

function merge(candidates: Candidate[], readings: TextReadings): unknown {
  const present = candidates.filter((candidate) => candidate.value !== null && candidate.value !== undefined);
  if (present.length === 0) return candidates[0]?.value ?? null;
  if (present.every((candidate) => Array.isArray(candidate.value))) {
    const merged: unknown[] = [];
    const earlier = new Set<string>();
    for (const candidate of present) {
      const items = candidate.value as unknown[];
      const keys = items.map((item) => JSON.stringify(item));
      // A chunk may list the same item twice (bought twice); a later chunk repeating it is an echo.
      merged.push(...items.filter((_, index) => !earlier.has(keys[index]!)));
      for (const key of keys) earlier.add(key);
    }
    return merged;
  }
  if (present.every((candidate) => isRecord(candidate.value))) {
    const keys = [...new Set(present.flatMap((candidate) => Object.keys(candidate.value as object)))];
    return Object.fromEntries(
      keys.map((key) => [
        key,
        merge(
          present.map(({ value, text }) => ({
            value: (value as Record<string, unknown>)[key] ?? null,
            text,
          })),
          readings,
        ),
      ]),
    );
  }
  const supported = present.find(({ value, text }) => shows(value, text, readings));
  return (supported ?? present[0]!).value;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
