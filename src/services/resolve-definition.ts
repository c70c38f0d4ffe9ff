/**
 * A saved extractor or classifier as a job uses it: the definition at one version, to copy into
 * the job's task with the (id, version) it came from.
 */

import type { DefinitionKind, DefinitionRecord } from '../core/definition.ts';
import { DocjobsError } from '../core/errors.ts';
import type { OrgId } from '../core/ids.ts';
import type { EngineChoice } from '../core/task.ts';
import type { Category } from '../pipeline/classify/types.ts';
import type { JsonSchema } from '../pipeline/extract/types.ts';
import type { Sql } from '../store/db.ts';
import { getDefinition, type Lookup } from '../store/definitions/get-definition.ts';

interface Resolved {
  id: string;
  version: number;
  name: string;
  prompt: string | null;
  engine: EngineChoice;
  options: Record<string, unknown>;
}

export interface ResolvedExtractor extends Resolved {
  schema: JsonSchema;
}

export interface ResolvedClassifier extends Resolved {
  categories: Category[];
}

/**
 * NOT_FOUND when the id is unknown, another organisation's, deleted, or has no such version.
 * `includeDeleted` is for a job that recorded a definition since deleted (a reprocess): new
 * submits leave it off. `ctx` may carry a transaction as `db`.
 */
async function resolve(
  ctx: { db: Sql },
  orgId: OrgId,
  kind: DefinitionKind,
  id: string,
  lookup: Lookup,
): Promise<{ base: Resolved; spec: unknown }> {
  const found: DefinitionRecord | null = await getDefinition(ctx.db, orgId, kind, id, lookup);
  if (!found) {
    const which = lookup.version === undefined ? '' : ` version ${lookup.version}`;
    throw new DocjobsError('NOT_FOUND', `no ${kind} ${id}${which} in your organisation`);
  }
  const { version, name, prompt, engine, options, spec } = found;
  return { base: { id: found.id, version, name, prompt, engine, options }, spec };
}

export async function resolveExtractor(
  ctx: { db: Sql },
  orgId: OrgId,
  id: string,
  version?: number,
  options: { includeDeleted?: boolean } = {},
): Promise<ResolvedExtractor> {
  const { base, spec } = await resolve(ctx, orgId, 'extractor', id, { version, ...options });
  return { ...base, schema: spec as JsonSchema };
}

export async function resolveClassifier(
  ctx: { db: Sql },
  orgId: OrgId,
  id: string,
  version?: number,
  options: { includeDeleted?: boolean } = {},
): Promise<ResolvedClassifier> {
  const { base, spec } = await resolve(ctx, orgId, 'classifier', id, { version, ...options });
  return { ...base, categories: spec as Category[] };
}
