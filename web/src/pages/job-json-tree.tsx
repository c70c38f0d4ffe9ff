import { useState } from 'react';

/** Children listed before a "show more": a parse result can hold thousands of words per page. */
const chunk = 100;

function summary(value: unknown): string {
  if (Array.isArray(value)) return `[${value.length}]`;
  return `{${Object.keys(value as object).length}}`;
}

function Scalar({ value }: { value: unknown }) {
  if (value === null) return <span className="json-null">null</span>;
  if (typeof value === 'string') return <span className="json-string">{JSON.stringify(value)}</span>;
  if (typeof value === 'number') return <span className="json-number">{String(value)}</span>;
  if (typeof value === 'boolean') return <span className="json-boolean">{String(value)}</span>;
  return <span>{String(value)}</span>;
}

function JsonNode({ name, value, depth }: { name: string; value: unknown; depth: number }) {
  const branch = value !== null && typeof value === 'object';
  // The top two levels open: the result's shape shows at once; what is deeper opens on demand.
  const [open, setOpen] = useState(depth < 2);
  const [limit, setLimit] = useState(chunk);
  if (!branch) {
    return (
      <li>
        <span className="json-key">{name}: </span>
        <Scalar value={value} />
      </li>
    );
  }
  const entries = Array.isArray(value)
    ? value.map((item, k) => [String(k), item] as const)
    : Object.entries(value as Record<string, unknown>);
  return (
    <li>
      <button type="button" className="json-toggle" aria-expanded={open} onClick={() => setOpen(!open)}>
        <span aria-hidden="true">{open ? '▾' : '▸'}</span> <span className="json-key">{name}</span>{' '}
        <span className="hint">{summary(value)}</span>
      </button>
      {open ? (
        <ul>
          {entries.slice(0, limit).map(([key, item]) => (
            <JsonNode key={key} name={key} value={item} depth={depth + 1} />
          ))}
          {entries.length > limit ? (
            <li>
              <button type="button" className="link-button" onClick={() => setLimit(limit + chunk * 5)}>
                Show more ({entries.length - limit} left)
              </button>
            </li>
          ) : null}
        </ul>
      ) : null}
    </li>
  );
}

/**
 * A JSON value as a collapsible tree: each object or array is a disclosure button (Tab to it,
 * Enter or Space opens it, aria-expanded says which), so it needs no key handling of its own.
 */
export function JobJsonTree({ value, label }: { value: unknown; label: string }) {
  return (
    <ul className="json-tree" aria-label={label}>
      <JsonNode name="result" value={value} depth={0} />
    </ul>
  );
}
