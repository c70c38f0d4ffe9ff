import { createWorker, OEM } from 'tesseract.js';
import path from 'node:path';
import { readdirSync } from 'node:fs';
const dir = '../shared/corpus/sroie_receipts/images';
const files = readdirSync(dir).sort().slice(0, 12);
for (const variant of ['4.0.0_best_int', '4.0.0']) {
  const w = await createWorker('eng', OEM.LSTM_ONLY, { langPath: path.resolve('node_modules/@tesseract.js-data/eng/' + variant), cacheMethod: 'none', gzip: true });
  await w.recognize(`${dir}/${files[0]}`);
  const t = performance.now(); let conf = 0;
  for (const f of files) { const r = await w.recognize(`${dir}/${f}`, {}, { text: true }); conf += r.data.confidence; }
  console.log(variant, Math.round(performance.now() - t), 'ms', 'mean conf', Math.round(conf / files.length));
  await w.terminate();
}
