/**
 * What a job does beyond reading its document, fixed at submit (the `jobs.task` column): the
 * schema or categories it fills, the engine, and a saved extractor's or classifier's definition as
 * the version the job used, so that a later change of the saved one does not change the job.
 */

import type { ChunkingUsed } from './chunk.ts';
import type { EditOperation } from './edit-operations.ts';
import type { GenerateTask } from './generate-options.ts';

/** A JSON Schema (draft 2020-12), already checked by checkExtractionSchema. */
export type JsonSchema = Record<string, unknown>;

/** One category a classification may choose. */
export interface Category {
  name: string;
  description?: string;
  keywords?: string[];
  /** Short texts typical of the category. */
  examples?: string[];
}

export const engineChoices = ['auto', 'builtin', 'llm'] as const;
/** auto: the LLM when LLM_BASE_URL is set, else the built-in engine. */
export type EngineChoice = (typeof engineChoices)[number];

/** A saved extractor or classifier at the version a job used. */
export interface DefinitionRef {
  id: string;
  version: number;
}

export interface ExtractTask {
  kind: 'extract';
  schema: JsonSchema;
  prompt: string | null;
  engine: EngineChoice;
  extractor: DefinitionRef | null;
  /** A free question on the document (POST …/operations `prompt`): the answer fills `{answer}`. */
  answer?: boolean;
}

export interface ClassifyTask {
  kind: 'classify';
  categories: Category[];
  prompt: string | null;
  engine: EngineChoice;
  classifier: DefinitionRef | null;
}

/** Cut the document into parts; the steps after it run once per part. */
export interface SplitStep {
  type: 'split';
  /** Explicit parts (1-based, inclusive page ranges)… */
  ranges: { from: number; to: number; label: string | null }[] | null;
  /** …or automatic: each page is classified and a part ends where the label changes. */
  classify: ClassifyTask | null;
}

export interface ClassifyStep {
  type: 'classify';
  task: ClassifyTask;
}

/** With `byLabel`, the extraction is chosen by the label of the last classify step (or split part). */
export interface ExtractStep {
  type: 'extract';
  task: ExtractTask | null;
  byLabel: Record<string, ExtractTask> | null;
}

export type WorkflowStep = SplitStep | ClassifyStep | ExtractStep;

export interface WorkflowTask {
  kind: 'workflow';
  steps: WorkflowStep[];
}

/** A `chunk` job, or a `parse` job with options.chunking: the parsed pages cut into chunks. */
export interface ChunkTask {
  kind: 'chunk';
  chunking: ChunkingUsed;
  /** A parse job's: its result is the parsed document, with `chunks` beside the pages. */
  parse?: boolean;
}

/**
 * A `split` job: the document cut into parts, by explicit page ranges or at the boundaries found
 * from each page's classification and boundary cues; each part may become an extract child job.
 */
export interface SplitTask {
  kind: 'split';
  /** Explicit parts (1-based, inclusive positions in the pages read); null: automatic. */
  ranges: { from: number; to: number; label: string | null }[] | null;
  /** The categories pages are labelled with (the request's, or a general default set). */
  classify: ClassifyTask;
  /** options.then: an extract job submitted for each part, over the split job's pages. */
  eachPart: ExtractTask | null;
}

/** An `edit` job: its operations, checked at submit (core/edit-operations.ts). */
export interface EditTask {
  kind: 'edit';
  operations: EditOperation[];
}

/**
 * How a `fill` job places its values: `fields`, the PDF's AcroForm fields only; `agent`, at the
 * blank lines and boxes found next to the page's labels; `auto`, fields when the PDF has a form,
 * else agent.
 */
export const fillModes = ['auto', 'fields', 'agent'] as const;
export type FillMode = (typeof fillModes)[number];

/** A `fill` job (issue 19): its data, checked at submit (services/fill-task.ts). */
export interface FillTask {
  kind: 'fill';
  /** Field name (or schema property name) → value. */
  data: Record<string, unknown>;
  /** A `schema` job's schema: its properties name their form field in `x-field-name`. */
  schema: JsonSchema | null;
  flatten: boolean;
  mode: FillMode;
  /** Agent fill: who maps data keys to the labels found (auto: the LLM when configured). */
  engine: EngineChoice;
}

/**
 * A `schema` job: propose a JSON Schema from the document (its AcroForm fields, or its labels and
 * tables). Nothing to choose at submit: the document decides.
 */
export interface SchemaTask {
  kind: 'schema';
}

export type { GenerateTask };
export type JobTask =
  | ExtractTask
  | ClassifyTask
  | WorkflowTask
  | ChunkTask
  | EditTask
  | SplitTask
  | FillTask
  | SchemaTask
  | GenerateTask;

export const workflowLimits = { steps: 10, ranges: 100, labels: 50 } as const;
