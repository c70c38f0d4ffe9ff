import type { Docjobs, PageQuery } from '@docjobs/client';
import type { FunctionComponent } from 'react';

interface CallOptions {
  signal?: AbortSignal;
}

/** The calls the section makes: client.extractors and client.classifiers both answer them. */
export interface DefinitionsClient<Item, Input> {
  listPage(
    query: PageQuery,
    options?: CallOptions,
  ): Promise<{ hasMore?: boolean; nextCursor?: string | null }>;
  create(input: Input): Promise<Item>;
  replace(id: string, input: Input): Promise<Item>;
  delete(id: string): Promise<unknown>;
  versions(id: string, query?: { limit?: number; offset?: number }, options?: CallOptions): Promise<unknown>;
  version(id: string, n: number, options?: CallOptions): Promise<Item>;
}

export type DefinitionForm<Item, Input> = FunctionComponent<{
  initial: Item | null;
  submitLabel: string;
  busy: boolean;
  onSubmit: (input: Input) => Promise<void>;
}>;

/** What differs between extractors and classifiers; the section is the same for both. */
export interface DefinitionKind<Item, Input> {
  noun: string;
  title: string;
  blurb: string;
  Form: DefinitionForm<Item, Input>;
  Summary: FunctionComponent<{ item: Item }>;
  inputOf: (item: Item) => Input;
  itemsOf: (page: unknown) => Item[];
  api: (client: Docjobs) => DefinitionsClient<Item, Input>;
}
