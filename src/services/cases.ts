import { jobPrefix } from '../blobs/blob-store.ts';
import { type CaseRecord, caseLimits, newCaseId } from '../core/case.ts';
import { DocjobsError } from '../core/errors.ts';
import type { OrgId } from '../core/ids.ts';
import { checkMetadata, type Metadata } from '../core/job.ts';
import { deleteCaseWithJobs } from '../store/cases/delete-case.ts';
import { caseExists, getCase } from '../store/cases/get-case.ts';
import { insertCase } from '../store/cases/insert-case.ts';
import { type CasePage, listCases } from '../store/cases/list-cases.ts';
import type { Sql } from '../store/db.ts';
import type { Context } from './context.ts';

export interface NewCaseRequest {
  name: string;
  description?: string | null;
  metadata?: Metadata;
}

export async function createCase(ctx: Context, orgId: OrgId, request: NewCaseRequest): Promise<CaseRecord> {
  const name = request.name.trim();
  const fault =
    name.length === 0 || name.length > caseLimits.nameLength
      ? { field: 'name', message: `name must be 1 to ${caseLimits.nameLength} characters` }
      : checkMetadata(request.metadata);
  if (fault) throw new DocjobsError('VALIDATION_ERROR', fault.message, { details: { field: fault.field } });
  return insertCase(ctx.db, {
    id: newCaseId(),
    orgId,
    name,
    description: request.description ?? null,
    metadata: request.metadata ?? {},
  });
}

/** Unknown and foreign ids are the same answer: 404. */
export async function findCase(ctx: Context, orgId: OrgId, id: string): Promise<CaseRecord> {
  const found = await getCase(ctx.db, orgId, id);
  if (!found) throw new DocjobsError('NOT_FOUND', `no case ${id}`);
  return found;
}

export function listOrgCases(
  ctx: Context,
  orgId: OrgId,
  page: { limit: number; offset?: number; cursor?: { createdAt: string; id: string } },
): Promise<CasePage> {
  return listCases(ctx.db, orgId, page);
}

export interface CaseDeleted {
  casesDeleted: 1;
  jobsDeleted: number;
  errors: { jobId: string; code: string; message: string }[];
}

/**
 * The case, its jobs' rows and their blobs (`jobs/{id}/`), only its own. A case with jobs still
 * queued, processing or retrying is refused with JOB_NOT_TERMINAL naming them, like DELETE
 * /v1/jobs/{id}: cancelling them implicitly would make a delete stop work the client may still
 * want, and a job cancelled in the same breath can still write its result after the blobs are
 * gone. The client cancels (or waits), then deletes.
 */
export async function deleteCase(ctx: Context, orgId: OrgId, id: string): Promise<CaseDeleted> {
  const deletion = await deleteCaseWithJobs(ctx.db, orgId, id);
  if (deletion.outcome === 'not-found') throw new DocjobsError('NOT_FOUND', `no case ${id}`);
  if (deletion.outcome === 'jobs-running') {
    throw new DocjobsError(
      'JOB_NOT_TERMINAL',
      `case ${id} has jobs that are not terminal; cancel them or wait for them to end first`,
      { details: { jobIds: deletion.jobIds } },
    );
  }
  const errors: CaseDeleted['errors'] = [];
  for (const jobId of deletion.jobIds) {
    await ctx.blobs.deletePrefix(jobPrefix(jobId)).catch((error: unknown) => {
      errors.push({
        jobId,
        code: 'INTERNAL_ERROR',
        message: `blobs not removed: ${String(error)}`.slice(0, 200),
      });
    });
  }
  return { casesDeleted: 1, jobsDeleted: deletion.jobIds.length, errors };
}

/**
 * A submit's `caseId` must name a case of the submitting organisation. Unknown and foreign ids get
 * the same answer, a 400 on the field (the request is what is wrong, not the URL it was sent to).
 */
export async function checkCaseOfSubmit(sql: Sql, orgId: OrgId, caseId: string | null | undefined) {
  if (!caseId || (await caseExists(sql, orgId, caseId))) return;
  throw unknownCase(caseId);
}

/** The same answer when the case went between the check and the insert (the foreign key caught it). */
export function unknownCaseError(error: unknown, caseId: string | null | undefined): DocjobsError | null {
  const { code, constraint, message } = error as { code?: string; constraint?: string; message?: string };
  const violated = code === '23503' && (constraint === 'jobs_case_fk' || message?.includes('jobs_case_fk'));
  return caseId && violated ? unknownCase(caseId) : null;
}

const unknownCase = (caseId: string) =>
  new DocjobsError('VALIDATION_ERROR', `no case ${caseId} in your organisation`, {
    details: { field: 'caseId' },
  });
