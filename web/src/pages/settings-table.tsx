import type { FormEvent, ReactNode } from 'react';
import { ErrorMessage } from '../components/error-message.tsx';

/**
 * The settings lists: a table named by its section heading, column headers with scope, a last
 * column of actions (named for screen readers only), in an overflow container at 1280 px and as
 * cards (table.responsive) under 720 px.
 */
export function SettingsTable({
  labelledBy,
  columns,
  children,
}: {
  labelledBy: string;
  columns: readonly string[];
  children: ReactNode;
}) {
  return (
    <div className="settings-table-wrap">
      <table className="responsive" aria-labelledby={labelledBy}>
        <thead>
          <tr>
            {columns.map((column) => (
              <th scope="col" key={column}>
                {column}
              </th>
            ))}
            <th scope="col">
              <span className="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>{children}</tbody>
      </table>
    </div>
  );
}

/** A list read by cursor (useCursorList) as a table: its error, "none yet", the rows, "more". */
export function CursorTable<T>({
  list,
  labelledBy,
  columns,
  empty,
  moreLabel = 'Show more',
  row,
}: {
  list: { rows: T[]; state: string; error: Error | null; more: (() => void) | null };
  labelledBy: string;
  columns: readonly string[];
  empty: string;
  moreLabel?: string;
  row: (item: T) => ReactNode;
}) {
  return (
    <>
      {list.error ? <ErrorMessage error={list.error} /> : null}
      {list.rows.length === 0 && list.state === 'ready' ? <p className="hint">{empty}</p> : null}
      {list.rows.length > 0 ? (
        <SettingsTable labelledBy={labelledBy} columns={columns}>
          {list.rows.map(row)}
        </SettingsTable>
      ) : null}
      {list.more ? (
        <button type="button" className="secondary" onClick={list.more}>
          {moreLabel}
        </button>
      ) : null}
    </>
  );
}

/** The row header: a name, with its description under it. */
export function NameCell({ name, description }: { name: ReactNode; description?: string | null }) {
  return (
    <th scope="row" data-label="Name">
      {name}
      {description ? <div className="hint">{description}</div> : null}
    </th>
  );
}

/** A "New …" form above a list: its fields, its refusal, one submit button. */
export function InlineForm({
  title,
  submitLabel,
  busy,
  error,
  onSubmit,
  children,
}: {
  title: string;
  submitLabel: string;
  busy: boolean;
  error: Error | null;
  onSubmit: (event: FormEvent) => void;
  children: ReactNode;
}) {
  return (
    <form onSubmit={onSubmit} className="settings-form settings-inline-form">
      <h3>{title}</h3>
      {children}
      {error ? <ErrorMessage error={error} /> : null}
      <div className="settings-actions">
        <button type="submit" disabled={busy}>
          {busy ? 'Working…' : submitLabel}
        </button>
      </div>
    </form>
  );
}
