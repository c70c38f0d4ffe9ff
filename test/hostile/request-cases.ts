/**
 * Hostile requests around an ordinary document: file names, JSON bodies, bytes that are not UTF-8.
 * Each is sent as JSON or multipart, whichever reaches the code it attacks (multipart fields skip
 * the JSON body's checks). Metadata and schema bombs are in limit-cases.ts.
 */
import { jsonRequest, jsonWithRawBytes, nestedObject } from './builders.ts';
import type { HostileCase } from './generate-hostile-inputs.ts';
import { base64, type Case, form, invalidUtf8, json, refused400, refused413, withVia } from './ordinary.ts';

export function requestCases(): HostileCase[] {
  const cases: Case[] = [
    // File names: a label only (documents are stored under the job id), but one that must be
    // storable, printable and safe in a header, a CSV export and a dashboard.
    {
      name: 'name-traversal-json',
      group: 'file-name',
      why: 'fileName ../../etc/passwd: kept as a label, never a path; downloads get a flattened name',
      request: json({ fileName: '../../etc/passwd' }),
      expect: { kind: 'completed', fileType: 'text', contains: ['ordinary'], fileName: '../../etc/passwd' },
    },
    {
      name: 'name-traversal-multipart',
      group: 'file-name',
      why: 'a file part named ../../etc/passwd: the multipart parser keeps the last segment',
      request: form({}, '../../etc/passwd'),
      expect: { kind: 'completed', fileType: 'text', contains: ['ordinary'], fileName: 'passwd' },
    },
    {
      name: 'name-nul-json',
      group: 'file-name',
      why: 'a NUL in fileName: PostgreSQL text cannot hold it',
      request: json({ fileName: 'report\u0000.pdf' }),
      expect: refused400,
    },
    {
      name: 'name-nul-multipart',
      group: 'file-name',
      why: 'a raw NUL byte in the file part name',
      request: form({}, Buffer.from('report\0.txt', 'latin1')),
      expect: refused400,
    },
    {
      name: 'name-newline-json',
      group: 'file-name',
      why: 'a newline in fileName (log and header injection)',
      request: json({ fileName: 'a\r\nX-Injected: 1.txt' }),
      expect: refused400,
    },
    {
      name: 'name-newline-multipart',
      group: 'file-name',
      why: 'a bare line feed inside the quoted file name: the part is malformed',
      request: form({}, 'a\nb.txt'),
      expect: refused400,
    },
    {
      name: 'name-rtl-override-json',
      group: 'file-name',
      why: 'U+202E RIGHT-TO-LEFT OVERRIDE: invoice‮fdp.exe shows as invoiceexe.pdf',
      request: json({ fileName: 'invoice\u202efdp.exe' }),
      expect: refused400,
    },
    {
      name: 'name-rtl-override-multipart',
      group: 'file-name',
      why: 'the same override in a multipart file name',
      request: form({}, 'invoice\u202etxt.exe'),
      expect: refused400,
    },
    {
      name: 'name-10kb-json',
      group: 'file-name',
      why: 'a 10 KB fileName',
      request: json({ fileName: `${'n'.repeat(10_240)}.txt` }),
      expect: refused400,
    },
    {
      name: 'name-10kb-multipart',
      group: 'file-name',
      why: 'a 10 KB file part name',
      request: form({}, `${'n'.repeat(10_240)}.txt`),
      expect: refused400,
    },
    {
      name: 'name-10kb-multipart-field',
      group: 'file-name',
      why: 'a 10 KB fileName field beside a sane file part name',
      request: form({ fileName: `${'n'.repeat(10_240)}.txt` }),
      expect: refused400,
    },
    {
      name: 'name-invalid-utf8-multipart',
      group: 'file-name',
      why: 'file part name bytes that are not UTF-8',
      request: form({}, Buffer.concat([Buffer.from(invalidUtf8), Buffer.from('.txt')])),
      expect: refused400,
    },
    // JSON bodies.
    {
      name: 'json-deep-10000',
      group: 'json',
      why: 'a body nested 10,000 levels deep',
      request: jsonRequest(Buffer.from(`[${nestedObject(10_000)}]`)),
      expect: refused400,
    },
    {
      name: 'json-deep-10000-metadata',
      group: 'json',
      why: 'a 10,000-deep value inside metadata',
      request: jsonRequest(
        Buffer.from(`{"document":"${base64}","fileName":"a.txt","metadata":{"k":${nestedObject(10_000)}}}`),
      ),
      expect: refused400,
    },
    {
      name: 'json-deep-1000000-array',
      group: 'json',
      why: 'a million nested arrays (2 MB): under the submit size limit, far over any depth',
      request: jsonRequest(Buffer.from(`${'['.repeat(1_000_000)}${']'.repeat(1_000_000)}`)),
      expect: refused400,
    },
    {
      name: 'json-10mb-nested-arrays',
      group: 'json',
      why: 'a 10 MB body of five million nested arrays: refused from its text, never built (~300 MB of heap)',
      request: jsonRequest(Buffer.from(`${'['.repeat(5_000_000)}${']'.repeat(5_000_000)}`)),
      expect: refused400,
    },
    {
      name: 'json-10mb-document',
      group: 'json',
      why: 'a 10 MB document as base64 (13.3 MB of JSON) with MAX_UPLOAD_MB=8',
      request: json({ document: Buffer.alloc(10 * 2 ** 20, 0x61).toString('base64') }),
      expect: refused413,
    },
    {
      name: 'json-10mb-metadata',
      group: 'json',
      why: 'a 10 MB metadata value: within the submit size limit, refused by the metadata limits',
      request: json({ metadata: { k: 'v'.repeat(10 * 2 ** 20) } }),
      expect: refused400,
    },
    {
      name: 'json-10mb-extractor',
      group: 'json',
      why: 'a 10 MB body to a route that takes 1 MB',
      request: jsonRequest(
        { name: 'big', schema: { type: 'object', description: 'd'.repeat(10 * 2 ** 20) } },
        '/v1/extractors',
      ),
      expect: refused413,
    },
    {
      name: 'json-truncated',
      group: 'json',
      why: 'a JSON body cut off mid-string',
      request: jsonRequest(Buffer.from(`{"document":"${base64}","fileName":"a.t`)),
      expect: refused400,
    },
    {
      name: 'json-proto-key',
      group: 'json',
      why: 'a __proto__ key (prototype pollution)',
      request: jsonRequest(
        Buffer.from(`{"document":"${base64}","fileName":"a.txt","metadata":{"__proto__":{"admin":"1"}}}`),
      ),
      expect: refused400,
    },
    {
      name: 'multipart-options-deep-10000',
      group: 'json',
      why: 'options as a multipart field nested 10,000 deep: multipart fields skip the JSON body depth guard',
      request: form({ options: nestedObject(10_000) }),
      expect: refused400,
    },
    {
      name: 'multipart-steps-deep-10000',
      group: 'json',
      why: 'workflow steps as a multipart field nested 10,000 deep',
      request: form({ type: 'workflow', steps: `[{"type":"extract","schema":${nestedObject(10_000)}}]` }),
      expect: refused400,
    },
    {
      name: 'multipart-1000-fields',
      group: 'json',
      why: '1,000 metadata.KEY fields',
      request: form(Object.fromEntries(Array.from({ length: 1000 }, (_, i) => [`metadata.k${i}`, 'v']))),
      expect: refused413,
    },
    // Bytes that are not UTF-8, and strings PostgreSQL cannot store.
    {
      name: 'utf8-json-filename',
      group: 'utf8',
      why: 'fileName with bytes that are not UTF-8 inside a JSON body',
      request: jsonRequest(jsonWithRawBytes({ document: base64, fileName: '@@bad@@' }, { bad: invalidUtf8 })),
      expect: refused400,
    },
    {
      name: 'utf8-json-metadata',
      group: 'utf8',
      why: 'a metadata value with bytes that are not UTF-8 inside a JSON body',
      request: jsonRequest(
        jsonWithRawBytes(
          { document: base64, fileName: 'a.txt', metadata: { k: '@@bad@@' } },
          { bad: invalidUtf8 },
        ),
      ),
      expect: refused400,
    },
    {
      name: 'utf8-json-lone-surrogate',
      group: 'utf8',
      why: 'a metadata value "\\ud800": valid JSON, but no Unicode text (jsonb refuses it)',
      request: jsonRequest(
        Buffer.from(`{"document":"${base64}","fileName":"a.txt","metadata":{"k":"x\\ud800y"}}`),
      ),
      expect: refused400,
    },
    {
      name: 'utf8-json-nul-metadata',
      group: 'utf8',
      why: 'a metadata value "\\u0000": valid JSON, but jsonb cannot store it',
      request: jsonRequest(
        Buffer.from(`{"document":"${base64}","fileName":"a.txt","metadata":{"k":"x\\u0000y"}}`),
      ),
      expect: refused400,
    },
    {
      name: 'utf8-multipart-metadata-field',
      group: 'utf8',
      why: 'a metadata.KEY multipart field whose value is not UTF-8',
      request: form({ 'metadata.k': invalidUtf8 }),
      expect: refused400,
    },
    {
      name: 'utf8-multipart-metadata-json',
      group: 'utf8',
      why: 'a metadata JSON field with a value that is not UTF-8',
      request: form({
        metadata: Buffer.concat([Buffer.from('{"k":"'), Buffer.from(invalidUtf8), Buffer.from('"}')]),
      }),
      expect: refused400,
    },
    {
      name: 'utf8-multipart-nul-field',
      group: 'utf8',
      why: 'a NUL byte in a metadata.KEY multipart field',
      request: form({ 'metadata.k': Buffer.from('x\0y', 'latin1') }),
      expect: refused400,
    },
    {
      name: 'utf8-multipart-options-invalid',
      group: 'utf8',
      why: 'an options field with bytes that are not UTF-8 inside a JSON string',
      request: form({
        options: Buffer.concat([Buffer.from('{"languages":"'), Buffer.from(invalidUtf8), Buffer.from('"}')]),
      }),
      expect: refused400,
    },
  ];
  return withVia(cases);
}
