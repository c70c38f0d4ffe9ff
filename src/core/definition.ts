/**
 * Saved extractors and classifiers: a named definition a job names instead of repeating it. Every
 * change makes a new version and keeps the old one, so a job's (id, version) always means what
 * it meant when the job ran.
 */
import { isDeepStrictEqual } from 'node:util';
import type { OrgId } from './ids.ts';
import type { EngineChoice } from './task.ts';

export const definitionKinds = ['extractor', 'classifier'] as const;
export type DefinitionKind = (typeof definitionKinds)[number];

/** The field that holds what is specific to a kind, in the API and in requests. */
export const specField = { extractor: 'schema', classifier: 'categories' } as const satisfies Record<
  DefinitionKind,
  string
>;

export const definitionLimits = {
  nameLength: 200,
  descriptionLength: 2000,
  promptLength: 20_000,
  // Categories beyond this are a mistake, not a document set: they are also copied into every job
  // that uses them. (A schema's size is bounded by checkExtractionSchema.)
  categoriesBytes: 256 * 1024,
  optionsBytes: 16 * 1024,
  categories: 100,
  keywords: 100,
  keywordLength: 200,
  examples: 20,
  exampleLength: 10_000,
} as const;

/** One version's definition. `spec` is the extractor's JSON Schema or the classifier's categories. */
export interface DefinitionFields {
  name: string;
  description: string | null;
  prompt: string | null;
  engine: EngineChoice;
  options: Record<string, unknown>;
  spec: unknown;
}

/** A definition at one version (the current one, unless a version was asked for). */
export interface DefinitionRecord extends DefinitionFields {
  id: string;
  orgId: OrgId;
  kind: DefinitionKind;
  version: number;
  /** When the definition was created (version 1). */
  createdAt: string;
  /** When this version was made. */
  versionCreatedAt: string;
}

/**
 * Whether a change changes anything: a PUT or PATCH that does not keeps the version. The schema's
 * property order counts (it orders the CSV columns), so specs compare as written; the options are
 * stored as jsonb, which keeps no key order, so they compare by value.
 */
export function sameFields(a: DefinitionFields, b: DefinitionFields): boolean {
  return (
    a.name === b.name &&
    a.description === b.description &&
    a.prompt === b.prompt &&
    a.engine === b.engine &&
    isDeepStrictEqual(a.options, b.options) &&
    JSON.stringify(a.spec) === JSON.stringify(b.spec)
  );
}

/** The API's view of the current version: `updatedAt` is when that version was made. */
export function publicDefinition(record: DefinitionRecord): Record<string, unknown> {
  return {
    id: record.id,
    version: record.version,
    name: record.name,
    description: record.description,
    [specField[record.kind]]: record.spec,
    prompt: record.prompt,
    engine: record.engine,
    options: record.options,
    createdAt: record.createdAt,
    updatedAt: record.versionCreatedAt,
  };
}

/** The API's view of one version in the history: `createdAt` is when that version was made. */
export function publicVersion(record: DefinitionRecord): Record<string, unknown> {
  const { createdAt: _definitionCreated, updatedAt: _updated, ...kept } = publicDefinition(record);
  return { ...kept, createdAt: record.versionCreatedAt };
}
