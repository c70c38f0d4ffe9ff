/**
 * Documents made of other documents' pages: a range of one (a workflow's split parts) or the
 * pages of several (a job depending on several parents). Text, markdown and the quality score
 * are recomputed from the pages, as read-document computes them.
 */
import { qualityCategory } from '../core/quality.ts';
import { combineScores } from './ocr/quality.ts';
import type { ParsedDocument, ParsedPage } from './types.ts';

/** Pages from..to (1-based, inclusive) as a document of their own, keeping their page numbers. */
export function documentPages(document: ParsedDocument, from: number, to: number): ParsedDocument {
  const errors = (document.errors ?? []).filter((error) => error.page >= from && error.page <= to);
  return documentOfPages(document, document.pages.slice(from - 1, to), errors);
}

/** Several documents as one, pages numbered on; page errors move with their pages. */
export function joinDocuments(documents: readonly ParsedDocument[]): ParsedDocument {
  if (documents.length === 1) return documents[0]!;
  const pages: ParsedPage[] = [];
  const errors: NonNullable<ParsedDocument['errors']> = [];
  for (const document of documents) {
    const offset = pages.length;
    pages.push(...document.pages.map((page) => ({ ...page, page: page.page + offset })));
    errors.push(...(document.errors ?? []).map((error) => ({ ...error, page: error.page + offset })));
  }
  return documentOfPages(documents[0]!, pages, errors);
}

/** The document's score: its pages' scores weighted by their characters (at least 1 each). */
export function documentScore(pages: readonly ParsedPage[]): number | null {
  return combineScores(
    pages
      .filter((page) => typeof page.qualityScore === 'number')
      .map((page) => ({ score: page.qualityScore as number, weight: Math.max(1, page.text.length) })),
  );
}

/**
 * `base` with these pages: text, markdown and the quality score follow from them. `separator`
 * (options.pageSeparator) goes between pages, `{page}` standing for the next page's number.
 */
export function documentOfPages(
  base: ParsedDocument,
  pages: ParsedPage[],
  errors: NonNullable<ParsedDocument['errors']>,
  separator: string | null = null,
): ParsedDocument {
  const qualityScore = documentScore(pages);
  const join = (parts: (page: ParsedPage) => string) =>
    pages.map((page, index) => (index === 0 ? '' : pageBreak(separator, page.page)) + parts(page)).join('');
  return {
    ...base,
    metadata: { ...base.metadata, pages: pages.length },
    pages,
    text: join((page) => page.text),
    markdown: join((page) => page.markdown),
    qualityScore,
    qualityCategory: qualityScore === null ? null : qualityCategory(qualityScore),
    errors,
  };
}

const pageBreak = (separator: string | null, page: number) =>
  separator === null ? '\n\n' : separator.replaceAll('{page}', String(page));
