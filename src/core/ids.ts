import { randomBytes } from 'node:crypto';

export type JobId = `job_${string}`;
export type OrgId = `org_${string}`;
export type ApiKeyId = `key_${string}`;
export type ExtractorId = `ext_${string}`;
export type ClassifierId = `cls_${string}`;

const crockford = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/**
 * A ULID: 48 bits of milliseconds then 80 random bits, in Crockford base32.
 * Time-ordered, so ids sort like creation times and make a stable cursor tie-breaker.
 */
export function ulid(now = Date.now()): string {
  let time = '';
  let t = now;
  for (let i = 0; i < 10; i++) {
    time = crockford[t % 32] + time;
    t = Math.floor(t / 32);
  }
  const bytes = randomBytes(16);
  let random = '';
  for (let i = 0; i < 16; i++) random += crockford[bytes[i]! % 32];
  return time + random;
}

export const newJobId = (): JobId => `job_${ulid().toLowerCase()}`;
export const newOrgId = (): OrgId => `org_${ulid().toLowerCase()}`;
export const newApiKeyId = (): ApiKeyId => `key_${ulid().toLowerCase()}`;
export const newExtractorId = (): ExtractorId => `ext_${ulid().toLowerCase()}`;
export const newClassifierId = (): ClassifierId => `cls_${ulid().toLowerCase()}`;

const jobIdPattern = /^job_[0-9a-z]{26}$/;
export const isJobId = (value: string): value is JobId => jobIdPattern.test(value);
