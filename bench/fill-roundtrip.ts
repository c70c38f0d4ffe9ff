/**
 * Fill round trip (issue 19's "Fill/edit round trip", its fill half): 20 generated forms (seeded;
 * half AcroForms with text, radio, dropdown and checkbox fields, half printed forms without fields
 * whose blanks are underscores, rules, boxes or captioned cells) filled by docjobs' fill stage,
 * then read back as text by docjobs' own parse and by the peer, poppler's `pdftotext`:
 *
 *   node bench/fill-roundtrip.ts [--docs 20] [--seed 11]
 *
 * A value is read back when the reader's text holds it (whitespace collapsed). Values that are
 * text on the page are counted: text fields and dropdown choices (AcroForm), and every text value
 * written at a blank (agent fill); a radio button or a checkbox shows a mark, not its value. Each
 * AcroForm is filled twice: fields kept (their appearance streams hold the values) and flattened.
 * `before` checks the blank forms hold none of the values, so a value found is one that was written.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { builtInMapper } from '../src/pipeline/forms/agent-fill.ts';
import { fillDocument, flattenedCopy } from '../src/pipeline/forms/fill-document.ts';
import {
  acroFormPdf,
  type BlankStyle,
  parsePdf,
  printedFormPdf,
  type Question,
  sampleData,
  sampleQuestions,
} from '../src/pipeline/forms/testing/sample-forms.ts';
import { closePdfPool } from '../src/pipeline/pdf/pdf-pool.ts';
import { fixed, machine, printTable, seededRandom } from './lib.ts';

const { values: args } = parseArgs({
  options: { docs: { type: 'string', default: '20' }, seed: { type: 'string', default: '11' } },
});

const parse = async (pdf: Uint8Array) => (await parsePdf(pdf)).text;

const temp = mkdtempSync(join(tmpdir(), 'fill-bench-'));
const hasPdftotext = (() => {
  try {
    execFileSync('pdftotext', ['-v'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();
const pdftotext = (pdf: Uint8Array) => {
  const file = join(temp, 'form.pdf');
  writeFileSync(file, pdf);
  return execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
};

const flat = (text: string) => text.replace(/\s+/g, ' ');
const found = (text: string, values: readonly string[]) =>
  values.filter((value) => flat(text).includes(flat(value))).length;

interface Tally {
  values: number;
  before: number;
  ours: number;
  peer: number;
  filled: number;
  ms: number;
  docs: number;
}
const tally = (): Tally => ({ values: 0, before: 0, ours: 0, peer: 0, filled: 0, ms: 0, docs: 0 });
const kinds = { fields: tally(), jobPages: tally(), flattened: tally(), agent: tally() };

const random = seededRandom(Number(args.seed));
const styles: BlankStyle[] = ['underscore', 'rule', 'box', 'caption', 'above'];
for (let n = 0; n < Number(args.docs); n++) {
  const acro = n % 2 === 0;
  const questions = sampleQuestions(random, acro);
  const data = sampleData(questions);
  const shown = (question: Question) => question.kind === 'text' || (acro && question.kind === 'choice');
  const values = questions.filter(shown).map((question) => String(question.value));
  const order = [...styles].sort(() => random() - 0.5);
  const blank = acro ? await acroFormPdf(questions) : await printedFormPdf(questions, order);
  const before = await parse(blank);
  for (const flatten of acro ? [false, true] : [false]) {
    const kind = acro ? (flatten ? kinds.flattened : kinds.fields) : kinds.agent;
    const started = performance.now();
    const { pdf, report } = await fillDocument(
      {
        pdf: blank,
        parsed: () => parsePdf(blank),
        mapper: { map: builtInMapper, engine: 'builtin' },
      },
      { data, schema: null, flatten, mode: 'auto' },
      new AbortController().signal,
    );
    kind.ms += performance.now() - started;
    const filled = report.filled.filter(
      (entry) => typeof entry.value === 'string' && values.includes(entry.value),
    );
    const read = async (tallied: Tally, output: Uint8Array) => {
      tallied.docs += 1;
      tallied.values += values.length;
      tallied.before += found(before, values);
      tallied.filled += filled.length;
      tallied.ours += found(await parse(output), values);
      if (hasPdftotext) tallied.peer += found(pdftotext(output), values);
    };
    await read(kind, pdf);
    // What a fill job that keeps its fields stores as its pages (engine/fill-job.ts).
    if (acro && !flatten) await read(kinds.jobPages, await flattenedCopy(pdf));
  }
}
await closePdfPool();
rmSync(temp, { recursive: true, force: true });

console.log(`fill round trip: ${args.docs} forms, seed ${args.seed}; ${machine()}`);
const share = (part: number, whole: number) =>
  whole ? `${part} / ${whole} (${fixed(part / whole, 3)})` : '-';
const row = (label: string, t: Tally) => [
  label,
  String(t.docs),
  share(t.filled, t.values),
  String(t.before),
  share(t.ours, t.filled),
  hasPdftotext ? share(t.peer, t.filled) : 'not installed',
  hasPdftotext && t.peer ? fixed(t.ours / t.peer, 2) : '-',
  t.docs && t.ms ? fixed(t.ms / t.docs, 0) : '-',
];
printTable(
  [
    '',
    'forms',
    'filled / text values',
    'before',
    'docjobs parse reads',
    'pdftotext reads',
    'ratio',
    'fill ms/form',
  ],
  [
    row('AcroForm, fields kept', kinds.fields),
    row("  the fill job's pages (flattened copy)", kinds.jobPages),
    row('AcroForm, flattened', kinds.flattened),
    row('no fields (agent fill)', kinds.agent),
  ],
);
