import { type OrgId, ulid } from './ids.ts';
import type { Metadata } from './job.ts';

/** A long-term collection of documents: the jobs in it are never purged (DESIGN.md "Retention"). */
export type CaseId = `case_${string}`;

export const newCaseId = (): CaseId => `case_${ulid().toLowerCase()}`;

const caseIdPattern = /^case_[0-9a-z]{26}$/;
export const isCaseId = (value: string): value is CaseId => caseIdPattern.test(value);

export const caseLimits = { nameLength: 200, descriptionLength: 2000 } as const;

export interface Case {
  id: CaseId;
  name: string;
  description: string | null;
  metadata: Metadata;
  createdAt: string;
  /** Jobs in the case now, whatever their status. */
  jobCount: number;
}

export interface CaseRecord extends Case {
  orgId: OrgId;
}

export function publicCase(record: CaseRecord): Case {
  const { orgId: _org, ...kept } = record;
  return kept;
}
