/**
 * A real HTTP server on 127.0.0.1 speaking the S3 REST protocol (path style), for tests: it stands
 * for AWS S3 / MinIO / R2 (the only kind of fake we allow), so the adapter runs as in production —
 * the AWS SDK's SigV4, XML and status codes, checked by a SigV4 of our own (s3-sigv4.ts). It checks what S3 checks and a lax fake would let through:
 * the signature (403 SignatureDoesNotMatch with a wrong secret), the payload hash, DeleteObjects'
 * Content-MD5 and 1,000-key limit, and the 5 MiB floor for every part but the last.
 * Objects and parts are files in a temporary directory, so big uploads cost the test no memory.
 *
 *   const s3 = await startS3TestServer();
 *   const store = createS3BlobStore({ ...s3.settings, prefix: 'docjobs' });
 *   s3.operations;  // [{ operation: 'PutObject', key: 'docjobs/a', status: 200 }, …]
 *   s3.inject({ kind: 'error', status: 503, code: 'SlowDown' }, { times: 2 });  // see s3-faults.ts
 *   await s3.close();
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { S3Credentials, S3Settings } from '../s3-client.ts';
import { answerWithFault, type FaultOptions, type S3Fault, S3Faults, spoilAnswer } from './s3-faults.ts';
import { canonicalQuery, canonicalUri, computeSignature } from './s3-sigv4.ts';
import { escapeXml, xmlValues } from './s3-xml.ts';

export interface S3TestServer {
  /** Everything an S3BlobStore needs but the prefix (endpoint, bucket, region, credentials). */
  settings: Omit<S3Settings, 'prefix'> & { endpoint: string; credentials: S3Credentials };
  /** Every request in order of arrival, as S3 names its operation; `fault` when one was injected (status 0: no answer, or not answered yet: see `answered`). */
  operations: { operation: string; key: string; status: number; fault?: S3Fault['kind'] }[];
  /** Requests to come meet `fault` (see s3-faults.ts); `clearFaults` drops the ones not met yet. */
  inject(fault: S3Fault | S3Fault[], options?: FaultOptions): void;
  clearFaults(): void;
  /** Resolves once every request that has arrived has its answer's status in `operations`. */
  answered(): Promise<void>;
  /** The keys stored now, sorted. */
  keys(): string[];
  /** Multipart uploads created and neither completed nor aborted. */
  openUploads(): number;
  close(): Promise<void>;
}

interface StoredFile {
  path: string;
  size: number;
  md5: string;
}

class S3Failure extends Error {
  readonly status: number;
  readonly code: string;
  constructor(status: number, code: string, message: string) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

const minPartBytes = 5 * 1024 * 1024;

export async function startS3TestServer(
  options: { bucket?: string; region?: string; credentials?: S3Credentials } = {},
): Promise<S3TestServer> {
  const bucket = options.bucket ?? 'docjobs-test';
  const region = options.region ?? 'us-east-1';
  const credentials = options.credentials ?? {
    accessKeyId: 'AKIATESTDOCJOBS',
    secretAccessKey: randomBytes(20).toString('base64'),
  };
  const root = await mkdtemp(join(tmpdir(), 'docjobs-s3-'));
  const objects = new Map<string, StoredFile>();
  const uploads = new Map<string, { key: string; parts: Map<number, StoredFile> }>();
  const operations: S3TestServer['operations'] = [];
  const newPath = () => join(root, randomBytes(8).toString('hex'));

  /** The body, to a file or in memory, with its MD5; a signed payload hash must match. */
  async function readBody(request: IncomingMessage, toFile: boolean) {
    const sha256 = createHash('sha256');
    const md5 = createHash('md5');
    const chunks: Buffer[] = [];
    const path = toFile ? newPath() : '';
    let size = 0;
    const hashing = async function* (source: AsyncIterable<Buffer>) {
      for await (const chunk of source) {
        sha256.update(chunk);
        md5.update(chunk);
        size += chunk.length;
        yield chunk;
      }
    };
    if (toFile) await pipeline(request, hashing, createWriteStream(path));
    else for await (const chunk of hashing(request)) chunks.push(chunk);
    const claimed = request.headers['x-amz-content-sha256'];
    if (claimed !== 'UNSIGNED-PAYLOAD' && claimed !== sha256.digest('hex')) {
      if (toFile) await rm(path, { force: true });
      throw new S3Failure(
        400,
        'XAmzContentSHA256Mismatch',
        'The provided x-amz-content-sha256 does not match.',
      );
    }
    return { path, size, md5: md5.digest('hex'), bytes: Buffer.concat(chunks) };
  }

  /** Sets `file` under `id`, removing the file it replaces. */
  async function replace<K>(map: Map<K, StoredFile>, id: K, file: StoredFile) {
    const previous = map.get(id);
    map.set(id, file);
    if (previous) await rm(previous.path, { force: true });
  }

  function authenticate(request: IncomingMessage, rawPath: string, rawQuery: string): void {
    const match =
      /^AWS4-HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([^/]+)\/s3\/aws4_request, ?SignedHeaders=([a-z0-9;-]+), ?Signature=([0-9a-f]{64})$/.exec(
        request.headers.authorization ?? '',
      );
    if (!match) throw new S3Failure(403, 'AccessDenied', 'Anonymous access is not allowed.');
    const [, accessKeyId, day, signedRegion, signedHeaders, signature] = match as unknown as string[];
    if (accessKeyId !== credentials.accessKeyId) {
      throw new S3Failure(403, 'InvalidAccessKeyId', 'The AWS access key Id you provided does not exist.');
    }
    if (signedRegion !== region) {
      throw new S3Failure(
        400,
        'AuthorizationHeaderMalformed',
        `The region '${signedRegion}' is wrong; expecting '${region}'.`,
      );
    }
    const names = signedHeaders!.split(';');
    const amzDate = String(request.headers['x-amz-date'] ?? '');
    for (const required of ['host', 'x-amz-date', 'x-amz-content-sha256']) {
      if (!names.includes(required))
        throw new S3Failure(400, 'AuthorizationHeaderMalformed', `${required} is not signed.`);
    }
    if (credentials.sessionToken && request.headers['x-amz-security-token'] !== credentials.sessionToken) {
      throw new S3Failure(403, 'InvalidToken', 'The provided token is malformed or otherwise invalid.');
    }
    const headers = Object.fromEntries(names.map((name) => [name, String(request.headers[name] ?? '')]));
    const query = rawQuery
      .split('&')
      .filter(Boolean)
      .map((pair): [string, string] => {
        const [name = '', value = ''] = pair.split('=');
        return [decodeURIComponent(name), decodeURIComponent(value)];
      });
    const expected = computeSignature({
      method: request.method!,
      canonicalUri: canonicalUri(decodeURIComponent(rawPath)),
      canonicalQuery: canonicalQuery(query),
      headers,
      payloadHash: String(request.headers['x-amz-content-sha256'] ?? ''),
      amzDate,
      region,
      secretAccessKey: credentials.secretAccessKey,
    });
    if (amzDate.slice(0, 8) !== day || !timingSafeEqual(Buffer.from(expected), Buffer.from(signature!))) {
      throw new S3Failure(
        403,
        'SignatureDoesNotMatch',
        'The request signature we calculated does not match the signature you provided.',
      );
    }
  }

  async function handle(request: IncomingMessage, response: ServerResponse, target: Target): Promise<void> {
    const { rawPath, rawQuery, key, params, operation } = target;
    const method = request.method;
    authenticate(request, rawPath, rawQuery);
    if (target.bucket !== bucket) {
      throw new S3Failure(404, 'NoSuchBucket', 'The specified bucket does not exist.');
    }
    const xml = (body: string) => {
      response.setHeader('content-type', 'application/xml');
      response.end(`<?xml version="1.0" encoding="UTF-8"?>\n${body}`);
    };
    const object = objects.get(key);
    const uploadId = params.get('uploadId') ?? '';
    const upload = uploads.get(uploadId);
    if (uploadId && (!upload || upload.key !== key)) {
      throw new S3Failure(404, 'NoSuchUpload', 'The specified multipart upload does not exist.');
    }
    switch (operation) {
      case 'PutObject':
      case 'UploadPart': {
        const body = await readBody(request, true);
        const file = { path: body.path, size: body.size, md5: body.md5 };
        if (upload) await replace(upload.parts, Number(params.get('partNumber')), file);
        else await replace(objects, key, file);
        response.setHeader('etag', `"${body.md5}"`);
        response.end();
        return;
      }
      case 'GetObject':
      case 'HeadObject': {
        await readBody(request, false);
        if (!object) {
          if (method === 'HEAD') throw new S3Failure(404, 'NotFound', '');
          throw new S3Failure(404, 'NoSuchKey', 'The specified key does not exist.');
        }
        let [start, end] = [0, object.size - 1];
        const range = /^bytes=(\d*)-(\d*)$/.exec(String(request.headers.range ?? ''));
        if (range && method === 'GET') {
          if (range[1]) [start, end] = [Number(range[1]), range[2] ? Math.min(Number(range[2]), end) : end];
          else start = Math.max(0, object.size - Number(range[2]));
          if (start > end) throw new S3Failure(416, 'InvalidRange', 'The requested range is not satisfiable');
          response.statusCode = 206;
          response.setHeader('content-range', `bytes ${start}-${end}/${object.size}`);
        }
        response.setHeader('etag', `"${object.md5}"`);
        response.setHeader('content-length', String(end - start + 1));
        if (method === 'HEAD') response.end();
        else await pipeline(createReadStream(object.path, { start, end }), response);
        return;
      }
      case 'DeleteObject': {
        await readBody(request, false);
        objects.delete(key);
        if (object) await rm(object.path, { force: true });
        response.statusCode = 204;
        response.end();
        return;
      }
      case 'ListObjectsV2': {
        await readBody(request, false);
        const prefix = params.get('prefix') ?? '';
        const after = params.has('continuation-token')
          ? Buffer.from(params.get('continuation-token')!, 'base64url').toString()
          : (params.get('start-after') ?? '');
        const maxKeys = Math.min(1000, Number(params.get('max-keys') ?? 1000));
        const matching = [...objects.keys()].filter((name) => name.startsWith(prefix) && name > after).sort();
        const page = matching.slice(0, maxKeys);
        const truncated = matching.length > page.length;
        const contents = page.map(
          (name) =>
            `<Contents><Key>${escapeXml(name)}</Key><Size>${objects.get(name)!.size}</Size>` +
            `<ETag>"${objects.get(name)!.md5}"</ETag></Contents>`,
        );
        const next = truncated
          ? `<NextContinuationToken>${Buffer.from(page.at(-1)!).toString('base64url')}</NextContinuationToken>`
          : '';
        xml(
          `<ListBucketResult><Name>${bucket}</Name><Prefix>${escapeXml(prefix)}</Prefix><KeyCount>${page.length}</KeyCount>` +
            `<MaxKeys>${maxKeys}</MaxKeys><IsTruncated>${truncated}</IsTruncated>${contents.join('')}${next}</ListBucketResult>`,
        );
        return;
      }
      case 'DeleteObjects': {
        const body = await readBody(request, false);
        if (request.headers['content-md5'] !== createHash('md5').update(body.bytes).digest('base64')) {
          throw new S3Failure(400, 'InvalidDigest', 'The Content-MD5 you specified was missing or invalid.');
        }
        const keys = xmlValues(body.bytes.toString(), 'Key');
        if (keys.length > 1000)
          throw new S3Failure(400, 'MalformedXML', 'More than 1000 keys in one request.');
        for (const name of keys) {
          const gone = objects.get(name);
          objects.delete(name);
          if (gone) await rm(gone.path, { force: true });
        }
        xml('<DeleteResult></DeleteResult>');
        return;
      }
      case 'CreateMultipartUpload': {
        await readBody(request, false);
        const id = randomBytes(12).toString('hex');
        uploads.set(id, { key, parts: new Map() });
        xml(
          `<InitiateMultipartUploadResult><Bucket>${bucket}</Bucket><Key>${escapeXml(key)}</Key>` +
            `<UploadId>${id}</UploadId></InitiateMultipartUploadResult>`,
        );
        return;
      }
      case 'CompleteMultipartUpload': {
        const body = (await readBody(request, false)).bytes.toString();
        const numbers = xmlValues(body, 'PartNumber').map(Number);
        const etags = xmlValues(body, 'ETag');
        const parts = numbers.map((number, i) => {
          const part = upload!.parts.get(number);
          if (!part || etags[i] !== `"${part.md5}"`)
            throw new S3Failure(400, 'InvalidPart', `Part ${number} not found.`);
          if (i > 0 && number <= numbers[i - 1]!)
            throw new S3Failure(400, 'InvalidPartOrder', 'Parts out of order.');
          if (i < numbers.length - 1 && part.size < minPartBytes) {
            throw new S3Failure(400, 'EntityTooSmall', `Part ${number} is smaller than 5 MiB.`);
          }
          return part;
        });
        if (parts.length === 0) throw new S3Failure(400, 'MalformedXML', 'No parts.');
        const path = newPath();
        for (const part of parts) {
          await pipeline(createReadStream(part.path), createWriteStream(path, { flags: 'a' }));
        }
        const md5 = createHash('md5');
        for (const part of parts) md5.update(Buffer.from(part.md5, 'hex'));
        await replace(objects, key, {
          path,
          size: (await stat(path)).size,
          md5: `${md5.digest('hex')}-${parts.length}`,
        });
        await discardUpload(uploadId);
        xml(
          `<CompleteMultipartUploadResult><Bucket>${bucket}</Bucket><Key>${escapeXml(key)}</Key></CompleteMultipartUploadResult>`,
        );
        return;
      }
      case 'AbortMultipartUpload': {
        await readBody(request, false);
        await discardUpload(uploadId);
        response.statusCode = 204;
        response.end();
        return;
      }
      default:
        throw new S3Failure(501, 'NotImplemented', `${method} ${request.url} is not implemented here.`);
    }
  }

  async function discardUpload(id: string) {
    const upload = uploads.get(id);
    uploads.delete(id);
    for (const part of upload?.parts.values() ?? []) await rm(part.path, { force: true });
  }

  const faults = new S3Faults();
  /** Answers being sent now; `answered()` waits for them so every status is in the log. */
  const pending = new Set<Promise<void>>();
  const server = createServer((request, response) => {
    const target = targetOf(request);
    const { operation, key } = target;
    const fault = faults.take(operation);
    // Logged on arrival, so the log is in request order even when an answer is logged after the
    // client has read it and sent its next request; the status is filled in once answered.
    const entry: S3TestServer['operations'][number] = { operation, key, status: 0 };
    if (fault) entry.fault = fault.kind;
    operations.push(entry);
    let answered!: () => void;
    const answering = new Promise<void>((resolve) => {
      answered = resolve;
    });
    pending.add(answering);
    void answering.then(() => pending.delete(answering));
    if (fault?.kind === 'dropReply' || fault?.kind === 'stallBody') {
      answered();
      spoilAnswer(fault, request, response);
    } else if (fault) {
      answerWithFault(fault, request, response).then(
        (status) => {
          entry.status = status;
          answered();
        },
        () => answered(),
      );
      return;
    }
    handle(request, response, target).then(
      () => {
        if (!fault) entry.status = response.statusCode;
        answered();
      },
      (error: unknown) => {
        answered();
        if (fault) return void response.destroy();
        const failure =
          error instanceof S3Failure ? error : new S3Failure(500, 'InternalError', (error as Error).message);
        entry.status = failure.status;
        // The body may not have been read (authentication fails first): drop it, as S3 does.
        request.resume();
        if (response.headersSent) return response.destroy();
        response.statusCode = failure.status;
        if (request.method === 'HEAD') return response.end();
        response.setHeader('content-type', 'application/xml');
        response.end(
          `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${failure.code}</Code>` +
            `<Message>${escapeXml(failure.message)}</Message></Error>`,
        );
      },
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    settings: { endpoint: `http://127.0.0.1:${port}`, bucket, region, credentials },
    operations,
    inject: (fault, options) => faults.add(fault, options),
    clearFaults: () => faults.clear(),
    answered: async () => {
      while (pending.size > 0) await Promise.all(pending);
    },
    keys: () => [...objects.keys()].sort(),
    openUploads: () => uploads.size,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await rm(root, { recursive: true, force: true });
    },
  };
}

interface Target {
  rawPath: string;
  rawQuery: string;
  bucket: string;
  key: string;
  params: URLSearchParams;
  operation: string;
}

/** Path style: /bucket/key?query. */
function targetOf(request: IncomingMessage): Target {
  const [rawPath = '/', rawQuery = ''] = (request.url ?? '/').split('?');
  const [bucket = '', ...key] = rawPath.split('/').slice(1).map(decodeURIComponent);
  const params = new URLSearchParams(rawQuery);
  const operation = operationOf(request.method, key.join('/'), params);
  return { rawPath, rawQuery, bucket, key: key.join('/'), params, operation };
}

function operationOf(method: string | undefined, key: string, params: URLSearchParams): string {
  if (!key) {
    if (method === 'GET' && params.get('list-type') === '2') return 'ListObjectsV2';
    if (method === 'POST' && params.has('delete')) return 'DeleteObjects';
    return 'Unsupported';
  }
  const upload = params.has('uploadId');
  if (method === 'PUT') return upload && params.has('partNumber') ? 'UploadPart' : 'PutObject';
  if (method === 'POST')
    return params.has('uploads')
      ? 'CreateMultipartUpload'
      : upload
        ? 'CompleteMultipartUpload'
        : 'Unsupported';
  if (method === 'DELETE') return upload ? 'AbortMultipartUpload' : 'DeleteObject';
  if (method === 'GET') return 'GetObject';
  if (method === 'HEAD') return 'HeadObject';
  return 'Unsupported';
}
