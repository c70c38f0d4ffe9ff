import type { JobType } from './job.ts';
import type { JobStatus } from './job-status.ts';

/** The filters of GET /v1/jobs, also used by the bulk actions and the export. They combine with AND. */
export interface JobFilter {
  statuses?: JobStatus[];
  type?: JobType;
  createdAfter?: Date;
  createdBefore?: Date;
  metadata?: Record<string, string>;
  /** Jobs whose qualityScore is at least this; jobs without a score never match. */
  minQuality?: number;
  caseId?: string;
  /** Jobs run with this saved extractor (any version). */
  extractorId?: string;
  /** Extractions whose lowest field confidence is at least this; other jobs never match. */
  minConfidence?: number;
}
