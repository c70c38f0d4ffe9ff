import { join } from 'node:path';
import { type Config, ConfigError } from '../core/config.ts';
import type { BlobStore } from './blob-store.ts';
import { createFsBlobStore } from './fs-blob-store.ts';
import { createS3BlobStore } from './s3-blob-store.ts';
import type { S3Settings } from './s3-client.ts';

/**
 * The blob store BLOB_URL names: DATA_DIR/blobs when unset, else an S3 bucket. The endpoint,
 * region and keys come from the standard AWS variables, read from `env` (process.env in
 * production: Config does not carry them, so a secret never sits in the config object); without
 * keys, the AWS SDK's default credential chain (profiles, SSO, web identity, instance role).
 */
export function openBlobStore(config: Config, env: NodeJS.ProcessEnv = process.env): BlobStore {
  if (!config.blobUrl) return createFsBlobStore(join(config.dataDir, 'blobs'));
  return createS3BlobStore({
    ...s3SettingsFrom(config.blobUrl, env),
    timeoutMs: config.s3TimeoutMs,
    maxRetries: config.s3MaxRetries,
  });
}

// S3's rules for bucket names (R2 and MinIO follow them): 3-63 of a-z 0-9 . -, a letter or digit at each end.
const bucketPattern = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;
const prefixPattern = /^[A-Za-z0-9_-][A-Za-z0-9._-]*(\/[A-Za-z0-9_-][A-Za-z0-9._-]*)*$/;

/** `s3://bucket/prefix` plus AWS_* variables, checked all at once like loadConfig does. */
export function s3SettingsFrom(blobUrl: string, env: NodeJS.ProcessEnv): S3Settings {
  const problems: string[] = [];
  let url: URL | null = null;
  try {
    url = new URL(blobUrl);
  } catch {
    problems.push(`BLOB_URL must look like s3://bucket/prefix, got "${blobUrl}"`);
  }
  if (url && url.protocol !== 's3:') {
    problems.push(`BLOB_URL must start with s3:// (unset it to keep blobs in DATA_DIR), got "${blobUrl}"`);
  } else if (url) {
    if (!bucketPattern.test(url.hostname)) {
      problems.push(`BLOB_URL's bucket "${url.hostname}" is not a valid S3 bucket name`);
    }
    if (url.username || url.password || url.search || url.hash || url.port) {
      problems.push(
        'BLOB_URL takes no port, query or credentials: use AWS_ENDPOINT_URL and AWS_ACCESS_KEY_ID',
      );
    }
  }
  // From the text as written: URL would resolve `a/../b` to `b` without a word.
  const prefix = (/^s3:\/\/[^/?#]*([^?#]*)/.exec(blobUrl)?.[1] ?? '').replace(/^\/+|\/+$/g, '');
  if (prefix && !prefixPattern.test(prefix)) {
    problems.push(`BLOB_URL's prefix "${prefix}" may only hold letters, digits, . _ - and single slashes`);
  }
  const endpoint = env.AWS_ENDPOINT_URL_S3 || env.AWS_ENDPOINT_URL || null;
  if (endpoint && !/^https?:\/\/[^/]/.test(endpoint)) {
    problems.push(`AWS_ENDPOINT_URL must be an http:// or https:// URL, got "${endpoint}"`);
  }
  // Both keys or neither: without them the SDK's default chain finds credentials (see S3Settings).
  if (Boolean(env.AWS_ACCESS_KEY_ID) !== Boolean(env.AWS_SECRET_ACCESS_KEY)) {
    const [given, missing] = env.AWS_ACCESS_KEY_ID
      ? ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY']
      : ['AWS_SECRET_ACCESS_KEY', 'AWS_ACCESS_KEY_ID'];
    problems.push(
      `${missing} is required with ${given} (or set neither: AWS_PROFILE, web identity or the instance role then)`,
    );
  }
  if (problems.length > 0 || !url) {
    throw new ConfigError(`invalid configuration:\n${problems.map((line) => `  ${line}`).join('\n')}`);
  }
  return {
    bucket: url.hostname,
    prefix,
    // What the AWS CLI and SDKs default to for S3; R2 wants "auto", MinIO accepts its own default.
    region: env.AWS_REGION || env.AWS_DEFAULT_REGION || 'us-east-1',
    endpoint,
    ...(env.AWS_ACCESS_KEY_ID && env.AWS_SECRET_ACCESS_KEY
      ? {
          credentials: {
            accessKeyId: env.AWS_ACCESS_KEY_ID,
            secretAccessKey: env.AWS_SECRET_ACCESS_KEY,
            sessionToken: env.AWS_SESSION_TOKEN || undefined,
          },
        }
      : {}),
  };
}
