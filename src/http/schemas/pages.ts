/** A named page of a list (`{<items>, total, hasMore, nextCursor}`), every field always there. */
import { pageSchema } from '../paging.ts';
import { component } from './registry.ts';

export function namedPage(name: string, field: string, items: Record<string, unknown>) {
  return component(name, pageSchema(field, items), {
    required: [field, 'total', 'hasMore', 'nextCursor'],
    additionalProperties: false,
  });
}
