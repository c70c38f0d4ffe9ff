import type { OrgId } from './ids.ts';

/** Who owns API keys, jobs and everything else the API shows; every /v1 request acts for one. */
export interface Organisation {
  id: OrgId;
  name: string;
}
