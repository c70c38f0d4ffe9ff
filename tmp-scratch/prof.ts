import { readFileSync, readdirSync } from 'node:fs';
import { readDocument } from '../src/pipeline/read-document.ts';
import { imagePages } from '../src/pipeline/images/image-pages.ts';
import { recognizeImage } from '../src/pipeline/ocr/recognize.ts';
import { closeThreadPools } from '../src/pipeline/parse-document.ts';
import { defaultParseOptions } from '../src/core/parse-options.ts';
const dir = '../shared/corpus/sroie_receipts/images';
const files = readdirSync(dir).sort().slice(0, 12);
const signal = new AbortController().signal;
let dec = 0, rec = 0, whole = 0;
for (const f of files) {
  const bytes = readFileSync(`${dir}/${f}`);
  const t0 = performance.now();
  const [p] = await imagePages(bytes, 'jpeg');
  const t1 = performance.now();
  await recognizeImage((p as any).image.data, { languages: ['eng'], mode: 'standard', signal });
  const t2 = performance.now();
  await readDocument(bytes, { kind: 'jpeg', mimeType: 'image/jpeg' }, { signal }, { ...defaultParseOptions });
  const t3 = performance.now();
  dec += t1 - t0; rec += t2 - t1; whole += t3 - t2;
  console.log(f, (p as any).image.width, (p as any).image.height, Math.round(t1 - t0), Math.round(t2 - t1), Math.round(t3 - t2));
}
console.log('decode', Math.round(dec), 'recognize', Math.round(rec), 'readDocument', Math.round(whole));
await closeThreadPools();
