import type { PageInfo } from '@docjobs/client';
import { useEffect, useState } from 'react';
import { useClient } from '../client-context.tsx';

/** A box to draw on a page, in the page's own units (PDF points, pixels for images). */
export interface PageBox {
  key: string;
  page: number;
  bbox: readonly number[];
  label: string;
  selected: boolean;
}

const stripWidth = 200;
/** Wide enough for a 2× screen at the viewer's ~600 CSS px; the server caps widths at 1600. */
const viewerWidth = 1200;
/** Thumbnails fetched before a "show all" (each is a request, and a render on first view). */
const firstThumbnails = 24;

/** A page image through the client (it needs the API key), as an object URL freed when done. */
function usePageImage(jobId: string, page: number, width: number): { url: string | null; failed: boolean } {
  const client = useClient();
  const [state, setState] = useState<{ url: string | null; failed: boolean }>({ url: null, failed: false });
  useEffect(() => {
    const controller = new AbortController();
    let url: string | null = null;
    setState({ url: null, failed: false });
    client.thumbnail(jobId, page, { width, signal: controller.signal }).then(
      (blob) => {
        if (controller.signal.aborted) return;
        url = URL.createObjectURL(blob);
        setState({ url, failed: false });
      },
      () => {
        if (!controller.signal.aborted) setState({ url: null, failed: true });
      },
    );
    return () => {
      controller.abort();
      if (url) URL.revokeObjectURL(url);
    };
  }, [client, jobId, page, width]);
  return state;
}

function Thumbnail({
  jobId,
  page,
  current,
  onSelect,
}: {
  jobId: string;
  page: number;
  current: boolean;
  onSelect: () => void;
}) {
  const image = usePageImage(jobId, page, stripWidth);
  return (
    <li>
      <button
        type="button"
        className="job-thumb"
        aria-current={current ? 'page' : undefined}
        onClick={onSelect}
      >
        {image.url ? (
          <img src={image.url} alt="" width={stripWidth / 2} />
        ) : (
          <span className="job-thumb-empty">{image.failed ? 'no image' : '…'}</span>
        )}
        <span>Page {page}</span>
      </button>
    </li>
  );
}

/**
 * The document's pages: a strip of thumbnails and the chosen page large, with `boxes` drawn over
 * it. The overlay is an SVG whose viewBox is the page's size in its own units, stretched over the
 * image: the image's scale (its pixels per point) is applied by the browser, whatever width the
 * server rendered.
 */
export function JobViewer({
  jobId,
  pageNumbers,
  pageInfo,
  page,
  onPage,
  boxes,
}: {
  jobId: string;
  pageNumbers: number[];
  pageInfo: PageInfo[] | null;
  page: number;
  onPage: (page: number) => void;
  boxes: PageBox[];
}) {
  const [showAll, setShowAll] = useState(false);
  const image = usePageImage(jobId, page, viewerWidth);
  const size = pageInfo?.find((info) => info.page === page);
  const shown = showAll ? pageNumbers : pageNumbers.slice(0, firstThumbnails);
  const onThisPage = boxes.filter((box) => box.page === page && box.bbox.length === 4);
  const position = pageNumbers.indexOf(page);
  return (
    <section className="job-viewer" aria-label="Document pages">
      <div className="job-viewer-bar">
        <button
          type="button"
          className="secondary"
          disabled={position <= 0}
          onClick={() => onPage(pageNumbers[position - 1]!)}
        >
          Previous page
        </button>
        <span aria-live="polite">
          Page {page} of {pageNumbers.length}
        </span>
        <button
          type="button"
          className="secondary"
          disabled={position < 0 || position >= pageNumbers.length - 1}
          onClick={() => onPage(pageNumbers[position + 1]!)}
        >
          Next page
        </button>
      </div>
      <div
        className="job-page-image"
        // Until the image comes, its box has the page's shape: the layout does not jump when it does.
        style={
          !image.url && size?.width && size.height
            ? { aspectRatio: `${size.width} / ${size.height}` }
            : undefined
        }
      >
        {image.url ? (
          <img src={image.url} alt={`Page ${page} of the document`} />
        ) : (
          <p className="hint">{image.failed ? 'This page has no image.' : 'Loading the page…'}</p>
        )}
        {image.url && size?.width && size.height && onThisPage.length > 0 ? (
          <svg
            className="job-boxes"
            viewBox={`0 0 ${size.width} ${size.height}`}
            preserveAspectRatio="none"
            role="img"
            aria-label={`${onThisPage.length} evidence box(es) on page ${page}`}
          >
            {onThisPage.map((box) => {
              const [x0, y0, x1, y1] = box.bbox as [number, number, number, number];
              return (
                <rect
                  key={box.key}
                  className={box.selected ? 'selected' : undefined}
                  x={x0}
                  y={y0}
                  width={Math.max(0, x1 - x0)}
                  height={Math.max(0, y1 - y0)}
                  vectorEffect="non-scaling-stroke"
                >
                  <title>{box.label}</title>
                </rect>
              );
            })}
          </svg>
        ) : null}
      </div>
      <ol className="job-thumbs" aria-label="Pages">
        {shown.map((n) => (
          <Thumbnail key={n} jobId={jobId} page={n} current={n === page} onSelect={() => onPage(n)} />
        ))}
      </ol>
      {shown.length < pageNumbers.length ? (
        <button type="button" className="secondary" onClick={() => setShowAll(true)}>
          Show all {pageNumbers.length} pages
        </button>
      ) : null}
    </section>
  );
}
