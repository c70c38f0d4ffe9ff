/**
 * A `generate` job's options (issue 19): the template (inline, or the job's uploaded file), its
 * markup, the data, and the page. Checked at submit so a wrong field is a 400 naming it; the
 * template's own syntax is checked when the job runs (a failed job with TEMPLATE_ERROR saying
 * where), like anything only the document can tell.
 */
import type { Checked } from './parse-options.ts';

export const templateFormats = ['markdown', 'html'] as const;
export type TemplateFormat = (typeof templateFormats)[number];
export const generatePageSizes = ['A4', 'Letter'] as const;
export type GeneratePageSize = (typeof generatePageSizes)[number];

/** A template bigger than this is not a template; data is bounded by the request body limit. */
export const generateLimits = { templateChars: 500_000 } as const;

export interface GenerateTask {
  kind: 'generate';
  /** null: the job's uploaded document is the template. */
  template: string | null;
  /** null: from the uploaded file's name or type, else sniffed (a leading tag means HTML). */
  format: TemplateFormat | null;
  data: Record<string, unknown>;
  pageSize: GeneratePageSize;
  pageNumbers: boolean;
  title: string | null;
}

export const generateOptionNames = [
  'template',
  'templateFormat',
  'data',
  'pageSize',
  'pageNumbers',
  'title',
] as const;

const fault = (field: string, message: string): Checked<never> => ({ ok: false, field, message });

/** `options`: the generate fields of a request's options; `uploaded`: whether a template file came with it. */
export function checkGenerateOptions(
  options: Record<string, unknown>,
  uploaded: boolean,
): Checked<GenerateTask> {
  const { template, templateFormat, data, pageSize, pageNumbers, title } = options;
  if (template !== undefined && uploaded)
    return fault(
      'options.template',
      'give the template inline (options.template) or as the uploaded file, not both',
    );
  if (template === undefined && !uploaded)
    return fault(
      'options.template',
      'a generate job needs a template: options.template (Markdown or HTML with {{placeholders}}), or the template file as its document',
    );
  if (template !== undefined && (typeof template !== 'string' || template.trim() === ''))
    return fault('options.template', 'template is a non-empty string of Markdown or HTML');
  if (typeof template === 'string' && template.length > generateLimits.templateChars)
    return fault('options.template', `template is at most ${generateLimits.templateChars} characters`);
  if (templateFormat !== undefined && !(templateFormats as readonly unknown[]).includes(templateFormat))
    return fault('options.templateFormat', `templateFormat is one of ${templateFormats.join(', ')}`);
  if (data !== undefined && (typeof data !== 'object' || data === null || Array.isArray(data)))
    return fault(
      'options.data',
      'data is a JSON object whose fields the placeholders name, like {"customer": {"name": "Ada"}}',
    );
  if (pageSize !== undefined && !(generatePageSizes as readonly unknown[]).includes(pageSize))
    return fault('options.pageSize', `pageSize is one of ${generatePageSizes.join(', ')}`);
  if (pageNumbers !== undefined && typeof pageNumbers !== 'boolean')
    return fault('options.pageNumbers', 'pageNumbers is true or false');
  if (title !== undefined && title !== null && (typeof title !== 'string' || title.length > 500))
    return fault('options.title', 'title is a string of at most 500 characters');
  return {
    ok: true,
    value: {
      kind: 'generate',
      template: typeof template === 'string' ? template : null,
      format: (templateFormat as TemplateFormat | undefined) ?? null,
      data: (data as Record<string, unknown> | undefined) ?? {},
      pageSize: (pageSize as GeneratePageSize | undefined) ?? 'A4',
      pageNumbers: (pageNumbers as boolean | undefined) ?? true,
      title: (title as string | null | undefined) ?? null,
    },
  };
}

/** The markup of a template: as asked, else from its file's name or type, else a leading tag means HTML. */
export function templateFormatOf(
  asked: TemplateFormat | null,
  template: string,
  fileName: string | null,
  mimeType: string | null,
): TemplateFormat {
  if (asked) return asked;
  if (/\.html?$/i.test(fileName ?? '') || mimeType === 'text/html') return 'html';
  if (/\.(md|markdown)$/i.test(fileName ?? '') || mimeType === 'text/markdown') return 'markdown';
  return /^\s*(<!doctype html|<html|<body|<(h[1-6]|p|div|table|ul|ol)[\s>])/i.test(template)
    ? 'html'
    : 'markdown';
}
