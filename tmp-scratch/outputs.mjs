import { createWorker, OEM } from 'tesseract.js';
import path from 'node:path';
import { readdirSync, readFileSync } from 'node:fs';
import sharp from 'sharp';
const dir = '../shared/corpus/sroie_receipts/images';
const files = readdirSync(dir).sort().slice(0, 12);
const imgs = await Promise.all(files.map(f => sharp(`${dir}/${f}`).greyscale().png().toBuffer()));
const w = await createWorker('eng', OEM.LSTM_ONLY, { langPath: path.resolve('node_modules/@tesseract.js-data/eng/4.0.0_best_int'), cacheMethod: 'none', gzip: true });
await w.recognize(imgs[0]);
for (const out of [{ text: true }, { blocks: true, text: false }, { tsv: true, text: false }, { text: true }, { blocks: true, text: false }, { tsv: true, text: false }]) {
  const t = performance.now();
  for (const img of imgs) await w.recognize(img, {}, out);
  console.log(JSON.stringify(out), Math.round(performance.now() - t));
}
await w.terminate();
