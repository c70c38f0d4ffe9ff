import type { JobFilters, JobStatus, JobType } from '../../packages/client/src/index.ts';
import { isJobType, jobTypes } from '../core/job.ts';
import { jobStatuses } from '../core/job-status.ts';
import { dateFlag, type Flags, metadataPairs } from './arguments.ts';
import { usageError } from './exit-codes.ts';

/** The filters `jobs list` and `export` share, as GET /v1/jobs names them. */
export function jobFilter(flags: Flags): JobFilters {
  for (const status of flags.status)
    if (!(jobStatuses as readonly string[]).includes(status))
      throw usageError(`--status must be one of ${jobStatuses.join(', ')}; got "${status}"`);
  if (flags.type !== undefined && !isJobType(flags.type))
    throw usageError(`--type must be one of ${jobTypes.join(', ')}; got "${flags.type}"`);
  const filter: JobFilters = {
    status: flags.status.length > 0 ? (flags.status as JobStatus[]) : undefined,
    type: flags.type as JobType | undefined,
    caseId: flags.case,
    createdAfter: dateFlag('created-after', flags['created-after']),
    createdBefore: dateFlag('created-before', flags['created-before']),
    metadata: flags.metadata.length > 0 ? metadataPairs(flags.metadata) : undefined,
  };
  return Object.fromEntries(Object.entries(filter).filter(([, value]) => value !== undefined));
}
