import DOMPurify from 'dompurify';
import { marked } from 'marked';
import { useMemo } from 'react';

/**
 * Markdown is the document's own text, so it is untrusted: marked turns it into HTML and
 * DOMPurify removes scripts, handlers and javascript: links before it is shown. Images are
 * replaced by their alt text: their relative sources (figures/p1-1.png) would load console pages,
 * and a remote source would tell a third party that the document was opened.
 */
export function renderMarkdown(markdown: string): string {
  const html = marked.parse(markdown, { async: false, gfm: true });
  const fragment = DOMPurify.sanitize(html, { RETURN_DOM_FRAGMENT: true });
  for (const image of Array.from(fragment.querySelectorAll('img'))) {
    const note = document.createElement('span');
    note.className = 'job-figure-note';
    note.textContent = `[figure${image.alt ? `: ${image.alt}` : ''}]`;
    image.replaceWith(note);
  }
  for (const link of Array.from(fragment.querySelectorAll('a'))) {
    link.target = '_blank';
    link.rel = 'noopener noreferrer';
  }
  const holder = document.createElement('div');
  holder.append(fragment);
  return holder.innerHTML;
}

export function JobMarkdownTab({ markdown }: { markdown: string }) {
  const html = useMemo(() => renderMarkdown(markdown), [markdown]);
  if (!markdown.trim()) return <p className="hint">The document has no text.</p>;
  // biome-ignore lint/security/noDangerouslySetInnerHtml: sanitised by DOMPurify just above
  return <div className="job-markdown" dangerouslySetInnerHTML={{ __html: html }} />;
}
