/**
 * E-mails (issue 20): generated messages — EML (text or HTML body) and Outlook MSG, 0-3 attachments
 * each (a PDF, a text note, a forwarded .eml; plus an inline picture that must NOT count) — read by
 * docjobs' parse stage (a worker thread: pages) and its attachment reader (the child jobs' bytes),
 * scored on attachments found vs made and body word recall, against the floor peer: the parser
 * libraries alone (mailparser for EML, msgreader for MSG) on the main thread, their text as is.
 * `soffice --convert-to txt` cannot read EML or MSG, so LibreOffice is no peer here.
 *
 *   node bench/formats-mail.ts [--count 200] [--seed 1]
 * Messages are made in memory; nothing is written to disk.
 */
import msgreader from '@kenjiuno/msgreader';
import { simpleParser } from 'mailparser';
import { detectFileType } from '../src/pipeline/detect.ts';
import { mailAttachments } from '../src/pipeline/formats/mail/mail-pool.ts';
import {
  type FixtureAttachment,
  makeEml,
  makeMsg,
} from '../src/pipeline/formats/mail/testing/mail-fixtures.ts';
import { closeThreadPools, parseDocument } from '../src/pipeline/parse-document.ts';
import { makePdf } from '../src/pipeline/testing/fixtures.ts';
import { fixed, machine, positiveInt, printTable } from './lib.ts';
import { bagOfWords } from './scoring.ts';

const args = process.argv.slice(2);
const arg = (name: string, fallback: string) => {
  const at = args.indexOf(`--${name}`);
  return at >= 0 && args[at + 1] ? args[at + 1]! : fallback;
};
const count = positiveInt('--count', arg('count', '200'));
let seed = positiveInt('--seed', arg('seed', '1'));
const random = () => {
  seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
  return seed / 2 ** 31;
};
const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)]!;

const vocabulary =
  'invoice payment contract delivery schedule meeting budget report quarter revenue customer supplier order shipment warehouse review approval signature deadline agenda minutes proposal estimate balance account transfer reminder renewal policy claim'.split(
    ' ',
  );
const sentence = () =>
  `${Array.from({ length: 8 + Math.floor(random() * 8) }, () => pick(vocabulary)).join(' ')}.`;
const paragraphs = () => Array.from({ length: 2 + Math.floor(random() * 4) }, () => sentence());

interface Sample {
  kind: 'eml' | 'msg';
  bytes: Uint8Array;
  body: string;
  attachmentsMade: number;
}

function sample(n: number): Sample {
  const body = paragraphs();
  const attachments: FixtureAttachment[] = [];
  for (let k = Math.floor(random() * 4); k > 0; k--) {
    const which = pick(['pdf', 'text', 'eml'] as const);
    if (which === 'pdf') {
      const lines = paragraphs().map(
        (text, i) => [11, 72, 72 + 16 * i, text] as [number, number, number, string],
      );
      attachments.push({
        fileName: `doc-${n}-${k}.pdf`,
        mimeType: 'application/pdf',
        content: makePdf([{ lines }]),
      });
    } else if (which === 'text')
      attachments.push({
        fileName: `note-${n}-${k}.txt`,
        mimeType: 'text/plain',
        content: paragraphs().join('\n\n'),
      });
    else
      attachments.push({
        fileName: `fwd-${n}-${k}.eml`,
        mimeType: 'message/rfc822',
        content: makeEml({ subject: `Fwd ${n}`, text: sentence() }),
      });
  }
  const subject = `Message ${n}: ${pick(vocabulary)}`;
  if (random() < 0.25) {
    const plain = attachments.filter((a) => a.mimeType !== 'message/rfc822');
    return {
      kind: 'msg',
      bytes: makeMsg({ subject, text: body.join('\n\n'), attachments: plain }),
      body: body.join(' '),
      attachmentsMade: plain.length,
    };
  }
  const inline: FixtureAttachment = {
    fileName: 'logo.pdf',
    mimeType: 'application/pdf',
    content: makePdf([{ lines: [] }]),
    inline: true,
  };
  const html =
    random() < 0.5 ? `<div>${body.map((p) => `<p>${p}</p>`).join('')}<img src="cid:logo"></div>` : undefined;
  const eml = makeEml({
    subject,
    text: html ? undefined : body.join('\n\n'),
    html,
    attachments: [...attachments, ...(html ? [inline] : [])],
  });
  return { kind: 'eml', bytes: Buffer.from(eml), body: body.join(' '), attachmentsMade: attachments.length };
}

/** Share of the body's words (as a multiset) found in `text`. */
function recall(body: string, text: string): number {
  const { matched, reference } = bagOfWords(text, body);
  return reference === 0 ? 1 : matched / reference;
}

async function docjobsRead(s: Sample) {
  const signal = new AbortController().signal;
  const detected = await detectFileType(s.bytes.subarray(0, 4100), null, null);
  if (detected.kind !== s.kind) throw new Error(`detected ${detected.kind}, made ${s.kind}`);
  const doc = await parseDocument(s.bytes, detected, { signal });
  const found = (await mailAttachments(s.kind, s.bytes, signal)).filter((a) => !a.inline);
  return { text: doc.text, attachments: found.length };
}

async function peerRead(s: Sample) {
  if (s.kind === 'msg') {
    const reader = new msgreader.default(
      new DataView(s.bytes.buffer, s.bytes.byteOffset, s.bytes.byteLength),
    );
    const fields = reader.getFileData();
    const attachments = (fields.attachments ?? []).map((a) => reader.getAttachment(a));
    return { text: `${fields.subject ?? ''}\n${fields.body ?? ''}`, attachments: attachments.length };
  }
  const mail = await simpleParser(Buffer.from(s.bytes));
  // The peer gets the same rule for inline pictures, and the HTML's text when there is no text part.
  const html = typeof mail.html === 'string' ? mail.html.replace(/<[^>]+>/g, ' ') : '';
  const inline = (a: (typeof mail.attachments)[number]) =>
    a.related || (a.contentDisposition === 'inline' && Boolean(a.cid));
  return { text: mail.text || html, attachments: mail.attachments.filter((a) => !inline(a)).length };
}

async function measure(
  name: string,
  samples: Sample[],
  read: (s: Sample) => Promise<{ text: string; attachments: number }>,
) {
  let recallSum = 0;
  let exact = 0;
  let found = 0;
  const started = performance.now();
  for (const s of samples) {
    const got = await read(s);
    recallSum += recall(s.body, got.text);
    found += got.attachments;
    if (got.attachments === s.attachmentsMade) exact++;
  }
  const ms = performance.now() - started;
  return { name, recall: recallSum / samples.length, exact, found, ms };
}

const samples = Array.from({ length: count }, (_, n) => sample(n));
const made = samples.reduce((sum, s) => sum + s.attachmentsMade, 0);
// One warm-up each: thread start and module loading are not per-message costs.
await docjobsRead(samples[0]!);
await peerRead(samples[0]!);
const ours = await measure('docjobs (parse stage + attachment reader, worker threads)', samples, docjobsRead);
const peer = await measure('peer: mailparser / msgreader alone, main thread', samples, peerRead);
await closeThreadPools();

const msgs = samples.filter((s) => s.kind === 'msg').length;
console.log(
  `E-mails: ${count} generated (seed ${arg('seed', '1')}), ${count - msgs} EML + ${msgs} MSG, ${made} attachments made (inline pictures not counted); ${machine()}`,
);
printTable(
  ['', 'body recall', 'attachments found', 'exact count', 'ms/message'],
  [ours, peer].map((r) => [
    r.name,
    fixed(r.recall, 3),
    `${r.found}/${made}`,
    `${r.exact}/${count}`,
    fixed(r.ms / count, 2),
  ]),
);
console.log(`throughput ratio docjobs/peer: ${fixed(peer.ms / ours.ms, 2)}× (messages per second)`);
