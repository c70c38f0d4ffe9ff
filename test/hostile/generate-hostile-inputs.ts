/**
 * The hostile input suite: every case built here from code (no binary file is committed), with how
 * it is sent and what the server must answer. test/hostile-inputs.test.ts sends them all to a real
 * `docjobs serve`; run this file as a script to write them out for a person, or another tool:
 *
 *   node test/hostile/generate-hostile-inputs.ts --out DIR
 *
 * DIR gets, per case, the raw request body (`NN-name.body`), the document inside it when there is
 * one (`NN-name.doc.EXT`), and `manifest.json` (method, path, content type, expectation).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ErrorCode } from '../../src/core/errors.ts';
import { makeDocx, makePdf } from '../../src/pipeline/testing/fixtures.ts';
import { documentCases } from './document-cases.ts';
import { limitCases } from './limit-cases.ts';
import { requestCases } from './request-cases.ts';

/** What the server must do with a case. */
export type Expectation =
  /** Refused at the door: this status and `{"error":{"code",…}}`. */
  | { kind: 'refused'; status: number; code: ErrorCode }
  /** Accepted (202), and the job ends `failed` with this `error.code`. */
  | { kind: 'failed'; code: ErrorCode }
  /**
   * Accepted and read for what its bytes are (the name and declared type do not decide): the job
   * completes with this `fileType`, its text has every `contains` and none of `lacks`.
   */
  | {
      kind: 'completed';
      fileType: string;
      contains?: string[];
      lacks?: string[];
      /** The file name the job keeps, when the case is about the name. */
      fileName?: string;
    };

export interface HostileRequest {
  method: 'POST';
  path: string;
  contentType: string;
  body: Buffer;
}

export interface HostileCase {
  /** Unique, kebab-case. */
  name: string;
  group:
    | 'pdf'
    | 'docx'
    | 'image'
    | 'polyglot'
    | 'type'
    | 'file-name'
    | 'json'
    | 'utf8'
    | 'metadata'
    | 'schema';
  /** What it attacks, and why the expected answer is the right one. */
  why: string;
  via: 'multipart' | 'json' | 'raw';
  request: HostileRequest;
  /** The document carried by the request, for --out. */
  document?: { fileName: string; bytes: Uint8Array };
  expect: Expectation;
}

/**
 * The server settings the expectations assume: an 8 MB upload limit, so a 10 MB document is a 413
 * and a JSON submit may be ~11.7 MB (base64 + 1 MB) before Fastify refuses it.
 */
export const hostileServerEnv = { MAX_UPLOAD_MB: '8' } as const;

export async function hostileCases(): Promise<HostileCase[]> {
  const cases = [...(await documentCases()), ...requestCases(), ...limitCases()];
  const names = new Set<string>();
  for (const c of cases) {
    if (names.has(c.name)) throw new Error(`two cases are named ${c.name}`);
    names.add(c.name);
  }
  return cases;
}

/** Good documents sent between the hostile ones: each must complete with its own text. */
export function controlDocument(index: number): { fileName: string; bytes: Uint8Array; marker: string } {
  const marker = `control${index}marker${(index * 7919) % 1000}`;
  switch (index % 3) {
    case 0:
      return {
        fileName: `control-${index}.pdf`,
        bytes: makePdf([{ lines: [[12, 72, 72, `Control document ${marker}`]] }]),
        marker,
      };
    case 1:
      return {
        fileName: `control-${index}.docx`,
        bytes: makeDocx({ title: 'Control', heading: 'Control', paragraphs: [marker], table: [['a', 'b']] }),
        marker,
      };
    default:
      return { fileName: `control-${index}.txt`, bytes: Buffer.from(`Control text ${marker}\n`), marker };
  }
}

async function writeOut(dir: string): Promise<void> {
  mkdirSync(dir, { recursive: true });
  const cases = await hostileCases();
  const manifest = cases.map((c, k) => {
    const stem = `${String(k + 1).padStart(2, '0')}-${c.name}`;
    writeFileSync(join(dir, `${stem}.body`), c.request.body);
    let documentFile: string | null = null;
    if (c.document) {
      // The case's own file name may be the attack (../, NUL, 10 KB): never use it on disk.
      const ext = /\.([a-z0-9]{1,5})$/i.exec(c.document.fileName)?.[1] ?? 'bin';
      documentFile = `${stem}.doc.${ext}`;
      writeFileSync(join(dir, documentFile), c.document.bytes);
    }
    const { method, path, contentType } = c.request;
    return {
      name: c.name,
      group: c.group,
      why: c.why,
      via: c.via,
      method,
      path,
      contentType,
      bodyFile: `${stem}.body`,
      documentFile,
      expect: c.expect,
    };
  });
  writeFileSync(
    join(dir, 'manifest.json'),
    `${JSON.stringify({ serverEnv: hostileServerEnv, cases: manifest }, null, 2)}\n`,
  );
  console.log(`${cases.length} cases written to ${dir}`);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const at = process.argv.indexOf('--out');
  const dir = at > 0 ? process.argv[at + 1] : undefined;
  if (!dir) {
    console.error('usage: node test/hostile/generate-hostile-inputs.ts --out DIR');
    process.exit(2);
  }
  await writeOut(dir);
}
