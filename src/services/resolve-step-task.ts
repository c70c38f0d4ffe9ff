/** One extract or classify task from its request fields (a job's, or a workflow step's at `at`). */
import { DocjobsError } from '../core/errors.ts';
import type { OrgId } from '../core/ids.ts';
import { type ClassifyTask, type EngineChoice, type ExtractTask, engineChoices } from '../core/task.ts';
import type { Category } from '../pipeline/classify/types.ts';
import { checkExtractionSchema } from '../pipeline/extract/schema-check.ts';
import type { Context } from './context.ts';
import { checkCategories } from './definition-checks.ts';
import { resolveClassifier, resolveExtractor } from './resolve-definition.ts';
import { invalid, type TaskFields } from './task-fields.ts';

const promptLimit = 20_000;

export async function resolveExtractTask(
  ctx: Context,
  orgId: OrgId,
  fields: TaskFields,
  at: string,
): Promise<ExtractTask> {
  const prompt = promptOf(fields.prompt, `${at}prompt`);
  if (fields.extractorId !== undefined) {
    if (fields.schema !== undefined)
      throw invalid(`${at}schema`, 'give either schema or extractorId, not both');
    const extractor = await resolveExtractor(
      ctx,
      orgId,
      stringOf(fields.extractorId, `${at}extractorId`),
    ).catch((error: unknown) => {
      throw notFoundAsInvalid(error, `${at}extractorId`);
    });
    const engine = engineOf(ctx, fields.engine ?? extractor.engine, `${at}engine`);
    return {
      kind: 'extract',
      schema: extractor.schema,
      prompt: prompt ?? extractor.prompt,
      engine,
      extractor: { id: extractor.id, version: extractor.version },
    };
  }
  if (fields.schema === undefined)
    throw invalid(`${at}schema`, 'an extract job needs a schema or an extractorId');
  const checked = checkExtractionSchema(fields.schema);
  if (!checked.ok) {
    throw invalid(`${at}schema`, `schema ${checked.pointer || '/'}: ${checked.message}`, {
      pointer: checked.pointer,
    });
  }
  return {
    kind: 'extract',
    schema: fields.schema as ExtractTask['schema'],
    prompt,
    engine: engineOf(ctx, fields.engine, `${at}engine`),
    extractor: null,
  };
}

export async function resolveClassifyTask(
  ctx: Context,
  orgId: OrgId,
  fields: TaskFields,
  at: string,
): Promise<ClassifyTask> {
  const prompt = promptOf(fields.prompt, `${at}prompt`);
  if (fields.classifierId !== undefined) {
    if (fields.categories !== undefined)
      throw invalid(`${at}categories`, 'give either categories or classifierId, not both');
    const classifier = await resolveClassifier(
      ctx,
      orgId,
      stringOf(fields.classifierId, `${at}classifierId`),
    ).catch((error: unknown) => {
      throw notFoundAsInvalid(error, `${at}classifierId`);
    });
    return {
      kind: 'classify',
      categories: classifier.categories,
      prompt: prompt ?? classifier.prompt,
      engine: engineOf(ctx, fields.engine ?? classifier.engine, `${at}engine`),
      classifier: { id: classifier.id, version: classifier.version },
    };
  }
  if (fields.categories === undefined)
    throw invalid(`${at}categories`, 'a classify job needs categories or a classifierId');
  let categories: Category[];
  try {
    categories = checkCategories(fields.categories);
  } catch (error) {
    throw at && error instanceof DocjobsError
      ? invalid(`${at}categories`, error.message, error.details)
      : error;
  }
  return {
    kind: 'classify',
    categories,
    prompt,
    engine: engineOf(ctx, fields.engine, `${at}engine`),
    classifier: null,
  };
}

export function engineOf(ctx: Context, value: unknown, field: string): EngineChoice {
  const engine = value ?? 'auto';
  if (typeof engine !== 'string' || !(engineChoices as readonly string[]).includes(engine)) {
    throw invalid(field, `engine is one of: ${engineChoices.join(', ')}`);
  }
  if (engine === 'llm' && !ctx.config.llm) {
    throw invalid(
      field,
      'engine "llm" needs an OpenAI-compatible endpoint: set LLM_BASE_URL (and LLM_MODEL, LLM_API_KEY) on the server',
    );
  }
  return engine as EngineChoice;
}

function promptOf(value: unknown, field: string): string | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== 'string' || value.length > promptLimit) {
    throw invalid(field, `prompt is a string of at most ${promptLimit} characters`);
  }
  return value;
}

function stringOf(value: unknown, field: string): string {
  if (typeof value !== 'string' || value.length === 0 || value.length > 64)
    throw invalid(field, `${field} is an id`);
  return value;
}

/** An unknown (or another organisation's) extractor in a submit is a fault of the request: 400. */
function notFoundAsInvalid(error: unknown, field: string): unknown {
  if (error instanceof DocjobsError && error.code === 'NOT_FOUND') return invalid(field, error.message);
  return error;
}
