import { type ReactNode, useEffect, useRef, useState } from 'react';

/**
 * Bar charts drawn as SVG (a chart library would be most of the console's bundle). Each chart is
 * drawn at its container's width in pixels, so that its text stays legible on a phone, and comes
 * with its numbers as a table: the text alternative, and a way to read exact values.
 */

export interface Series {
  name: string;
  /** A CSS colour (a variable of stats-page.css); the legend and the table name it too. */
  colour: string;
  /** null: nothing to measure (a day without completed jobs has no p50); drawn as no bar, "—" in the table. */
  values: (number | null)[];
}

const height = 220;
const margin = { top: 12, right: 8, bottom: 28, left: 44 };

/**
 * Bars per category (a day, a bucket), their series stacked; or, with `overlap`, each drawn from
 * zero and narrower than the one before (measures of one thing, like p95 around p50).
 */
export function StackedBarChart({
  title,
  categories,
  series,
  format = String,
  categoryHeader,
  overlap = false,
}: {
  title: string;
  categories: string[];
  series: Series[];
  format?: (value: number) => string;
  categoryHeader: string;
  overlap?: boolean;
}) {
  const [ref, width] = useWidth<HTMLDivElement>();
  const totals = categories.map((_, i) => series.reduce((sum, s) => sum + (s.values[i] ?? 0), 0));
  const highest = Math.max(0, ...series.flatMap((s) => s.values.map((v) => v ?? 0)));
  const top = niceMax(overlap ? highest : Math.max(0, ...totals));
  const plotWidth = Math.max(0, width - margin.left - margin.right);
  const plotHeight = height - margin.top - margin.bottom;
  const step = categories.length > 0 ? plotWidth / categories.length : 0;
  const barWidth = Math.max(1, Math.min(48, step * 0.7));
  const y = (value: number) => margin.top + plotHeight - (top > 0 ? (value / top) * plotHeight : 0);
  // Every k-th label, so that labels of ~5.5 characters at 11 px never overlap.
  const labelEvery = Math.max(1, Math.ceil(categories.length / Math.max(1, Math.floor(plotWidth / 64))));
  const grand = totals.reduce((a, b) => a + b, 0);
  const summary = overlap ? `highest ${format(highest)}` : `${format(grand)} in all`;
  return (
    <ChartFrame title={title} series={series}>
      <div ref={ref} className="stats-plot">
        {width > 0 ? (
          <svg width={width} height={height} role="img" aria-label={`${title}: ${summary}`}>
            <Axis top={top} y={y} width={width} format={format} />
            {categories.map((category, i) => {
              let base = 0;
              const x = margin.left + step * i + (step - barWidth) / 2;
              return (
                <g key={category}>
                  {series.map((s, k) => {
                    const value = s.values[i] ?? 0;
                    if (value <= 0) return null;
                    const from = overlap ? 0 : base;
                    const to = from + value;
                    base = to;
                    // Overlapping bars narrow by a fifth each, so that the ones behind still show.
                    const inset = overlap ? (barWidth * k) / 5 : 0;
                    return (
                      <rect
                        key={s.name}
                        x={x + inset}
                        y={y(to)}
                        width={barWidth - 2 * inset}
                        height={Math.max(0, y(from) - y(to))}
                        style={{ fill: s.colour }}
                      >
                        <title>{`${category}, ${s.name}: ${format(value)}`}</title>
                      </rect>
                    );
                  })}
                  {i === categories.length - 1 ||
                  (i % labelEvery === 0 && categories.length - 1 - i >= labelEvery) ? (
                    <text x={x + barWidth / 2} y={height - 8} textAnchor="middle" className="stats-tick">
                      {category}
                    </text>
                  ) : null}
                </g>
              );
            })}
          </svg>
        ) : null}
      </div>
      <NumbersTable
        caption={title}
        header={categoryHeader}
        rows={categories.map((category, i) => [
          category,
          ...series.map((s) => s.values[i] ?? null),
          ...(overlap ? [] : [totals[i] ?? 0]),
        ])}
        columns={[...series.map((s) => s.name), ...(overlap ? [] : ['Total'])]}
        format={format}
      />
    </ChartFrame>
  );
}

/** One bar per row, across: few named values (statuses, percentiles). */
export function HorizontalBarChart({
  title,
  rows,
  format = String,
  header,
}: {
  title: string;
  rows: { label: string; value: number; colour: string }[];
  format?: (value: number) => string;
  header: string;
}) {
  const top = Math.max(0, ...rows.map((r) => r.value));
  return (
    <ChartFrame title={title} series={[]}>
      <svg
        className="stats-hbars"
        width="100%"
        height={rows.length * 30}
        role="img"
        aria-label={`${title}: ${rows.map((r) => `${r.label} ${format(r.value)}`).join(', ')}`}
      >
        {rows.map((row, i) => (
          <g key={row.label}>
            <text x="0" y={i * 30 + 19} className="stats-tick">
              {row.label}
            </text>
            {/* Bars start at 40 % of the width, after the labels; their values written at the end. */}
            <rect
              x="40%"
              y={i * 30 + 6}
              height="18"
              width={`${top > 0 ? (45 * row.value) / top : 0}%`}
              style={{ fill: row.colour }}
            />
            <text
              x={`${41 + (top > 0 ? (45 * row.value) / top : 0)}%`}
              y={i * 30 + 19}
              className="stats-tick"
            >
              {format(row.value)}
            </text>
          </g>
        ))}
      </svg>
      <NumbersTable
        caption={title}
        header={header}
        rows={rows.map((r) => [r.label, r.value])}
        columns={['Value']}
        format={format}
      />
    </ChartFrame>
  );
}

function ChartFrame({ title, series, children }: { title: string; series: Series[]; children: ReactNode }) {
  return (
    <figure className="stats-chart">
      <figcaption>{title}</figcaption>
      {series.length > 1 ? (
        <ul className="stats-legend" aria-hidden="true">
          {series.map((s) => (
            <li key={s.name}>
              <span className="stats-swatch" style={{ background: s.colour }} />
              {s.name}
            </li>
          ))}
        </ul>
      ) : null}
      {children}
    </figure>
  );
}

function NumbersTable({
  caption,
  header,
  columns,
  rows,
  format,
}: {
  caption: string;
  header: string;
  columns: string[];
  rows: (string | number | null)[][];
  format: (value: number) => string;
}) {
  return (
    <details className="stats-numbers">
      <summary>Numbers of “{caption}”</summary>
      <div className="stats-table-scroll">
        <table>
          <caption className="visually-hidden">{caption}</caption>
          <thead>
            <tr>
              <th scope="col">{header}</th>
              {columns.map((column) => (
                <th scope="col" key={column}>
                  {column}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map(([label, ...values]) => (
              <tr key={String(label)}>
                <th scope="row">{label}</th>
                {values.map((value, i) => (
                  <td key={columns[i]}>{value === null ? '—' : format(Number(value))}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </details>
  );
}

function Axis({
  top,
  y,
  width,
  format,
}: {
  top: number;
  y: (value: number) => number;
  width: number;
  format: (value: number) => string;
}) {
  const ticks = top > 0 ? [0, top / 4, top / 2, (3 * top) / 4, top] : [0];
  return (
    <g className="stats-axis">
      {ticks.map((tick) => (
        <g key={tick}>
          <line x1={margin.left} x2={width - margin.right} y1={y(tick)} y2={y(tick)} />
          <text x={margin.left - 6} y={y(tick) + 4} textAnchor="end" className="stats-tick">
            {format(tick)}
          </text>
        </g>
      ))}
    </g>
  );
}

/** A top for the axis whose four grid steps are round (1, 2, 3 or 5 × 10ⁿ): 9 → 12, 130 → 200. */
export function niceMax(value: number): number {
  if (value <= 0) return 0;
  const rough = value / 4;
  const magnitude = 10 ** Math.floor(Math.log10(rough));
  const step = [1, 2, 3, 5, 10].map((m) => m * magnitude).find((m) => m >= rough) ?? 10 * magnitude;
  return 4 * step;
}

/** An element's width in pixels, following its resizes. */
function useWidth<E extends HTMLElement>(): [React.RefObject<E | null>, number] {
  const ref = useRef<E>(null);
  const [width, setWidth] = useState(0);
  useEffect(() => {
    const element = ref.current;
    if (!element) return;
    const observer = new ResizeObserver(([entry]) => setWidth(Math.floor(entry?.contentRect.width ?? 0)));
    observer.observe(element);
    return () => observer.disconnect();
  }, []);
  return [ref, width];
}
