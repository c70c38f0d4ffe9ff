import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { ConfigError, loadConfig } from '../core/config.ts';
import { openBlobStore, s3SettingsFrom } from './open-blob-store.ts';
import { startS3TestServer } from './testing/s3-server.ts';

const credentials = { AWS_ACCESS_KEY_ID: 'AKIAEXAMPLE', AWS_SECRET_ACCESS_KEY: 'secret' };

describe('openBlobStore', () => {
  it('reads bucket and prefix from BLOB_URL, the rest from the AWS variables', () => {
    assert.deepEqual(
      s3SettingsFrom('s3://my-bucket/docjobs/prod/', {
        ...credentials,
        AWS_ENDPOINT_URL: 'http://127.0.0.1:9000',
        AWS_DEFAULT_REGION: 'eu-west-3',
        AWS_SESSION_TOKEN: 'token',
      }),
      {
        bucket: 'my-bucket',
        prefix: 'docjobs/prod',
        region: 'eu-west-3',
        endpoint: 'http://127.0.0.1:9000',
        credentials: { accessKeyId: 'AKIAEXAMPLE', secretAccessKey: 'secret', sessionToken: 'token' },
      },
    );
  });

  it('prefers the S3-specific endpoint and AWS_REGION, and defaults to AWS in us-east-1', () => {
    const settings = s3SettingsFrom('s3://bucket', {
      ...credentials,
      AWS_ENDPOINT_URL: 'http://other:1',
      AWS_ENDPOINT_URL_S3: 'https://acct.r2.cloudflarestorage.com',
      AWS_REGION: 'auto',
      AWS_DEFAULT_REGION: 'eu-west-3',
    });
    assert.equal(settings.endpoint, 'https://acct.r2.cloudflarestorage.com');
    assert.equal(settings.region, 'auto');
    assert.equal(settings.prefix, '');
    const aws = s3SettingsFrom('s3://bucket/x', credentials);
    assert.equal(aws.endpoint, null);
    assert.equal(aws.region, 'us-east-1');
  });

  it('stops at start with a ConfigError naming every problem', () => {
    const cases: [string, Record<string, string>, RegExp][] = [
      ['https://bucket/prefix', credentials, /BLOB_URL must start with s3:\/\//],
      ['s3://Bad_Bucket/p', credentials, /bucket "Bad_Bucket" is not a valid S3 bucket name/],
      ['s3://bucket/a/../b', credentials, /prefix .* may only hold/],
      ['s3://key:secret@bucket/p', credentials, /takes no port, query or credentials/],
      ['s3://bucket/p', { ...credentials, AWS_ENDPOINT_URL: 'localhost:9000' }, /AWS_ENDPOINT_URL must be/],
      [
        's3://bucket/p',
        { AWS_ACCESS_KEY_ID: 'AKIA' },
        /AWS_SECRET_ACCESS_KEY is required with AWS_ACCESS_KEY_ID/,
      ],
      [
        's3://bucket/p',
        { AWS_SECRET_ACCESS_KEY: 's' },
        /AWS_ACCESS_KEY_ID is required with AWS_SECRET_ACCESS_KEY/,
      ],
    ];
    for (const [url, env, message] of cases) {
      assert.throws(
        () => s3SettingsFrom(url, env),
        (error: unknown) => {
          assert.ok(error instanceof ConfigError, url);
          assert.match((error as Error).message, message);
          return true;
        },
      );
    }
  });

  it('gives the S3 client S3_TIMEOUT_MS and S3_MAX_RETRIES, and refuses bad values', async () => {
    const s3 = await startS3TestServer();
    try {
      s3.inject({ kind: 'stall' }, { times: 2 });
      const env = {
        AWS_ENDPOINT_URL: s3.settings.endpoint,
        AWS_ACCESS_KEY_ID: s3.settings.credentials.accessKeyId,
        AWS_SECRET_ACCESS_KEY: s3.settings.credentials.secretAccessKey,
      };
      const config = loadConfig({
        BLOB_URL: `s3://${s3.settings.bucket}/x`,
        S3_TIMEOUT_MS: '200',
        S3_MAX_RETRIES: '1',
      });
      const started = Date.now();
      await assert.rejects(
        openBlobStore(config, env).exists('a'),
        /ETIMEDOUT: no data for 200 ms \(2 attempts\)/,
      );
      assert.ok(Date.now() - started < 2000);
    } finally {
      await s3.close();
    }
    assert.throws(() => loadConfig({ S3_TIMEOUT_MS: '10' }), /S3_TIMEOUT_MS must be an integer from 100/);
    assert.throws(() => loadConfig({ S3_MAX_RETRIES: 'many' }), /S3_MAX_RETRIES must be an integer/);
    assert.equal(loadConfig({}).s3TimeoutMs, 30_000);
  });

  it("finds credentials through the AWS SDK's default chain when no keys are given (a profile here)", async () => {
    assert.equal(s3SettingsFrom('s3://bucket/p', {}).credentials, undefined);
    const s3 = await startS3TestServer();
    const dir = mkdtempSync(join(tmpdir(), 'docjobs-aws-'));
    const { accessKeyId, secretAccessKey } = s3.settings.credentials;
    writeFileSync(
      join(dir, 'credentials'),
      `[docjobs]\naws_access_key_id = ${accessKeyId}\naws_secret_access_key = ${secretAccessKey}\n`,
    );
    writeFileSync(join(dir, 'config'), '');
    // The chain reads process.env itself. IMDS and ECS are switched off: nothing leaves 127.0.0.1.
    const saved = { ...process.env };
    Object.assign(process.env, {
      AWS_SHARED_CREDENTIALS_FILE: join(dir, 'credentials'),
      AWS_CONFIG_FILE: join(dir, 'config'),
      AWS_PROFILE: 'docjobs',
      AWS_EC2_METADATA_DISABLED: 'true',
    });
    for (const name of ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN'])
      delete process.env[name];
    try {
      const config = loadConfig({ BLOB_URL: `s3://${s3.settings.bucket}/chain` });
      const store = openBlobStore(config, { AWS_ENDPOINT_URL: s3.settings.endpoint });
      await store.put('jobs/job_a/document', new TextEncoder().encode('signed by the profile'));
      assert.deepEqual(s3.keys(), ['chain/jobs/job_a/document']);
    } finally {
      process.env = saved;
      rmSync(dir, { recursive: true, force: true });
      await s3.close();
    }
  });

  it('keeps blobs in DATA_DIR when BLOB_URL is unset, without asking for AWS variables', () => {
    const store = openBlobStore(loadConfig({ DATA_DIR: '/tmp/docjobs-unused' }), {});
    assert.equal(typeof store.put, 'function');
  });
});
