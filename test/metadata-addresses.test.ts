import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { postWebhook } from '../src/services/webhook-sender.ts';
import { isMetadataAddress } from '../src/services/address-guard.ts';
import { backends, startTestDocjobs, type TestDocjobs } from './harness.ts';

/**
 * Cloud metadata services hand out the instance's credentials: refused as webhook targets and as
 * document URLs even where WEBHOOK_ALLOW_PRIVATE and URL_FETCH_ALLOW_PRIVATE open the private
 * network, in every spelling an http client would connect with.
 */
const metadataHosts = [
  '169.254.169.254',
  '2852039166', // one decimal number
  '0xa9fea9fe', // one hex number
  '0251.0376.0251.0376', // octal parts
  '0xa9.0xfe.0xa9.0xfe',
  '169.254.43518', // the last two parts as one
  '169.16689662', // the last three
  '169.254.169.254.', // trailing dot
  '[::ffff:169.254.169.254]', // IPv4-mapped IPv6
  '[::ffff:a9fe:a9fe]',
  '[64:ff9b::a9fe:a9fe]', // NAT64
  '[fd00:ec2::254]', // AWS over IPv6
  '[FD00:EC2:0:0:0:0:0:254]',
  '169.254.170.2', // ECS task credentials
  '100.100.100.200', // Alibaba
  'metadata.google.internal',
  'METADATA.Google.Internal',
  'metadata.google.internal.',
];

describe('metadata addresses', () => {
  it('are recognised in every spelling, and nothing else is', () => {
    for (const host of metadataHosts) assert.equal(isMetadataAddress(host), true, host);
    for (const host of [
      '169.254.169.253',
      '10.0.0.1',
      '127.0.0.1',
      '[::1]',
      '93.184.215.14',
      'fd00:ec2::253',
      'metadata.example.com',
      'google.internal',
      'localhost',
    ]) {
      assert.equal(isMetadataAddress(host), false, host);
    }
  });

  it('are refused at send time with private targets allowed, without connecting', async () => {
    for (const host of metadataHosts) {
      const sent = await postWebhook(`http://${host}/latest/meta-data/`, {}, '{}', {
        timeoutMs: 2000,
        allowPrivate: true,
      });
      assert.equal(sent.statusCode, null, host);
      assert.match(sent.error ?? '', /metadata addresses are never allowed/, host);
    }
  });
});

for (const backend of backends) {
  describe(`metadata addresses with WEBHOOK_ALLOW_PRIVATE and URL_FETCH_ALLOW_PRIVATE on ${backend}`, () => {
    let dj: TestDocjobs;
    before(async () => {
      dj = await startTestDocjobs(
        backend,
        'metadata-addresses',
        { WEBHOOK_ALLOW_PRIVATE: 'true', URL_FETCH_ALLOW_PRIVATE: 'true' },
        { worker: false },
      );
    });
    after(async () => dj?.close());

    const refusedWith = (
      response: { statusCode: number; json(): { error: { code: string; field?: string; message: string } } },
      field: string,
      url: string,
    ) => {
      assert.equal(response.statusCode, 400, url);
      const { error } = response.json();
      assert.deepEqual([error.code, error.field], ['VALIDATION_ERROR', field], url);
      assert.match(error.message, /metadata addresses are never allowed/, url);
      assert.match(error.message, /WEBHOOK_ALLOW_PRIVATE/, url);
    };

    it('answers 400 at PUT /v1/settings/webhook and at submit (webhookUrl)', async () => {
      for (const host of metadataHosts) {
        const url = `http://${host}/latest/meta-data/`;
        const put = await dj.app.inject({
          method: 'PUT',
          url: '/v1/settings/webhook',
          headers: dj.auth,
          payload: { url },
        });
        refusedWith(put, 'url', url);
        const submitted = await dj.app.inject({
          method: 'POST',
          url: '/v1/jobs',
          headers: dj.auth,
          payload: { document: Buffer.from('x').toString('base64'), fileName: 'x.txt', webhookUrl: url },
        });
        refusedWith(submitted, 'webhookUrl', url);
      }
      // A private target is still allowed here: only metadata is refused always.
      const loopback = await dj.app.inject({
        method: 'PUT',
        url: '/v1/settings/webhook',
        headers: dj.auth,
        payload: { url: 'http://127.0.0.1:9/hook' },
      });
      assert.equal(loopback.statusCode, 200, loopback.body);
    });

    it('answers 400 to a document URL (field url)', async () => {
      for (const host of metadataHosts) {
        const url = `http://${host}/latest/meta-data/iam/security-credentials/`;
        const response = await dj.app.inject({
          method: 'POST',
          url: '/v1/jobs',
          headers: dj.auth,
          payload: { url },
        });
        refusedWith(response, 'url', url);
      }
    });
  });
}
