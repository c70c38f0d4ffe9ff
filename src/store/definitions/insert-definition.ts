import type { DefinitionFields, DefinitionKind, DefinitionRecord } from '../../core/definition.ts';
import type { OrgId } from '../../core/ids.ts';
import type { Database, Sql } from '../db.ts';
import { getDefinition } from './get-definition.ts';

/** A new definition at version 1: its row and its first version, in one transaction. */
export async function insertDefinition(
  db: Database,
  value: { id: string; orgId: OrgId; kind: DefinitionKind; fields: DefinitionFields },
): Promise<DefinitionRecord> {
  return db.transaction(async (tx) => {
    await tx.query('INSERT INTO definitions (id, org_id, kind, version) VALUES ($1, $2, $3, 1)', [
      value.id,
      value.orgId,
      value.kind,
    ]);
    await insertVersion(tx, value.id, 1, value.fields);
    return (await getDefinition(tx, value.orgId, value.kind, value.id))!;
  });
}

export async function insertVersion(sql: Sql, id: string, version: number, fields: DefinitionFields) {
  await sql.query(
    `INSERT INTO definition_versions (definition_id, version, name, description, prompt, engine, spec, options)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
    [
      id,
      version,
      fields.name,
      fields.description,
      fields.prompt,
      fields.engine,
      JSON.stringify(fields.spec),
      JSON.stringify(fields.options),
    ],
  );
}
