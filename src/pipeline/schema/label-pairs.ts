/**
 * Fields the engine has no concept for, from "Label: value" pairs: a short label ending in a colon
 * with its value after it in the same segment, or in the next segment of the line (a label and
 * its value set apart in two columns). The label gives the camelCase name and the description;
 * the value the type.
 */
import { documentLines } from '../extract/doc-lines.ts';
import { describeField } from '../extract/field-descriptor.ts';
import { fold } from '../extract/fold.ts';
import type { ParsedDocument } from '../types.ts';
import { camelName } from './names.ts';
import type { ProposedField } from './types.ts';
import { shapeSchema, valueShape } from './value-shape.ts';

/** A label: 1 to 4 words, mostly letters, no long numbers (then it is a value, not a label). */
const labelShape = /^[\p{L}][\p{L}\p{N} .'’/()#°&-]{0,38}$/u;
const maxLabelWords = 4;
const maxValueLength = 80;
/** More than this many free pairs is a form-like page; the first ones in reading order are kept. */
const maxPairs = 30;

interface Pair {
  label: string;
  value: string;
  page: number;
  text: string;
}

export function labelPairs(document: ParsedDocument): Pair[] {
  const pairs: Pair[] = [];
  for (const line of documentLines(document)) {
    const segments = line.segments.map((start, i) =>
      line.words
        .slice(start, line.segments[i + 1] ?? line.words.length)
        .map((word) => word.text)
        .join(' '),
    );
    for (let i = 0; i < segments.length; i++) {
      const segment = segments[i]!;
      const colon = segment.indexOf(':');
      if (colon <= 0) continue;
      const label = segment.slice(0, colon).trim();
      let value = segment.slice(colon + 1).trim();
      if (value === '' && i + 1 < segments.length && !segments[i + 1]!.includes(':'))
        value = segments[++i]!.trim();
      if (!isLabel(label) || value === '' || value.length > maxValueLength) continue;
      // "http://…", "10:30": a colon inside a value, not after a label.
      if (/^\/\//.test(value) || /\d$/.test(label)) continue;
      pairs.push({ label, value, page: line.page, text: line.text });
    }
  }
  return pairs;
}

function isLabel(label: string): boolean {
  if (!labelShape.test(label)) return false;
  const words = label.split(/\s+/);
  const letters = label.replace(/[^\p{L}]/gu, '').length;
  return words.length <= maxLabelWords && letters >= 3 && letters >= 0.6 * label.replace(/\s/g, '').length;
}

/**
 * Pairs as fields, leaving out those whose label names a concept already proposed (the concept's
 * field reads it better) and names already taken. All values under one name decide its type.
 */
export function pairFields(document: ParsedDocument, concepts: readonly ProposedField[]): ProposedField[] {
  const takenConcepts = new Set(concepts.map((field) => field.name));
  // The labels the concept fields were read by ("Factuurdatum" of `date`): the same pair again.
  const printedLabels = new Set(
    concepts.flatMap((field) => (field.evidence.label ? [fold(field.evidence.label)] : [])),
  );
  const byName = new Map<string, { pair: Pair; values: string[] }>();
  for (const pair of labelPairs(document)) {
    const name = camelName(pair.label);
    if (!name || takenConcepts.has(name) || printedLabels.has(fold(pair.label))) continue;
    const concept = describeField(
      {
        kind: 'scalar',
        name,
        title: '',
        description: '',
        nullable: false,
        context: [],
        type: 'string',
        format: null,
        enum: null,
        hasConst: false,
        constValue: null,
      },
      false,
    ).concept;
    if (concept && takenConcepts.has(concept.id)) continue;
    const entry = byName.get(name);
    if (entry) entry.values.push(pair.value);
    else if (byName.size < maxPairs) byName.set(name, { pair, values: [pair.value] });
  }
  return [...byName].map(([name, { pair, values }]) => ({
    name,
    schema: { ...shapeSchema(valueShape(values)), description: pair.label },
    evidence: { field: name, source: 'label', label: pair.label, page: pair.page, text: pair.text },
  }));
}
