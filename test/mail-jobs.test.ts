import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { makeEml, makeMsg } from '../src/pipeline/formats/mail/testing/mail-fixtures.ts';
import { makeTextPdf } from './fixtures.ts';
import {
  backends,
  type JobView,
  startTestDocjobs,
  submit,
  type TestDocjobs,
  waitFor,
  waitTerminal,
} from './harness.ts';

interface Attachment {
  fileName: string;
  mimeType: string;
  sizeBytes: number;
  jobId: string | null;
  reason?: string;
}
interface MailResult {
  text: string;
  metadata: {
    title: string | null;
    email: { from: string; to: string[]; subject: string; messageId: string };
  };
  pages: { blocks: { type: string; text: string }[] }[];
  attachments: Attachment[];
  attachmentsNote?: string;
}

const nested = (depth: number): string =>
  makeEml({
    subject: `Level ${depth}`,
    text: `Body at level ${depth}`,
    attachments:
      depth > 0
        ? [{ fileName: `level-${depth - 1}.eml`, mimeType: 'message/rfc822', content: nested(depth - 1) }]
        : [],
  });

for (const backend of backends) {
  describe(`e-mail jobs on ${backend}`, () => {
    let dj: TestDocjobs;
    before(async () => {
      dj = await startTestDocjobs(backend, 'mail-jobs');
    });
    after(async () => dj?.close());

    const get = (url: string, auth = dj.auth) => dj.app.inject({ method: 'GET', url, headers: auth });
    const resultOf = async <T = MailResult>(id: string) => (await get(`/v1/jobs/${id}/result`)).json() as T;
    const done = async (id: string) => {
      const job = await waitTerminal(dj, id);
      assert.equal(job.status, 'completed', JSON.stringify(job.error));
      return job;
    };

    it('reads headers and body, and makes each attachment a child job that completes', async () => {
      const eml = makeEml({
        subject: 'Invoice INV-7 for March',
        cc: 'Carol <carol@example.org>',
        text: 'Dear Bob, the invoice is attached.',
        html: '<p>Dear Bob, the <b>invoice</b> is attached.</p>',
        attachments: [
          {
            fileName: 'invoice.pdf',
            mimeType: 'application/pdf',
            content: makeTextPdf(['Invoice INV-7\nTotal due: 880.00 EUR']),
          },
          { fileName: 'logo.png', mimeType: 'image/png', content: 'not shown', inline: true },
          {
            fileName: 'tool.exe',
            mimeType: 'application/octet-stream',
            content: Buffer.from([0x4d, 0x5a, 0, 0, 1, 2, 3, 0, 0, 0]),
          },
          { fileName: 'forwarded.eml', mimeType: 'message/rfc822', content: nested(1) },
        ],
      });
      const job = await submit(dj, eml, 'mail.eml', { type: 'parse', metadata: { batch: 'b1' } });
      const parent = await done(job.id);
      assert.equal(parent.mimeType, 'message/rfc822');
      const result = await resultOf(job.id);
      // The result is what /openapi.json says a parse result is (its schemas are closed).
      const ajv = new Ajv2020({ strict: false, allowUnionTypes: true, allErrors: true, logger: false });
      addFormatsModule.default(ajv);
      ajv.addSchema((await dj.app.inject({ url: '/openapi.json' })).json(), 'openapi.json');
      const validate = ajv.getSchema('openapi.json#/components/schemas/ParseResult')!;
      assert.ok(validate(result), JSON.stringify(validate.errors));
      assert.equal(result.metadata.title, 'Invoice INV-7 for March');
      assert.equal(result.metadata.email.from, 'Alice Sender <alice@example.org>');
      assert.deepEqual(result.metadata.email.to, ['Bob Receiver <bob@example.org>']);
      assert.match(
        result.pages[0]!.blocks[0]!.text,
        /^From: Alice Sender[\s\S]*Cc: Carol[\s\S]*Subject: Invoice INV-7/,
      );
      assert.match(result.text, /the invoice is attached/);
      // The inline picture is left out; the executable is listed with why it has no job.
      assert.deepEqual(
        result.attachments.map((a) => [a.fileName, a.jobId !== null]),
        [
          ['invoice.pdf', true],
          ['tool.exe', false],
          ['forwarded.eml', true],
        ],
      );
      assert.match(result.attachments[1]!.reason!, /UNSUPPORTED_FORMAT/);
      const pdfChild = (await done(result.attachments[0]!.jobId!)) as JobView & { dependsOn: string[] };
      assert.deepEqual(pdfChild.dependsOn, [job.id]);
      assert.equal(pdfChild.fileName, 'invoice.pdf');
      assert.equal((pdfChild as unknown as { metadata: Record<string, string> }).metadata.emailJobId, job.id);
      assert.match((await resultOf<{ text: string }>(pdfChild.id)).text, /Total due: 880\.00 EUR/);
      // The forwarded e-mail is read too, and its own attachment becomes its child.
      const forwarded = result.attachments[2]!.jobId!;
      await done(forwarded);
      const inner = await resultOf(forwarded);
      assert.equal(inner.metadata.title, 'Level 1');
      assert.equal(inner.attachments.length, 1);
      await done(inner.attachments[0]!.jobId!);

      // Another organisation sees neither the e-mail job nor its children.
      for (const id of [job.id, pdfChild.id, forwarded]) {
        assert.equal((await get(`/v1/jobs/${id}`, dj.otherAuth)).statusCode, 404);
        assert.equal((await get(`/v1/jobs/${id}/result`, dj.otherAuth)).statusCode, 404);
      }

      // Deleting the e-mail job leaves its children: each owns its document and result.
      const deleted = await dj.app.inject({ method: 'DELETE', url: `/v1/jobs/${job.id}`, headers: dj.auth });
      assert.equal(deleted.statusCode < 300, true, deleted.body);
      assert.equal((await get(`/v1/jobs/${job.id}`)).statusCode, 404);
      assert.equal((await get(`/v1/jobs/${pdfChild.id}/result`)).statusCode, 200);
    });

    it('reads e-mails nested 3 deep and lists the 4th without a job', async () => {
      const job = await submit(dj, nested(4), 'deep.eml', { type: 'parse' });
      let id = job.id;
      let last: MailResult | null = null;
      for (let level = 4; level >= 1; level--) {
        await done(id);
        last = await resultOf<MailResult>(id);
        assert.equal(last.metadata.title, `Level ${level}`);
        if (last.attachments[0]!.jobId === null) break;
        id = last.attachments[0]!.jobId;
      }
      assert.equal(last!.metadata.title, 'Level 1');
      assert.equal(last!.attachments[0]!.jobId, null);
      assert.match(last!.attachments[0]!.reason!, /nested more than 3 levels/);
    });

    it('takes inline images when asked, and reads Outlook MSG files with their attachments', async () => {
      const eml = makeEml({
        subject: 'Picture inside',
        html: '<p>See <img src="cid:part0@fixture"></p>',
        // A picture of the body's layout, as mail clients send one (any type does: PDF here).
        attachments: [
          {
            fileName: 'chart.pdf',
            mimeType: 'application/pdf',
            content: makeTextPdf(['Chart']),
            inline: true,
          },
        ],
      });
      const withInline = await submit(dj, eml, 'pic.eml', {
        type: 'parse',
        options: { email: { inlineImages: true } },
      });
      await done(withInline.id);
      assert.equal((await resultOf(withInline.id)).attachments[0]!.fileName, 'chart.pdf');
      const without = await submit(dj, eml, 'pic.eml', { type: 'parse' });
      await done(without.id);
      assert.deepEqual((await resultOf(without.id)).attachments, []);
      await assert.rejects(
        submit(dj, eml, 'pic.eml', { type: 'parse', options: { email: { inline: true } } }),
        /400 .*VALIDATION_ERROR.*options\.email\.inline/,
      );

      const msg = makeMsg({
        subject: 'Outlook report',
        text: 'The quarterly report is attached.',
        attachments: [
          { fileName: 'report.txt', mimeType: 'text/plain', content: 'Revenue grew 12 percent.' },
        ],
      });
      const job = await submit(dj, msg, 'report.msg', { type: 'parse' });
      const parent = await done(job.id);
      assert.equal(parent.mimeType, 'application/vnd.ms-outlook');
      const result = await resultOf(job.id);
      assert.equal(result.metadata.email.subject, 'Outlook report');
      assert.match(result.text, /quarterly report is attached/);
      const child = await waitFor(async () => result.attachments[0]?.jobId);
      await done(child);
      assert.match((await resultOf<{ text: string }>(child)).text, /Revenue grew 12 percent/);
    });

    it('submits at most 20 attachments of an e-mail and says so', async () => {
      const attachments = Array.from({ length: 22 }, (_, n) => ({
        fileName: `note-${n + 1}.txt`,
        mimeType: 'text/plain',
        content: `Note number ${n + 1}`,
      }));
      const job = await submit(
        dj,
        makeEml({ subject: 'Many notes', text: 'notes', attachments }),
        'many.eml',
        {
          type: 'parse',
        },
      );
      await done(job.id);
      const result = await resultOf(job.id);
      assert.equal(result.attachments.length, 22);
      assert.equal(result.attachments.filter((a) => a.jobId !== null).length, 20);
      assert.match(result.attachments[21]!.reason!, /at most 20 attachments/);
      assert.match(result.attachmentsNote!, /at most 20 attachments per e-mail/);
      await done(result.attachments[19]!.jobId!);
    });

    it('extracts a PDF attachment of an e-mail submitted for extract with the same schema', async () => {
      const schema = {
        type: 'object',
        properties: { invoice_number: { type: 'string', description: 'Invoice number' } },
      };
      const pdf = makeTextPdf([
        'Northwind Traders Ltd\nINVOICE\nInvoice number: INV-42\nTotal due: 880.00 EUR',
      ]);
      const eml = makeEml({
        subject: 'Your invoice',
        text: 'Invoice number: INV-41 is replaced by the attached one.',
        attachments: [{ fileName: 'inv.pdf', mimeType: 'application/pdf', content: pdf }],
      });
      const job = await submit(dj, eml, 'invoice.eml', { type: 'extract', schema, engine: 'builtin' });
      await done(job.id);
      const result = await resultOf<{ type: string; attachments: Attachment[] }>(job.id);
      assert.equal(result.type, 'extract');
      const childId = result.attachments[0]!.jobId!;
      const child = await done(childId);
      assert.equal(child.type, 'extract');
      const extracted = await resultOf<{ schema: unknown; data: { invoice_number?: string } }>(childId);
      assert.deepEqual(extracted.schema, schema);
      assert.equal(extracted.data.invoice_number, 'INV-42');
    });
  });
}
