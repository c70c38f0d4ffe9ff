/** A schema field as the extract engine describes it (schema-fields.ts), for asking it what a name means. */
import type { ScalarField, ScalarType } from '../extract/schema-fields.ts';

export const scalarField = (
  name: string,
  type: ScalarType = 'string',
  format: string | null = null,
  context: string[] = [],
): ScalarField => ({
  kind: 'scalar',
  name,
  title: '',
  description: '',
  nullable: false,
  context,
  type,
  format,
  enum: null,
  hasConst: false,
  constValue: null,
});
