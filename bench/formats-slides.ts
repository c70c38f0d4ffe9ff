/**
 * Slide decks (issue 20, item 2): docjobs vs LibreOffice on the same generated files.
 *
 *   node bench/formats-slides.ts [--decks 20] [--slides 12]
 *
 * Decks are made with pptxgenjs (test/slides-deck.ts: title placeholder, nested bullets, a text
 * box, a table, a picture with alt text, speaker notes) from seeded words, into a temp dir, and
 * converted to ODP by `soffice --headless --convert-to odp`. The peer is LibreOffice Impress:
 * it has no text export for presentations, so `--convert-to pdf` then `pdftotext` (reading order, not -layout), as a
 * user would. Recall: the share of source words found (bag of words); order: word-sequence
 * similarity (src/pipeline/text-similarity.ts) over the visible text, which is all a PDF export
 * holds (notes and alt text are not printed). Throughput: files a second, docjobs parsing on its
 * worker thread one file after another, the peer converting the whole batch in one soffice run.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { closeThreadPools, parseDocument } from '../src/pipeline/parse-document.ts';
import { wordSimilarity } from '../src/pipeline/text-similarity.ts';
import type { ParsedDocument } from '../src/pipeline/types.ts';
import { type DeckSlide, makeDeck } from '../test/slides-deck.ts';
import { machine, makeTempDir, positiveInt, printTable } from './lib.ts';
import { bagOfWords } from './scoring.ts';

const { values } = parseArgs({
  options: { decks: { type: 'string', default: '20' }, slides: { type: 'string', default: '12' } },
});
const deckCount = positiveInt('decks', values.decks!);
const slideCount = positiveInt('slides', values.slides!);

/** Seeded words (mulberry32), so every run scores the same decks. */
function wordsFrom(seed: number): (n: number) => string {
  const vocabulary =
    'revenue margin customer launch partner budget hiring roadmap quarter region market pilot design review risk target growth churn pricing support network storage latency release audit'.split(
      ' ',
    );
  let state = seed;
  const next = () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return (n) =>
    Array.from(
      { length: n },
      () =>
        vocabulary[Math.floor(next() * vocabulary.length)]! +
        (next() < 0.3 ? String(Math.floor(next() * 100)) : ''),
    ).join(' ');
}

interface Source {
  slides: DeckSlide[];
  visible: string;
  all: string;
}

function makeSource(seed: number): Source {
  const w = wordsFrom(seed);
  const slides: DeckSlide[] = Array.from({ length: slideCount }, (_, k) => ({
    title: `${k + 1} ${w(3)}`,
    bullets: [
      [w(6), 0],
      [w(5), 1],
      [w(5), 1],
      [w(6), 0],
    ] as [string, number][],
    aside: w(8),
    table:
      k % 3 === 0
        ? [
            [w(1), w(1), w(1)],
            [w(1), w(1), w(1)],
            [w(1), w(1), w(1)],
          ]
        : undefined,
    notes: w(12),
    pictureAlt: k % 2 === 0 ? w(4) : undefined,
  }));
  // Reading order: title, bullets, the box beside them, the table, then what is not printed.
  const visibleOf = (s: DeckSlide) =>
    [s.title, ...(s.bullets ?? []).map(([t]) => t), s.aside ?? '', ...(s.table ?? []).flat()].join(' ');
  return {
    slides,
    visible: slides.map(visibleOf).join(' '),
    all: slides.map((s) => [visibleOf(s), s.pictureAlt ?? '', s.notes ?? ''].join(' ')).join(' '),
  };
}

const visibleText = (doc: ParsedDocument) =>
  doc.pages
    .flatMap((p) => p.blocks.filter((b) => b.type !== 'notes' && b.type !== 'figure').map((b) => b.text))
    .join(' ');

const dir = makeTempDir('formats-slides');
try {
  const sources = Array.from({ length: deckCount }, (_, k) => makeSource(k + 1));
  const pptxFiles: string[] = [];
  for (const [k, source] of sources.entries()) {
    const file = join(dir.path, `deck${k + 1}.pptx`);
    writeFileSync(file, await makeDeck(source.slides, `Deck ${k + 1}`));
    pptxFiles.push(file);
  }
  const soffice = (to: string, files: string[], out: string) => {
    const started = performance.now();
    execFileSync(
      'soffice',
      [
        '--headless',
        `-env:UserInstallation=file://${dir.path}/lo-profile`,
        '--convert-to',
        to,
        '--outdir',
        out,
        ...files,
      ],
      { stdio: 'ignore' },
    );
    return performance.now() - started;
  };
  soffice('odp', pptxFiles, dir.path);
  const odpFiles = pptxFiles.map((f) => f.replace(/\.pptx$/, '.odp'));

  const rows: string[][] = [];
  for (const kind of ['pptx', 'odp'] as const) {
    const files = kind === 'pptx' ? pptxFiles : odpFiles;
    // docjobs: one warm-up parse (worker start, module load), then every file in turn.
    const signal = new AbortController().signal;
    await parseDocument(readFileSync(files[0]!), { kind, mimeType: '' }, { signal });
    const started = performance.now();
    const docs: ParsedDocument[] = [];
    for (const file of files)
      docs.push(await parseDocument(readFileSync(file), { kind, mimeType: '' }, { signal }));
    const ours = performance.now() - started;

    // Peer: one soffice run for the batch (its ~2 s start-up shared by all files), then pdftotext.
    const pdfDir = join(dir.path, `pdf-${kind}`);
    const peerConvert = soffice('pdf', files, pdfDir);
    const peerStarted = performance.now();
    const peerTexts = files.map((f) => {
      const pdf = join(
        pdfDir,
        f
          .split('/')
          .at(-1)!
          .replace(/\.(pptx|odp)$/, '.pdf'),
      );
      return execFileSync('pdftotext', [pdf, '-'], { encoding: 'utf8' });
    });
    const peer = peerConvert + (performance.now() - peerStarted);

    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    const recall = (out: string, ref: string) => {
      const c = bagOfWords(out, ref);
      return c.matched / c.reference;
    };
    const fmt = (x: number) => x.toFixed(3);
    const oursAll = mean(docs.map((d, k) => recall(d.text, sources[k]!.all)));
    const peerAll = mean(peerTexts.map((t, k) => recall(t, sources[k]!.all)));
    const oursVisible = mean(docs.map((d, k) => recall(visibleText(d), sources[k]!.visible)));
    const peerVisible = mean(peerTexts.map((t, k) => recall(t, sources[k]!.visible)));
    const oursOrder = mean(docs.map((d, k) => wordSimilarity(visibleText(d), sources[k]!.visible)));
    const peerOrder = mean(peerTexts.map((t, k) => wordSimilarity(t, sources[k]!.visible)));
    const rate = (ms: number) => (files.length / (ms / 1000)).toFixed(1);
    rows.push([
      kind,
      'recall, all text (notes, alt text)',
      fmt(oursAll),
      fmt(peerAll),
      (oursAll / peerAll).toFixed(2),
    ]);
    rows.push([
      kind,
      'recall, visible text',
      fmt(oursVisible),
      fmt(peerVisible),
      (oursVisible / peerVisible).toFixed(2),
    ]);
    rows.push([
      kind,
      'reading order (word similarity)',
      fmt(oursOrder),
      fmt(peerOrder),
      (oursOrder / peerOrder).toFixed(2),
    ]);
    rows.push([kind, 'files / s', rate(ours), rate(peer), (peer / ours).toFixed(1)]);
  }
  console.log(`${deckCount} decks × ${slideCount} slides, ${machine()}`);
  console.log(
    'peer: LibreOffice Impress `soffice --headless --convert-to pdf` (one batch run) + `pdftotext`',
  );
  printTable(['format', 'measure', 'docjobs', 'LibreOffice', 'docjobs / peer'], rows);
} finally {
  await closeThreadPools();
  dir.remove();
}
