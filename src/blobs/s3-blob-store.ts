import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import type { S3Client } from '@aws-sdk/client-s3';
import type { Upload } from '@aws-sdk/lib-storage';
import {
  assertBlobKey,
  BlobAccessDeniedError,
  BlobNotFoundError,
  type BlobStore,
  type ByteRange,
} from './blob-store.ts';
import { createS3Client, defaultS3MaxRetries, S3Error, type S3Settings, s3Error } from './s3-client.ts';

/**
 * S3's smallest part (but the last) is 5 MiB; 8 MiB is what the AWS CLI uses. At most 10,000 parts,
 * so one upload can reach 78 GiB, far over MAX_UPLOAD_MB's ceiling of 10 GiB.
 */
export const defaultPartSizeBytes = 8 * 1024 * 1024;

/**
 * Blobs as objects of an S3 bucket (AWS, MinIO, Cloudflare R2), through the AWS SDK v3. A stream
 * goes up through lib-storage's Upload one part at a time (queueSize 1), so an upload holds about
 * one part in memory whatever its size, and a part that fails is sent again from that buffer; a
 * body shorter than a part goes up in one PutObject.
 */
export function createS3BlobStore(settings: S3Settings, options: { partSizeBytes?: number } = {}): BlobStore {
  let loading: Promise<Sdk> | null = null;
  /** The SDK's client, commands and Upload, imported on the first request (see createS3Client). */
  const sdk = () => {
    loading ??= (async () => {
      const [s3, api, storage] = await Promise.all([
        createS3Client(settings),
        import('@aws-sdk/client-s3'),
        import('@aws-sdk/lib-storage'),
      ]);
      return { s3, api, Upload: storage.Upload };
    })();
    return loading;
  };
  const Bucket = settings.bucket;
  const partSize = options.partSizeBytes ?? defaultPartSizeBytes;
  const objectKey = (key: string) =>
    settings.prefix ? `${settings.prefix}/${assertBlobKey(key)}` : assertBlobKey(key);
  async function getObject(key: string, range?: ByteRange) {
    const { s3, api } = await sdk();
    const Range = range && rangeHeader(range);
    return s3.send(new api.GetObjectCommand({ Bucket, Key: objectKey(key), Range })).catch((error) => {
      throw readFailure(error, key);
    });
  }

  async function putStream(Key: string, source: Readable): Promise<number> {
    const { s3, Upload } = await sdk();
    let sizeBytes = 0;
    const counted = async function* () {
      for await (const chunk of source as AsyncIterable<Buffer>) {
        sizeBytes += chunk.length;
        yield chunk;
      }
    };
    // Upload aborts the multipart upload when a part fails past its retries or the source fails:
    // parts of an unfinished upload are stored (and billed) until then.
    const upload = new Upload({
      client: s3,
      params: { Bucket, Key, Body: Readable.from(counted()) },
      partSize,
      queueSize: 1,
    });
    try {
      await upload.done();
    } catch (error) {
      if (!(await completedDespite(await sdk(), Bucket, Key, upload, error))) throw error;
    }
    return sizeBytes;
  }

  return {
    async put(key, source) {
      const Key = objectKey(key);
      if (source instanceof Uint8Array) {
        const { s3, api } = await sdk();
        await s3.send(new api.PutObjectCommand({ Bucket, Key, Body: source }));
        return { sizeBytes: source.byteLength };
      }
      return { sizeBytes: await putStream(Key, source) };
    },
    async get(key, range) {
      return (await getObject(key, range)).Body as Readable;
    },
    async getBytes(key) {
      // Read whole inside the retries: a body that breaks off halfway is fetched again.
      const attempts = (settings.maxRetries ?? defaultS3MaxRetries) + 1;
      for (let attempt = 1; ; attempt++) {
        const body = (await getObject(key)).Body as Readable;
        try {
          return new Uint8Array(Buffer.concat(await body.toArray()));
        } catch (error) {
          if (attempt >= attempts) throw s3Error(error, 'GetObject', objectKey(key));
        }
      }
    },
    async exists(key) {
      const { s3, api } = await sdk();
      try {
        await s3.send(new api.HeadObjectCommand({ Bucket, Key: objectKey(key) }));
        return true;
      } catch (error) {
        if (error instanceof S3Error && error.status === 404) return false;
        throw error;
      }
    },
    async delete(key) {
      const { s3, api } = await sdk();
      await s3.send(new api.DeleteObjectCommand({ Bucket, Key: objectKey(key) }));
    },
    async deletePrefix(prefix) {
      const { s3, api } = await sdk();
      const Prefix = `${objectKey(prefix)}/`;
      let ContinuationToken: string | undefined;
      do {
        // A page holds at most 1,000 keys, as many as one DeleteObjects takes.
        const page = await s3.send(new api.ListObjectsV2Command({ Bucket, Prefix, ContinuationToken }));
        const Objects = (page.Contents ?? []).flatMap(({ Key }) => (Key ? [{ Key }] : []));
        if (Objects.length > 0) {
          const reply = await s3.send(
            new api.DeleteObjectsCommand({ Bucket, Delete: { Objects, Quiet: true } }),
          );
          // Quiet mode lists only the keys that could not be deleted.
          const failed = reply.Errors?.[0];
          if (failed) {
            const failure = {
              status: 200,
              code: failed.Code ?? 'Error',
              detail: failed.Message ?? '',
              attempts: 1,
            };
            throw new S3Error('DeleteObjects', failed.Key ?? '', failure, null);
          }
        }
        ContinuationToken = page.IsTruncated ? page.NextContinuationToken : undefined;
      } while (ContinuationToken);
    },
  };
}

interface Sdk {
  s3: S3Client;
  api: typeof import('@aws-sdk/client-s3');
  Upload: typeof Upload;
}

const rangeHeader = (range: ByteRange) => `bytes=${range.start}-${range.end ?? ''}`;

/** A GetObject's failure as the port says: a missing key, a refusal of these credentials, or as it is. */
function readFailure(error: unknown, key: string): unknown {
  if (!(error instanceof S3Error)) return error;
  if (error.code === 'NoSuchKey') return new BlobNotFoundError(`no blob ${key}`);
  if (error.status === 401 || error.status === 403)
    return new BlobAccessDeniedError(error.message, { cause: error });
  return error;
}

/**
 * CompleteMultipartUpload, retried like every request. A retry after an answer that got lost finds
 * the upload gone (404 NoSuchUpload) because the first try completed it: the object's ETag, the
 * MD5 of the parts' MD5s and their count, tells that apart from an upload aborted by someone else.
 */
async function completedDespite(
  { s3, api }: Sdk,
  bucket: string,
  key: string,
  upload: Upload,
  error: unknown,
): Promise<boolean> {
  if (!(error instanceof S3Error && error.code === 'NoSuchUpload' && error.attempts > 1)) return false;
  // lib-storage keeps the parts' ETags in a field it does not export; without them nothing is checked.
  const parts = (upload as unknown as { uploadedParts?: { ETag?: string }[] }).uploadedParts ?? [];
  const expected = multipartEtag(parts.map((part) => part.ETag ?? ''));
  if (!expected) return false;
  const head = await s3.send(new api.HeadObjectCommand({ Bucket: bucket, Key: key })).catch(() => null);
  return head?.ETag === expected;
}

/**
 * The ETag S3 gives an object made of parts: the MD5 of the parts' binary MD5s, a dash, their count.
 * null when a part's ETag is not an MD5 (SSE-KMS objects), and nothing can be checked.
 */
export function multipartEtag(partEtags: string[]): string | null {
  if (partEtags.length === 0) return null;
  const md5 = createHash('md5');
  for (const etag of partEtags) {
    const hex = /^"?([0-9a-f]{32})"?$/i.exec(etag)?.[1];
    if (!hex) return null;
    md5.update(Buffer.from(hex, 'hex'));
  }
  return `"${md5.digest('hex')}-${partEtags.length}"`;
}
