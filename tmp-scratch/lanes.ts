import { readFileSync, readdirSync } from 'node:fs';
import { readDocument } from '../src/pipeline/read-document.ts';
import { closeThreadPools } from '../src/pipeline/parse-document.ts';
import { defaultParseOptions } from '../src/core/parse-options.ts';
const dir = '../shared/corpus/sroie_receipts/images';
const files = readdirSync(dir).sort();
const signal = new AbortController().signal;
const lanes = Number(process.argv[2] ?? 2);
await readDocument(readFileSync(`${dir}/${files[0]}`), { kind: 'jpeg', mimeType: 'image/jpeg' }, { signal }, { ...defaultParseOptions });
await Promise.all([readDocument(readFileSync(`${dir}/${files[0]}`), { kind: 'jpeg', mimeType: 'image/jpeg' }, { signal }, { ...defaultParseOptions }), readDocument(readFileSync(`${dir}/${files[1]}`), { kind: 'jpeg', mimeType: 'image/jpeg' }, { signal }, { ...defaultParseOptions })]);
const t = performance.now();
let next = 0;
await Promise.all(Array.from({ length: lanes }, async () => {
  while (next < files.length) {
    const f = files[next++]!;
    await readDocument(readFileSync(`${dir}/${f}`), { kind: 'jpeg', mimeType: 'image/jpeg' }, { signal }, { ...defaultParseOptions });
  }
}));
console.log(lanes, 'lanes', Math.round(performance.now() - t), 'ms for', files.length);
await closeThreadPools();
