import { useState } from 'react';
import { ErrorMessage } from '../components/error-message.tsx';
import { formatDate } from '../format.ts';
import { useLoad } from '../use-load.ts';
import type { DefinitionBase } from './settings-definition-fields.tsx';
import type { DefinitionKind, DefinitionsClient } from './settings-definition-kind.ts';
import { useAction } from './settings-dialog.tsx';

/**
 * A definition's versions, newest first: show one (read with `version(n)`, as a job that ran with
 * it saw it), restore one (saved again as the newest version: history is never rewritten).
 */
export function VersionHistory<Item extends DefinitionBase, Input>({
  kind,
  api,
  item,
  onRestored,
}: {
  kind: DefinitionKind<Item, Input>;
  api: DefinitionsClient<Item, Input>;
  item: Item;
  onRestored: (restored: Item) => void;
}) {
  // The client types versions() as a list page; the route answers { versions, total, hasMore }.
  const versions = useLoad(
    (signal) =>
      api
        .versions(item.id, { limit: 100 }, { signal })
        .then((page) => (page as { versions?: Item[] }).versions ?? []),
    [api, item.id],
  );
  const [shown, setShown] = useState<number | null>(null);
  const version = useLoad(
    (signal) => (shown === null ? Promise.resolve(null) : api.version(item.id, shown, { signal })),
    [api, item.id, shown],
  );
  const restore = useAction();
  const current = versions.data?.[0]?.version ?? item.version;
  const Summary = kind.Summary;

  return (
    <div className="settings-history">
      <h3 id="history-title">History of {item.name}</h3>
      {versions.state === 'error' ? <ErrorMessage error={versions.error} /> : null}
      {versions.data ? (
        <ol className="settings-version-list" aria-labelledby="history-title">
          {versions.data.map((entry) => (
            <li key={entry.version}>
              <button
                type="button"
                className={shown === entry.version ? '' : 'secondary'}
                aria-pressed={shown === entry.version}
                onClick={() => setShown(entry.version)}
              >
                Version {entry.version}
              </button>{' '}
              <span className="hint">
                {formatDate(entry.updatedAt ?? entry.createdAt)}
                {entry.version === current ? ' · current' : ''}
              </span>
            </li>
          ))}
        </ol>
      ) : (
        <p aria-live="polite">Loading…</p>
      )}
      <div aria-live="polite">
        {version.state === 'error' ? <ErrorMessage error={version.error} /> : null}
        {version.data ? (
          <article className="settings-version" aria-label={`Version ${version.data.version}`}>
            <h4>
              Version {version.data.version}: {version.data.name}
            </h4>
            {version.data.description ? <p>{version.data.description}</p> : null}
            <Summary item={version.data} />
            {restore.error ? <ErrorMessage error={restore.error} /> : null}
            {version.data.version !== current ? (
              <button
                type="button"
                disabled={restore.busy}
                onClick={async () => {
                  const data = version.data;
                  if (!data) return;
                  const restored = await restore.run(() => api.replace(item.id, kind.inputOf(data)));
                  if (restored) onRestored(restored);
                }}
              >
                {restore.busy ? 'Restoring…' : `Restore version ${version.data.version}`}
              </button>
            ) : (
              <p className="hint">This is the current version.</p>
            )}
          </article>
        ) : null}
      </div>
    </div>
  );
}
