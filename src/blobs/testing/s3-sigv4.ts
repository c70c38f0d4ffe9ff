import { createHash, createHmac } from 'node:crypto';
import type { S3Credentials } from '../s3-client.ts';
import { uriEncode } from '../s3-http-handler.ts';

/**
 * AWS Signature Version 4 for S3, header form (docs.aws.amazon.com/AmazonS3/latest/API/
 * sig-v4-header-based-auth.html), written apart from the AWS SDK that signs our requests: the test
 * server checks the SDK's signatures with `computeSignature`, so a wrong key or token is refused as
 * S3 would. `signRequest` pins it to AWS's published examples in s3-sigv4.test.ts.
 */

export const emptySha256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';

export const sha256Hex = (data: string | Uint8Array) => createHash('sha256').update(data).digest('hex');

/** S3 encodes each path segment once (other services encode twice). */
export const canonicalUri = (decodedPath: string) => decodedPath.split('/').map(uriEncode).join('/');

export const canonicalQuery = (params: Iterable<[string, string]>) =>
  [...params]
    .map(([name, value]) => [uriEncode(name), uriEncode(value)])
    .sort(([a], [b]) => (a! < b! ? -1 : a! > b! ? 1 : 0))
    .map(([name, value]) => `${name}=${value}`)
    .join('&');

/** `20130524T000000Z`: ISO 8601 basic, seconds, UTC. */
export const amzDate = (date: Date) =>
  date
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');

export interface SignatureInput {
  method: string;
  /** Already in canonical form (see canonicalUri, canonicalQuery). */
  canonicalUri: string;
  canonicalQuery: string;
  /** Lower-case names of the signed headers with their values; all of them are signed. */
  headers: Record<string, string>;
  payloadHash: string;
  amzDate: string;
  region: string;
  secretAccessKey: string;
}

export function computeSignature(input: SignatureInput): string {
  const names = Object.keys(input.headers).sort();
  const canonicalHeaders = names
    .map((name) => `${name}:${input.headers[name]!.trim().replace(/\s+/g, ' ')}\n`)
    .join('');
  const canonicalRequest = [
    input.method,
    input.canonicalUri,
    input.canonicalQuery,
    canonicalHeaders,
    names.join(';'),
    input.payloadHash,
  ].join('\n');
  const day = input.amzDate.slice(0, 8);
  const stringToSign = [
    'AWS4-HMAC-SHA256',
    input.amzDate,
    `${day}/${input.region}/s3/aws4_request`,
    sha256Hex(canonicalRequest),
  ].join('\n');
  const hmac = (key: string | Buffer, data: string) => createHmac('sha256', key).update(data).digest();
  let key = hmac(`AWS4${input.secretAccessKey}`, day);
  for (const part of [input.region, 's3', 'aws4_request']) key = hmac(key, part);
  return createHmac('sha256', key).update(stringToSign).digest('hex');
}

export interface SignRequestInput {
  method: string;
  url: URL;
  /** Headers to send and sign besides host and the x-amz-* ones this adds (e.g. range, content-md5). */
  headers?: Record<string, string>;
  payloadHash: string;
  region: string;
  date?: Date;
}

/** The headers to send: the given ones plus x-amz-date, x-amz-content-sha256 and Authorization. */
export function signRequest(request: SignRequestInput, credentials: S3Credentials): Record<string, string> {
  const date = amzDate(request.date ?? new Date());
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers ?? {})) headers[name.toLowerCase()] = value;
  headers['x-amz-date'] = date;
  headers['x-amz-content-sha256'] = request.payloadHash;
  if (credentials.sessionToken) headers['x-amz-security-token'] = credentials.sessionToken;
  // The HTTP client sets Host from the URL itself, so it is signed but not returned.
  const signed = { ...headers, host: request.url.host };
  const signature = computeSignature({
    method: request.method,
    canonicalUri: canonicalUri(decodeURIComponent(request.url.pathname)),
    canonicalQuery: canonicalQuery(request.url.searchParams),
    headers: signed,
    payloadHash: request.payloadHash,
    amzDate: date,
    region: request.region,
    secretAccessKey: credentials.secretAccessKey,
  });
  const scope = `${date.slice(0, 8)}/${request.region}/s3/aws4_request`;
  headers.authorization =
    `AWS4-HMAC-SHA256 Credential=${credentials.accessKeyId}/${scope},` +
    `SignedHeaders=${Object.keys(signed).sort().join(';')},Signature=${signature}`;
  return headers;
}
