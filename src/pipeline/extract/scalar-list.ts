/**
 * An array of scalars (`emails: string[]`, `dates`, `phone_numbers`): every distinct value the
 * field's labels point at, else every value of the field's shape in the document.
 */
import type { DocLine } from './doc-lines.ts';
import { describeField } from './field-descriptor.ts';
import { fitValue } from './fit-value.ts';
import { findLabelHits } from './labels.ts';
import { type Candidate, candidatesFromHit } from './locate.ts';
import type { DocContext, FieldResult } from './read-field.ts';
import type { ScalarField } from './schema-fields.ts';
import { patternValues } from './unlabelled.ts';

export function readScalarList(items: ScalarField, ctx: DocContext): FieldResult[] | null {
  const descriptor = describeField(items, false);
  let candidates: Candidate[] = findLabelHits(ctx.lines, descriptor).flatMap((hit) => {
    const found = candidatesFromHit(hit, descriptor, ctx.lines, ctx.dayFirst);
    const top = found.sort((a, b) => b.score - a.score)[0];
    return top ? [top] : [];
  });
  if (candidates.length === 0) candidates = patternValues(descriptor.kind, ctx.lines, new Set<DocLine>());
  const seen = new Set<string>();
  const results: FieldResult[] = [];
  for (const c of candidates.sort((a, b) => a.line.index - b.line.index)) {
    const value = fitValue(items, descriptor, c.read, ctx.dayFirst);
    if (value === undefined || value === null || seen.has(JSON.stringify(value))) continue;
    seen.add(JSON.stringify(value));
    results.push({
      value,
      confidence: Math.round(Math.min(0.97, c.score) * 1000) / 1000,
      evidence: { page: c.line.page, bbox: c.bbox ?? c.line.bbox, text: c.source },
    });
  }
  return results.length > 0 ? results : null;
}
