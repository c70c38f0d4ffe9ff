import type { DefinitionKind, DefinitionRecord } from '../../core/definition.ts';
import type { OrgId } from '../../core/ids.ts';
import type { EngineChoice } from '../../core/task.ts';

/** A definition joined with one of its versions, as both drivers return it. */
export interface DefinitionRow {
  id: string;
  org_id: string;
  kind: DefinitionKind;
  version: number;
  created_at: Date;
  name: string;
  description: string | null;
  prompt: string | null;
  engine: EngineChoice;
  spec: unknown;
  options: Record<string, unknown>;
  version_created_at: Date;
}

/** Every definition query selects these, from `definitionWithVersion` joined on the version it wants. */
export const definitionColumns = `d.id, d.org_id, d.kind, v.version, d.created_at, v.name, v.description,
  v.prompt, v.engine, v.spec, v.options, v.created_at AS version_created_at`;

export const definitionWithVersion = 'definitions d JOIN definition_versions v ON v.definition_id = d.id';

export function toDefinitionRecord(row: DefinitionRow): DefinitionRecord {
  return {
    id: row.id,
    orgId: row.org_id as OrgId,
    kind: row.kind,
    version: Number(row.version),
    createdAt: new Date(row.created_at).toISOString(),
    versionCreatedAt: new Date(row.version_created_at).toISOString(),
    name: row.name,
    description: row.description,
    prompt: row.prompt,
    engine: row.engine,
    spec: row.spec,
    options: row.options,
  };
}
