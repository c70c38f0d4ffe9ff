import type { components, SubmitInput } from '@docjobs/client';
import { checkSchemaText } from './upload-schema-check.ts';

/**
 * The upload form's state and the submit it makes. The job types offered are those whose options
 * a form can hold: parse, chunk, extract, classify, split. `edit` (a list of page operations) and
 * `workflow` (a list of steps) are left to the API and the CLI.
 */
export const uploadTypes = ['parse', 'chunk', 'extract', 'classify', 'split'] as const;
export type UploadType = (typeof uploadTypes)[number];

type ParseOptions = components['schemas']['ParseOptions'];
export type OcrSetting = NonNullable<ParseOptions['ocr']>;
export type OcrEngine = NonNullable<ParseOptions['ocrEngine']>;
export type OcrMode = NonNullable<ParseOptions['ocrMode']>;
export const ocrSettings: readonly OcrSetting[] = ['auto', 'force', 'off'];
export const ocrEngines: readonly OcrEngine[] = ['auto', 'paddle', 'tesseract'];
export const ocrModes: readonly OcrMode[] = ['standard', 'premium'];

// Type aliases rather than interfaces: the rows editor indexes them by field name.
export type CategoryRow = { key: number; name: string; description: string };
export type MetadataRow = { key: number; name: string; value: string };

export interface UploadForm {
  type: UploadType;
  ocr: OcrSetting;
  ocrEngine: OcrEngine;
  ocrMode: OcrMode;
  /** "1-3,7", empty for every page. */
  pages: string;
  extractSource: 'schema' | 'saved';
  schemaText: string;
  extractorId: string;
  classifySource: 'categories' | 'saved';
  categories: CategoryRow[];
  classifierId: string;
  /** split: "1-3,4-6", empty to cut where the documents change. */
  ranges: string;
  metadata: MetadataRow[];
}

let nextKey = 1;
/** A key for a new row: React needs one that stays with the row when others are removed. */
export const rowKey = () => nextKey++;

export const initialForm = (): UploadForm => ({
  type: 'parse',
  ocr: 'auto',
  ocrEngine: 'auto',
  ocrMode: 'standard',
  pages: '',
  extractSource: 'schema',
  schemaText: JSON.stringify(
    { type: 'object', properties: { total: { type: 'number', description: 'The amount paid' } } },
    null,
    2,
  ),
  extractorId: '',
  classifySource: 'categories',
  categories: [
    { key: rowKey(), name: 'receipt', description: 'A till receipt or bill' },
    { key: rowKey(), name: 'invoice', description: 'An invoice to be paid' },
  ],
  classifierId: '',
  ranges: '',
  metadata: [],
});

/** Page lists as the API writes them: "1-3,7" (1-based). */
const pageList = /^\s*\d+(\s*-\s*\d+)?(\s*,\s*\d+(\s*-\s*\d+)?)*\s*$/;

export type Built = { ok: true; fields: SubmitInput } | { ok: false; problems: string[] };

/**
 * The submit fields the form stands for (without the file), or what to fix first. These are the
 * checks a form can make at once; the server makes them all again and says what it refuses.
 */
export function buildSubmit(form: UploadForm): Built {
  const problems: string[] = [];
  const options: Record<string, unknown> = {
    ocr: form.ocr,
    ocrEngine: form.ocrEngine,
    ocrMode: form.ocrMode,
  };
  if (form.pages.trim()) {
    if (pageList.test(form.pages)) options.pages = form.pages.replace(/\s+/g, '');
    else problems.push('Pages: write page numbers and ranges like 1-3,7.');
  }
  const fields: Record<string, unknown> = { type: form.type };
  if (form.type === 'extract') {
    if (form.extractSource === 'saved') {
      if (form.extractorId) fields.extractorId = form.extractorId;
      else problems.push('Extractor: choose a saved extractor, or type a schema.');
    } else {
      const check = checkSchemaText(form.schemaText);
      if (check.ok) fields.schema = check.schema;
      else problems.push(`Schema: ${check.problem}`);
    }
  }
  if (form.type === 'classify') {
    if (form.classifySource === 'saved') {
      if (form.classifierId) fields.classifierId = form.classifierId;
      else problems.push('Classifier: choose a saved classifier, or name the categories.');
    } else {
      const named = form.categories.filter((c) => c.name.trim());
      const names = named.map((c) => c.name.trim().toLowerCase());
      if (named.length === 0) problems.push('Categories: name at least one category.');
      else if (new Set(names).size !== names.length) problems.push('Categories: each name once.');
      fields.categories = named.map((c) => ({
        name: c.name.trim(),
        ...(c.description.trim() ? { description: c.description.trim() } : {}),
      }));
    }
  }
  if (form.type === 'split' && form.ranges.trim()) {
    if (pageList.test(form.ranges)) options.ranges = form.ranges.replace(/\s+/g, '');
    else problems.push('Ranges: write the parts like 1-3,4-6.');
  }
  const metadata: Record<string, string> = {};
  for (const row of form.metadata) {
    const name = row.name.trim();
    if (!name && !row.value) continue;
    if (!name) problems.push('Metadata: every value needs a key.');
    else if (name in metadata) problems.push(`Metadata: the key "${name}" is given twice.`);
    else metadata[name] = row.value;
  }
  if (Object.keys(metadata).length > 0) fields.metadata = metadata;
  fields.options = options;
  if (problems.length > 0) return { ok: false, problems };
  // The form's fields are those of SubmitFields for the chosen type; the server checks them again.
  return { ok: true, fields: fields as SubmitInput };
}
