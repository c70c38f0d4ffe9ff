/**
 * Friendly names over the generated types (generated/openapi.ts, from the server's /openapi.json).
 * Nothing here is written by hand that the server's document already says.
 */
import type { components, paths } from './generated/openapi.ts';

type Schemas = components['schemas'];
/** A named schema of the document, or `unknown` while the server does not describe it. */
type Named<N extends string> = N extends keyof Schemas ? Schemas[N] : unknown;

type JobSchema = paths['/v1/jobs/{id}']['get']['responses'][200];
export type JobType = NonNullable<JobSchema['type']>;
export type JobStatus = NonNullable<JobSchema['status']>;
export type QualityCategory = NonNullable<JobSchema['qualityCategory']>;
export type JobError = NonNullable<JobSchema['error']>;

/** A job as the server answers it; `type` narrows to what was submitted when that is known. */
export type Job<T extends JobType = JobType> = Omit<JobSchema, 'id' | 'type' | 'status'> & {
  id: string;
  type: T;
  status: JobStatus;
};

/**
 * The states a job does not leave (but for `expired`, reached by retention). The server's list is
 * in its core (src/core/job-status.ts); test/client-types.test.ts keeps the two the same.
 */
export const terminalStatuses: readonly JobStatus[] = [
  'completed',
  'partial',
  'failed',
  'timeout',
  'cancelled',
  'expired',
];
export const isTerminal = (status: JobStatus): boolean => terminalStatuses.includes(status);

/** What GET /v1/jobs/{id}/result answers as JSON, by job type. */
export interface ResultByType {
  parse: Named<'ParseResult'>;
  extract: Named<'ExtractResult'>;
  classify: Named<'ClassifyResult'>;
  workflow: Named<'WorkflowResult'>;
  chunk: Named<'ChunkResult'>;
  edit: Named<'EditResult'>;
  fill: Named<'FillResult'>;
  schema: Named<'SchemaResult'>;
}
export type ResultOf<T extends JobType> = T extends keyof ResultByType ? ResultByType[T] : unknown;
export type ResultFormat = NonNullable<paths['/v1/jobs/{id}/result']['get']['query']['format']>;
export type TextFormat = Exclude<ResultFormat, 'json'>;

/** Omit over each member of a union (TypeScript's Omit keeps only the keys all members share). */
type OmitEach<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
type SubmitBody = paths['/v1/jobs']['post']['body'];
/** The submit body of one job type, when the document gives one per type; else the whole body. */
type SubmitBodyOf<T extends JobType> = [Extract<SubmitBody, { type?: T }>] extends [never]
  ? SubmitBody
  : Extract<SubmitBody, { type?: T }>;
/** Every field POST /v1/jobs takes (for a job of type T), but for the document itself. */
export type SubmitFields<T extends JobType = JobType> = OmitEach<
  SubmitBodyOf<T>,
  'document' | 'url' | 'type'
>;

export type JobFilters = Omit<paths['/v1/jobs']['get']['query'], 'limit' | 'offset' | 'cursor'> & {
  /** `metadata.KEY=VALUE` filters. */
  metadata?: Record<string, string>;
};
export type PageQuery = Pick<paths['/v1/jobs']['get']['query'], 'limit' | 'offset' | 'cursor'>;
export type JobPage = Omit<paths['/v1/jobs']['get']['responses'][200], 'jobs'> & { jobs: Job[] };

export type StatsQuery = paths['/v1/jobs/stats']['get']['query'];
export type Stats = paths['/v1/jobs/stats']['get']['responses'][200];
export type UsageQuery = paths['/v1/usage']['get']['query'];
export type Usage = paths['/v1/usage']['get']['responses'][200];
export type ExportQuery = JobFilters & Pick<paths['/v1/jobs/export']['get']['query'], 'format' | 'include'>;

export type BulkAction = 'cancel' | 'delete' | 'reprocess';
export type BulkRequest = paths['/v1/jobs/bulk/reprocess']['post']['body'];
export type BulkResult = paths['/v1/jobs/bulk/reprocess']['post']['responses'][200];
export type DeleteResult = paths['/v1/jobs/{id}']['delete']['responses'][200];

export type SearchRequest = paths['/v1/search']['post']['body'];
export type SearchResult = paths['/v1/search']['post']['responses'][200];
export type OperationRequest = paths['/v1/jobs/{id}/operations']['post']['body'];
export type JobPages = paths['/v1/jobs/{id}/pages']['get']['responses'][200];
export type PageInfo = JobPages['pages'][number];
export type JobTrace = paths['/v1/jobs/{id}/trace']['get']['responses'][200];
export type ChunkPage = paths['/v1/jobs/{id}/chunks']['get']['responses'][200];

export type ExtractorInput = paths['/v1/extractors']['post']['body'];
export type ExtractorChanges = paths['/v1/extractors/{id}']['patch']['body'];
export type Extractor = paths['/v1/extractors/{id}']['get']['responses'][200];
export type ExtractorPage = paths['/v1/extractors']['get']['responses'][200];
export type ExtractorDeleted = paths['/v1/extractors/{id}']['delete']['responses'][200];
export type ClassifierInput = paths['/v1/classifiers']['post']['body'];
export type ClassifierChanges = paths['/v1/classifiers/{id}']['patch']['body'];
export type Classifier = paths['/v1/classifiers/{id}']['get']['responses'][200];
export type ClassifierPage = paths['/v1/classifiers']['get']['responses'][200];
export type ClassifierDeleted = paths['/v1/classifiers/{id}']['delete']['responses'][200];

export type CaseInput = paths['/v1/cases']['post']['body'];
export type Case = paths['/v1/cases/{id}']['get']['responses'][200];
export type CasePage = paths['/v1/cases']['get']['responses'][200];
export type CaseDeleteResult = paths['/v1/cases/{id}']['delete']['responses'][200];

export type WebhookSettings = paths['/v1/settings/webhook']['get']['responses'][200];
export type WebhookSettingsInput = paths['/v1/settings/webhook']['put']['body'];
export type WebhookEvent = NonNullable<WebhookSettingsInput['events']>[number];
export type DeliveryQuery = paths['/v1/webhooks/deliveries']['get']['query'];
export type DeliveryPage = paths['/v1/webhooks/deliveries']['get']['responses'][200];
export type Delivery = paths['/v1/webhooks/deliveries/{id}']['get']['responses'][200];
export type WebhookTestInput = NonNullable<paths['/v1/webhooks/test']['post']['body']>;

export type Me = paths['/v1/me']['get']['responses'][200];
export type ApiKey = paths['/v1/keys/{id}']['get']['responses'][200];
export type ApiKeyInput = NonNullable<paths['/v1/keys']['post']['body']>;
export type CreatedApiKey = paths['/v1/keys']['post']['responses'][201];

export type { components, ErrorEnvelope, paths } from './generated/openapi.ts';
