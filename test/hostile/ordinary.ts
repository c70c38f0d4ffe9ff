/**
 * The ordinary document the hostile requests carry, and how they send it: the request around it is
 * what attacks the server, so the document itself must be beyond reproach.
 */
import { jsonRequest, multipartSubmit } from './builders.ts';
import type { HostileCase, HostileRequest } from './generate-hostile-inputs.ts';

export const doc = Buffer.from('An ordinary text document.\n');
export const base64 = doc.toString('base64');
/** a, two bytes never in UTF-8, a cut two-byte sequence, b */
export const invalidUtf8 = Uint8Array.from([0x61, 0xff, 0xfe, 0xc3, 0x28, 0x62]);

export const refused400 = { kind: 'refused', status: 400, code: 'VALIDATION_ERROR' } as const;
export const refused413 = { kind: 'refused', status: 413, code: 'PAYLOAD_TOO_LARGE' } as const;

/** A JSON submit of the ordinary document with these fields (they may replace fileName). */
export const json = (fields: Record<string, unknown>) =>
  jsonRequest({ document: base64, fileName: 'a.txt', ...fields });

/** A multipart submit of the ordinary document named `fileName`, with these fields. */
export const form = (
  fields: Record<string, string | Uint8Array> = {},
  fileName: string | Uint8Array = 'a.txt',
) => multipartSubmit({ fileName, bytes: doc }, fields);

/** A case before `via`, which is read off its request. */
export type Case = Omit<HostileCase, 'via'>;

export function withVia(cases: Case[]): HostileCase[] {
  const viaOf = (request: HostileRequest): HostileCase['via'] => {
    if (request.contentType.startsWith('multipart/')) return 'multipart';
    return request.contentType === 'application/json' ? 'json' : 'raw';
  };
  return cases.map((c) => ({ ...c, via: viaOf(c.request) }));
}
