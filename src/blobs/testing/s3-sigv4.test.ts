import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { S3Credentials } from '../s3-client.ts';
import { canonicalQuery, emptySha256, sha256Hex, signRequest } from './s3-sigv4.ts';

// The examples of docs.aws.amazon.com/AmazonS3/latest/API/sig-v4-header-based-auth.html
// ("Examples: Signature Calculations"): same credentials, bucket and instant for all of them.
const credentials: S3Credentials = {
  accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
  secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
};
const date = new Date('2013-05-24T00:00:00Z');
const bucket = 'https://examplebucket.s3.amazonaws.com';
const region = 'us-east-1';

describe('SigV4 against the AWS S3 examples', () => {
  it('GET Object with a Range header', () => {
    const headers = signRequest(
      {
        method: 'GET',
        url: new URL(`${bucket}/test.txt`),
        headers: { Range: 'bytes=0-9' },
        payloadHash: emptySha256,
        region,
        date,
      },
      credentials,
    );
    assert.equal(
      headers.authorization,
      'AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request,' +
        'SignedHeaders=host;range;x-amz-content-sha256;x-amz-date,' +
        'Signature=f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41',
    );
    assert.equal(headers['x-amz-date'], '20130524T000000Z');
    assert.equal(headers.host, undefined, 'the HTTP client sets Host itself');
  });

  it('PUT Object: a signed payload and a key that needs encoding', () => {
    const headers = signRequest(
      {
        method: 'PUT',
        url: new URL(`${bucket}/test$file.text`),
        headers: { date: 'Fri, 24 May 2013 00:00:00 GMT', 'x-amz-storage-class': 'REDUCED_REDUNDANCY' },
        payloadHash: sha256Hex('Welcome to Amazon S3.'),
        region,
        date,
      },
      credentials,
    );
    assert.match(
      headers.authorization!,
      /Signature=98ad721746da40c64f1a55b78f14c238d841ea1380cd77a1b5971af0ece108bd$/,
    );
  });

  it('GET Bucket (list objects): the query is sorted', () => {
    const headers = signRequest(
      {
        method: 'GET',
        url: new URL(`${bucket}/?max-keys=2&prefix=J`),
        payloadHash: emptySha256,
        region,
        date,
      },
      credentials,
    );
    assert.match(
      headers.authorization!,
      /Signature=34b48302e7b5fa45bde8084f4b7868a86f0a534bc59db6670ed5711ef69dc6f7$/,
    );
  });

  it('signs the session token of temporary credentials', () => {
    const headers = signRequest(
      { method: 'GET', url: new URL(`${bucket}/test.txt`), payloadHash: emptySha256, region, date },
      { ...credentials, sessionToken: 'token/with+chars' },
    );
    assert.equal(headers['x-amz-security-token'], 'token/with+chars');
    assert.match(
      headers.authorization!,
      /SignedHeaders=host;x-amz-content-sha256;x-amz-date;x-amz-security-token,/,
    );
  });

  it('encodes query values the RFC 3986 way, empty values kept', () => {
    assert.equal(
      canonicalQuery([
        ['uploads', ''],
        ['prefix', "a b+c/d*'"],
      ]),
      'prefix=a%20b%2Bc%2Fd%2A%27&uploads=',
    );
  });
});
