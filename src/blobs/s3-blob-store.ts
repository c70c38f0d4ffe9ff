import { createHash } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Readable } from 'node:stream';
import { assertBlobKey, BlobNotFoundError, type BlobStore, type ByteRange } from './blob-store.ts';
import { createS3Client, escapeXml, S3Error, type S3Settings, xmlValues } from './s3-client.ts';

/**
 * S3's smallest part (but the last) is 5 MiB; 8 MiB is what the AWS CLI uses. At most 10,000 parts,
 * so one upload can reach 78 GiB, far over MAX_UPLOAD_MB's ceiling of 10 GiB.
 */
export const defaultPartSizeBytes = 8 * 1024 * 1024;
/** DeleteObjects takes at most 1,000 keys, as many as ListObjectsV2 returns per page. */
const deleteBatch = 1000;

/**
 * Blobs as objects of an S3 bucket (AWS, MinIO, Cloudflare R2). A stream goes up in parts of
 * `partSizeBytes` through one buffer, so an upload holds one part in memory whatever its size;
 * a body shorter than a part goes up in one PutObject.
 */
export function createS3BlobStore(settings: S3Settings, options: { partSizeBytes?: number } = {}): BlobStore {
  const s3 = createS3Client(settings);
  const send = s3.send;
  const partSize = options.partSizeBytes ?? defaultPartSizeBytes;
  const objectKey = (key: string) =>
    settings.prefix ? `${settings.prefix}/${assertBlobKey(key)}` : assertBlobKey(key);

  const putObject = (key: string, body: Uint8Array) =>
    send({ operation: 'PutObject', method: 'PUT', key, body });

  async function putStream(key: string, source: Readable): Promise<number> {
    const part = Buffer.allocUnsafe(partSize);
    let filled = 0;
    let sizeBytes = 0;
    let uploadId: string | null = null;
    const etags: string[] = [];
    const uploadPart = async (bytes: Uint8Array) => {
      if (!uploadId) {
        const created = await send({
          operation: 'CreateMultipartUpload',
          method: 'POST',
          key,
          query: { uploads: '' },
        });
        uploadId = xmlValues(created.text, 'UploadId')[0] ?? null;
        if (!uploadId) throw new Error(`S3 CreateMultipartUpload ${key}: no UploadId in the reply`);
      }
      const query = { partNumber: String(etags.length + 1), uploadId };
      const response = await send({ operation: 'UploadPart', method: 'PUT', key, query, body: bytes });
      etags.push(String(response.headers.etag ?? ''));
    };
    try {
      for await (const chunk of source as AsyncIterable<Buffer>) {
        sizeBytes += chunk.length;
        for (let offset = 0; offset < chunk.length; ) {
          const copied = chunk.copy(part, filled, offset);
          filled += copied;
          offset += copied;
          // Sent before more is read: the source waits (backpressure) while a part is in flight.
          if (filled === partSize) {
            await uploadPart(part);
            filled = 0;
          }
        }
      }
      if (!uploadId) {
        await putObject(key, part.subarray(0, filled));
        return sizeBytes;
      }
      if (filled > 0) await uploadPart(part.subarray(0, filled));
      await completeUpload(key, uploadId, etags);
      return sizeBytes;
    } catch (error) {
      // Parts of an unfinished upload are stored (and billed) until it is aborted: whatever failed
      // (the source, a part past its retries, the completion), the upload goes. Retried like any
      // request; a 404 NoSuchUpload (completed or aborted already) is as good as done.
      const id: string | null = uploadId;
      if (id) {
        await send({
          operation: 'AbortMultipartUpload',
          method: 'DELETE',
          key,
          query: { uploadId: id },
        }).catch(() => {});
      }
      throw error;
    }
  }

  /**
   * CompleteMultipartUpload, retried like every request. A retry after an answer that got lost finds
   * the upload gone (404 NoSuchUpload) because the first try completed it: the object's ETag, the
   * MD5 of the parts' MD5s and their count, tells that apart from an upload aborted by someone else.
   */
  async function completeUpload(key: string, uploadId: string, etags: string[]): Promise<void> {
    const parts = etags.map(
      (etag, i) => `<Part><PartNumber>${i + 1}</PartNumber><ETag>${escapeXml(etag)}</ETag></Part>`,
    );
    try {
      await send({
        operation: 'CompleteMultipartUpload',
        method: 'POST',
        key,
        query: { uploadId },
        body: Buffer.from(`<CompleteMultipartUpload>${parts.join('')}</CompleteMultipartUpload>`),
        errorIn200: true,
      });
    } catch (error) {
      if (!(error instanceof S3Error && error.code === 'NoSuchUpload' && error.attempts > 1)) throw error;
      const expected = multipartEtag(etags);
      const head = await send({ operation: 'HeadObject', method: 'HEAD', key, accept: [404] });
      if (!expected || head.status === 404 || head.headers.etag !== expected) throw error;
    }
  }

  async function getObject(key: string, range?: ByteRange): Promise<IncomingMessage> {
    const headers = range ? { range: `bytes=${range.start}-${range.end ?? ''}` } : undefined;
    return s3.open({ operation: 'GetObject', method: 'GET', key: objectKey(key), headers }).catch((error) => {
      throw notFound(error, key);
    });
  }

  return {
    async put(key, source) {
      const object = objectKey(key);
      if (source instanceof Uint8Array) {
        await putObject(object, source);
        return { sizeBytes: source.byteLength };
      }
      return { sizeBytes: await putStream(object, source) };
    },
    async get(key, range) {
      return getObject(key, range);
    },
    async getBytes(key) {
      // Read whole inside the retries: a body that breaks off halfway is fetched again.
      const reply = await s3
        .read({ operation: 'GetObject', method: 'GET', key: objectKey(key) })
        .catch((error) => {
          throw notFound(error, key);
        });
      return new Uint8Array(reply.body);
    },
    async exists(key) {
      const response = await send({
        operation: 'HeadObject',
        method: 'HEAD',
        key: objectKey(key),
        accept: [404],
      });
      return response.status !== 404;
    },
    async delete(key) {
      await send({ operation: 'DeleteObject', method: 'DELETE', key: objectKey(key) });
    },
    async deletePrefix(prefix) {
      const listed = `${objectKey(prefix)}/`;
      let token: string | undefined;
      do {
        const query: Record<string, string> = { 'list-type': '2', prefix: listed };
        if (token) query['continuation-token'] = token;
        const page = (await send({ operation: 'ListObjectsV2', method: 'GET', key: '', query })).text;
        const keys = xmlValues(page, 'Key');
        for (let i = 0; i < keys.length; i += deleteBatch)
          await deleteObjects(keys.slice(i, i + deleteBatch));
        token = page.includes('<IsTruncated>true</IsTruncated>')
          ? xmlValues(page, 'NextContinuationToken')[0]
          : undefined;
      } while (token);
    },
  };

  async function deleteObjects(keys: string[]): Promise<void> {
    if (keys.length === 0) return;
    const objects = keys.map((key) => `<Object><Key>${escapeXml(key)}</Key></Object>`).join('');
    const body = Buffer.from(`<Delete><Quiet>true</Quiet>${objects}</Delete>`);
    const response = await send({
      operation: 'DeleteObjects',
      method: 'POST',
      key: '',
      query: { delete: '' },
      // S3 refuses a DeleteObjects without a checksum of its body.
      headers: { 'content-md5': createHash('md5').update(body).digest('base64') },
      body,
    });
    // Quiet mode lists only the keys that could not be deleted.
    const reply = response.text;
    if (reply.includes('<Error>')) {
      const [key = '', code = 'Error'] = [xmlValues(reply, 'Key')[0], xmlValues(reply, 'Code')[0]];
      throw new S3Error('DeleteObjects', key, response.status, code, xmlValues(reply, 'Message')[0] ?? '');
    }
  }
}

const notFound = (error: unknown, key: string) =>
  error instanceof S3Error && error.code === 'NoSuchKey' ? new BlobNotFoundError(`no blob ${key}`) : error;

/**
 * The ETag S3 gives an object made of parts: the MD5 of the parts' binary MD5s, a dash, their count.
 * null when a part's ETag is not an MD5 (SSE-KMS objects), and nothing can be checked.
 */
export function multipartEtag(partEtags: string[]): string | null {
  const md5 = createHash('md5');
  for (const etag of partEtags) {
    const hex = /^"?([0-9a-f]{32})"?$/i.exec(etag)?.[1];
    if (!hex) return null;
    md5.update(Buffer.from(hex, 'hex'));
  }
  return `"${md5.digest('hex')}-${partEtags.length}"`;
}
