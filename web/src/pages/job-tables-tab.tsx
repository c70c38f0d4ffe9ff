import DOMPurify from 'dompurify';
import { useMemo } from 'react';

interface FoundTable {
  page: number | null;
  html: string;
}

/**
 * The result's tables, from its HTML rendering (GET …/result?format=html, which every job type
 * with parsed pages has): each <table> with its spans and header rows as the server built them,
 * sanitised, with the page of the <section data-page> it sits in.
 */
export function tablesOf(documentHtml: string): FoundTable[] {
  const clean = DOMPurify.sanitize(documentHtml, { WHOLE_DOCUMENT: true, RETURN_DOM: true });
  return Array.from(clean.querySelectorAll('table')).map((table) => {
    const page = table.closest('section[data-page]')?.getAttribute('data-page');
    // Header cells name their column for screen readers, as the console's own tables do.
    for (const th of Array.from(table.querySelectorAll('thead th'))) th.setAttribute('scope', 'col');
    return { page: page ? Number(page) : null, html: table.outerHTML };
  });
}

export function JobTablesTab({ html }: { html: string }) {
  const tables = useMemo(() => tablesOf(html), [html]);
  if (tables.length === 0) return <p className="hint">No tables were found in the document.</p>;
  return (
    <div>
      {tables.map((table, k) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: tables have no id; the list never reorders
        <figure key={k} className="job-table">
          <figcaption>
            Table {k + 1}
            {table.page ? ` (page ${table.page})` : ''}
          </figcaption>
          {/* biome-ignore lint/security/noDangerouslySetInnerHtml: sanitised by DOMPurify in tablesOf */}
          <div className="job-table-scroll" dangerouslySetInnerHTML={{ __html: table.html }} />
        </figure>
      ))}
    </div>
  );
}
