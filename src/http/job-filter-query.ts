import { jobTypes, metadataLimits } from '../core/job.ts';
import type { JobFilter } from '../core/job-filter.ts';
import { type JobStatus, jobStatuses } from '../core/job-status.ts';

/**
 * The job filters, once: GET /v1/jobs, GET /v1/jobs/export (query string) and the bulk actions
 * (`{"filter": {…}}` in a JSON body) take the same names with the same meaning.
 */
export interface JobFilterQuery {
  status?: JobStatus[];
  type?: JobFilter['type'];
  createdAfter?: string;
  createdBefore?: string;
  minQuality?: number;
  caseId?: string;
  extractorId?: string;
  minConfidence?: number;
  /** Only in a JSON body: the same as `metadata.KEY` fields. */
  metadata?: Record<string, string>;
  [metadataFilter: `metadata.${string}`]: string;
}

export const jobFilterProperties = {
  status: {
    type: 'array',
    items: { type: 'string', enum: [...jobStatuses] },
    description: 'Any of these statuses; repeat the parameter for several',
  },
  type: { type: 'string', enum: [...jobTypes] },
  createdAfter: { type: 'string', format: 'date-time' },
  createdBefore: { type: 'string', format: 'date-time' },
  minQuality: {
    type: 'number',
    minimum: 0,
    maximum: 1,
    description: 'Only jobs whose qualityScore is at least this',
  },
  caseId: { type: 'string', maxLength: 64, description: 'Only the jobs of this case' },
  extractorId: { type: 'string', maxLength: 64, description: 'Only jobs run with this saved extractor' },
  minConfidence: {
    type: 'number',
    minimum: 0,
    maximum: 1,
    description:
      'Only extractions whose lowest field confidence is at least this (a field not found counts 0)',
  },
} as const;

/** `metadata.KEY=VALUE`: jobs whose metadata has KEY set to VALUE. */
export const metadataFilterPattern = {
  '^metadata\\.[^.]': { type: 'string', maxLength: metadataLimits.valueLength },
} as const;

/** A query-string schema with the filters and the route's own parameters. */
export function filterQuerySchema(extra: Record<string, unknown>, description?: string) {
  return {
    type: 'object',
    additionalProperties: false,
    ...(description ? { description } : {}),
    properties: { ...jobFilterProperties, ...extra },
    patternProperties: metadataFilterPattern,
  } as const;
}

/** The `filter` object of a JSON body: the query's names, plus `metadata` as an object. */
export const filterBodySchema = {
  type: 'object',
  additionalProperties: false,
  description: 'The filters of GET /v1/jobs; `metadata` may be an object instead of `metadata.KEY` fields',
  properties: {
    ...jobFilterProperties,
    metadata: {
      type: 'object',
      maxProperties: metadataLimits.keys,
      additionalProperties: { type: 'string', maxLength: metadataLimits.valueLength },
    },
  },
  patternProperties: metadataFilterPattern,
} as const;

export function toJobFilter(query: JobFilterQuery): JobFilter {
  const metadata: Record<string, string> = { ...query.metadata };
  for (const [name, value] of Object.entries(query)) {
    if (name.startsWith('metadata.')) metadata[name.slice('metadata.'.length)] = String(value);
  }
  return {
    statuses: query.status,
    type: query.type,
    createdAfter: query.createdAfter ? new Date(query.createdAfter) : undefined,
    createdBefore: query.createdBefore ? new Date(query.createdBefore) : undefined,
    metadata,
    minQuality: query.minQuality,
    caseId: query.caseId,
    extractorId: query.extractorId,
    minConfidence: query.minConfidence,
  };
}

/** A `cursor` parameter as the list returned it; a foreign or mangled one is a 400. */
