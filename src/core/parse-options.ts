/**
 * The options of a `parse` job, checked at submit so a typo is a 400 rather than a job that
 * fails later. The job keeps them with their defaults filled in: what it shows is what it ran.
 */
import type { ChunkingUsed } from './chunk.ts';
import { checkChunkingOptions } from './chunking-options.ts';
import { didYouMean } from './nearest-name.ts';
import { parsePageSelection } from './page-selection.ts';

export const ocrSettings = ['auto', 'force', 'off'] as const;
export const ocrModes = ['standard', 'premium'] as const;
/**
 * auto: PaddleOCR where it reads the languages asked for (English), tesseract for the rest;
 * paddle or tesseract: that engine alone.
 */
export const ocrEngines = ['auto', 'paddle', 'tesseract'] as const;
/** The languages PaddleOCR's shipped recogniser covers (its characters lack ö ß ñ ç ê). */
export const paddleLanguages: readonly OcrLanguage[] = ['eng'];
/** Shipped as @tesseract.js-data packages: nothing is downloaded at run time. */
export const ocrLanguages = ['eng', 'deu', 'fra', 'spa'] as const;

export type OcrSetting = (typeof ocrSettings)[number];
export type OcrMode = (typeof ocrModes)[number];
export type OcrEngineChoice = (typeof ocrEngines)[number];
export type OcrLanguage = (typeof ocrLanguages)[number];

export interface ParseOptions {
  /** auto: OCR the pages without a usable text layer; force: every page; off: none. */
  ocr: OcrSetting;
  languages: OcrLanguage[];
  ocrMode: OcrMode;
  ocrEngine: OcrEngineChoice;
  /** When the standard pass scores below this, OCR runs again in premium mode. */
  minQuality: number | null;
  /** Only these pages ("1-3,7"); null: all. The result holds them under their own page numbers. */
  pages: string | null;
  /**
   * Between pages in the document's markdown and text, `{page}` standing for the next page's number
   * (e.g. "\n\n<!-- page {page} -->\n\n"); null: a blank line.
   */
  pageSeparator: string | null;
  /**
   * Running heads, footers, page numbers and watermarks are blocks of their own type either way;
   * true keeps them in the text and markdown too.
   */
  keepFurniture: boolean;
  /**
   * A table continued over a page break is marked `continued` either way; true also merges its
   * rows into the table it continues (repeated header rows dropped) and removes it from its page.
   */
  mergeTables: boolean;
  /**
   * Chunks for retrieval (issue 16) in the same job: a parse job's result gains `chunks` beside its
   * pages. Absent: no chunks (a `chunk` job fills in the defaults).
   */
  chunking?: ChunkingUsed;
  /** E-mails: inline images (pictures of the body's layout) become child jobs too when true. */
  email?: { inlineImages: boolean };
}

export const defaultParseOptions: ParseOptions = {
  ocr: 'auto',
  languages: ['eng'],
  ocrMode: 'standard',
  ocrEngine: 'auto',
  minQuality: null,
  pages: null,
  pageSeparator: null,
  keepFurniture: false,
  mergeTables: false,
};

const maxSeparatorLength = 200;

export type Checked<T> = { ok: true; value: T } | { ok: false; field: string; message: string };

const fault = (field: string, message: string): Checked<never> => ({ ok: false, field, message });
const oneOf = (values: readonly string[]) => values.map((v) => `"${v}"`).join(', ');

export function checkParseOptions(options: Record<string, unknown>): Checked<ParseOptions> {
  const known = new Set([...Object.keys(defaultParseOptions), 'chunking', 'email']);
  const unknown = Object.keys(options).find((key) => !known.has(key));
  if (unknown)
    return fault(`options.${unknown}`, `unknown option "${unknown}" for parse${didYouMean(unknown, known)}`);
  const {
    ocr = 'auto',
    ocrMode = 'standard',
    ocrEngine = 'auto',
    minQuality = null,
    keepFurniture = false,
    mergeTables = false,
  } = options;
  if (!(ocrSettings as readonly unknown[]).includes(ocr))
    return fault('options.ocr', `ocr must be one of ${oneOf(ocrSettings)}`);
  if (!(ocrModes as readonly unknown[]).includes(ocrMode))
    return fault('options.ocrMode', `ocrMode must be one of ${oneOf(ocrModes)}`);
  if (!(ocrEngines as readonly unknown[]).includes(ocrEngine))
    return fault('options.ocrEngine', `ocrEngine must be one of ${oneOf(ocrEngines)}`);
  if (minQuality !== null && (typeof minQuality !== 'number' || !(minQuality >= 0 && minQuality <= 1)))
    return fault('options.minQuality', 'minQuality must be a number from 0 to 1');
  if (typeof keepFurniture !== 'boolean')
    return fault('options.keepFurniture', 'keepFurniture must be true or false');
  if (typeof mergeTables !== 'boolean')
    return fault('options.mergeTables', 'mergeTables must be true or false');
  const languages = checkLanguages(options.languages ?? defaultParseOptions.languages);
  if (!languages.ok) return languages;
  const unread = languages.value.find((language) => !paddleLanguages.includes(language));
  if (ocrEngine === 'paddle' && unread !== undefined)
    return fault(
      'options.ocrEngine',
      `ocrEngine "paddle" reads ${paddleLanguages.join(', ')} only, not "${unread}"; use "auto" (PaddleOCR where it can, tesseract elsewhere) or "tesseract"`,
    );
  const { pages = null, pageSeparator = null } = options;
  if (pages !== null) {
    const selection =
      typeof pages === 'string' ? parsePageSelection(pages) : { error: 'pages is a string like "1-3,7"' };
    if ('error' in selection) return fault('options.pages', selection.error);
  }
  if (
    pageSeparator !== null &&
    (typeof pageSeparator !== 'string' || pageSeparator.length > maxSeparatorLength)
  )
    return fault(
      'options.pageSeparator',
      `pageSeparator is a string of at most ${maxSeparatorLength} characters`,
    );
  const chunking = options.chunking === undefined ? null : checkChunkingOptions(options.chunking);
  if (chunking && !chunking.ok) return chunking;
  const email = options.email === undefined ? null : checkEmailOptions(options.email);
  if (email && !email.ok) return email;
  return {
    ok: true,
    value: {
      ocr: ocr as OcrSetting,
      languages: languages.value,
      ocrMode: ocrMode as OcrMode,
      ocrEngine: ocrEngine as OcrEngineChoice,
      minQuality: minQuality as number | null,
      pages: pages as string | null,
      pageSeparator: pageSeparator as string | null,
      keepFurniture,
      mergeTables,
      ...(chunking ? { chunking: chunking.value } : {}),
      ...(email ? { email: email.value } : {}),
    },
  };
}

function checkEmailOptions(value: unknown): Checked<{ inlineImages: boolean }> {
  const help = 'email is {inlineImages: true or false}';
  if (!value || typeof value !== 'object' || Array.isArray(value)) return fault('options.email', help);
  const { inlineImages = false, ...rest } = value as Record<string, unknown>;
  const stray = Object.keys(rest)[0];
  if (stray !== undefined) return fault(`options.email.${stray}`, `unknown option; ${help}`);
  if (typeof inlineImages !== 'boolean') return fault('options.email.inlineImages', help);
  return { ok: true, value: { inlineImages } };
}

/** An array of codes, or tesseract's own "eng+deu" form. */
function checkLanguages(value: unknown): Checked<OcrLanguage[]> {
  const list = typeof value === 'string' ? value.split('+') : value;
  if (!Array.isArray(list) || list.length === 0 || list.length > ocrLanguages.length)
    return fault('options.languages', `languages must be a non-empty list of ${oneOf(ocrLanguages)}`);
  const bad = list.find((code) => !(ocrLanguages as readonly unknown[]).includes(code));
  if (bad !== undefined)
    return fault('options.languages', `language "${bad}" is not shipped; use ${oneOf(ocrLanguages)}`);
  return { ok: true, value: [...new Set(list as OcrLanguage[])] };
}
