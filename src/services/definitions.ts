/** Saved extractors and classifiers: create, read, change (a new version), list, delete. */

import {
  type DefinitionFields,
  type DefinitionKind,
  type DefinitionRecord,
  sameFields,
  specField,
} from '../core/definition.ts';
import { DocjobsError } from '../core/errors.ts';
import { newClassifierId, newExtractorId, type OrgId } from '../core/ids.ts';
import type { PageRequest } from '../core/page-request.ts';
import type { EngineChoice } from '../core/task.ts';
import type { Category } from '../pipeline/classify/types.ts';
import type { JsonSchema } from '../pipeline/extract/types.ts';
import { deleteDefinition } from '../store/definitions/delete-definition.ts';
import { getDefinition } from '../store/definitions/get-definition.ts';
import { insertDefinition } from '../store/definitions/insert-definition.ts';
import { type DefinitionPage, listDefinitions } from '../store/definitions/list-definitions.ts';
import { listVersions, type VersionPage } from '../store/definitions/list-versions.ts';
import { updateDefinition } from '../store/definitions/update-definition.ts';
import type { Context } from './context.ts';
import { checkDefinitionFields } from './definition-checks.ts';

/** A request body: the whole definition (create, PUT) or the fields to change (PATCH). */
export interface DefinitionRequest {
  name?: string;
  description?: string | null;
  prompt?: string | null;
  engine?: EngineChoice;
  /** Replaced as a whole, never merged: engine options are read together. */
  options?: Record<string, unknown> | null;
  /** Extractors only. */
  schema?: JsonSchema;
  /** Classifiers only. */
  categories?: Category[];
}

const newId = { extractor: newExtractorId, classifier: newClassifierId } as const;

const notFound = (kind: DefinitionKind, id: string, version?: number) =>
  new DocjobsError(
    'NOT_FOUND',
    version === undefined ? `no ${kind} ${id}` : `no version ${version} of ${kind} ${id}`,
  );

/**
 * The fields a request gives, over `base` for a PATCH: a field left out keeps its value, and null
 * clears it (options back to {}). Without a base every field is given.
 */
function fieldsOf(
  kind: DefinitionKind,
  request: DefinitionRequest,
  base: DefinitionFields | null,
): DefinitionFields {
  const pick = <T>(given: T | null | undefined, kept: T | undefined, fallback: T): T =>
    given !== undefined ? (given ?? fallback) : (kept ?? fallback);
  return checkDefinitionFields(kind, {
    name: pick(request.name, base?.name, ''),
    description: pick(request.description, base?.description, null),
    prompt: pick(request.prompt, base?.prompt, null),
    engine: pick(request.engine, base?.engine, 'auto'),
    options: pick(request.options, base?.options, {}),
    spec: pick<unknown>(request[specField[kind]], base?.spec, null),
  });
}

export function createDefinition(
  ctx: Context,
  orgId: OrgId,
  kind: DefinitionKind,
  request: DefinitionRequest,
): Promise<DefinitionRecord> {
  const fields = fieldsOf(kind, request, null);
  return insertDefinition(ctx.db, { id: newId[kind](), orgId, kind, fields });
}

/** The current version, or the one asked for. Unknown, foreign and deleted ids are the same 404. */
export async function findDefinition(
  ctx: Context,
  orgId: OrgId,
  kind: DefinitionKind,
  id: string,
  version?: number,
): Promise<DefinitionRecord> {
  const found = await getDefinition(ctx.db, orgId, kind, id, { version });
  if (!found) throw notFound(kind, id, version);
  return found;
}

export function listOrgDefinitions(
  ctx: Context,
  orgId: OrgId,
  kind: DefinitionKind,
  page: PageRequest,
): Promise<DefinitionPage> {
  return listDefinitions(ctx.db, orgId, kind, page);
}

export async function listDefinitionVersions(
  ctx: Context,
  orgId: OrgId,
  kind: DefinitionKind,
  id: string,
  page: { limit: number; offset: number },
): Promise<VersionPage> {
  const versions = await listVersions(ctx.db, orgId, kind, id, page);
  if (!versions) throw notFound(kind, id);
  return versions;
}

/**
 * PUT (`replace`: the request is the whole definition) or PATCH: a new version when something
 * changed, the current one as it is otherwise.
 */
export async function changeDefinition(
  ctx: Context,
  orgId: OrgId,
  kind: DefinitionKind,
  id: string,
  request: DefinitionRequest,
  how: 'replace' | 'patch',
): Promise<DefinitionRecord> {
  const changed = await updateDefinition(ctx.db, orgId, kind, id, (current) => {
    const fields = fieldsOf(kind, request, how === 'patch' ? current : null);
    return sameFields(fields, current) ? null : fields;
  });
  if (!changed) throw notFound(kind, id);
  return changed;
}

export async function removeDefinition(ctx: Context, orgId: OrgId, kind: DefinitionKind, id: string) {
  if (!(await deleteDefinition(ctx.db, orgId, kind, id))) throw notFound(kind, id);
}
