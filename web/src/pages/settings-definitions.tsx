import { useState } from 'react';
import { useClient } from '../client-context.tsx';
import { ErrorMessage } from '../components/error-message.tsx';
import { formatDate } from '../format.ts';
import type { DefinitionBase } from './settings-definition-fields.tsx';
import type { DefinitionKind } from './settings-definition-kind.ts';
import { ConfirmDialog, useAction } from './settings-dialog.tsx';
import { useCursorList } from './settings-paging.ts';
import { CursorTable, NameCell } from './settings-table.tsx';
import { VersionHistory } from './settings-versions.tsx';

type Mode<Item> =
  | { view: 'list' }
  | { view: 'create' }
  | { view: 'edit'; item: Item }
  | { view: 'history'; item: Item };

export function DefinitionsSection<Item extends DefinitionBase, Input>({
  kind,
}: {
  kind: DefinitionKind<Item, Input>;
}) {
  const api = kind.api(useClient());
  const [mode, setMode] = useState<Mode<Item>>({ view: 'list' });
  const [notice, setNotice] = useState('');
  const [deleting, setDeleting] = useState<Item | null>(null);
  const save = useAction();
  const list = useCursorList(
    (cursor, signal) =>
      api.listPage({ limit: 50, cursor }, { signal }).then((page) => ({
        items: kind.itemsOf(page),
        hasMore: page.hasMore ?? false,
        nextCursor: page.nextCursor ?? null,
      })),
    [api],
  );
  const backToList = (message: string) => {
    setNotice(message);
    setMode({ view: 'list' });
    list.restart();
  };
  const open = (next: Mode<Item>) => {
    save.clear();
    setNotice('');
    setMode(next);
  };
  const titleId = `${kind.noun}s-title`;
  const Form = kind.Form;

  return (
    <section aria-labelledby={titleId}>
      <h2 id={titleId}>{kind.title}</h2>
      <p className="hint">{kind.blurb}</p>
      <p role="status" className="settings-notice">
        {notice}
      </p>
      {mode.view === 'list' ? (
        <>
          <button type="button" onClick={() => open({ view: 'create' })}>
            New {kind.noun}
          </button>
          <CursorTable
            list={list}
            labelledBy={titleId}
            columns={['Name', 'Id', 'Version', 'Updated']}
            empty="None yet."
            row={(item) => (
              <tr key={item.id}>
                <NameCell name={item.name} description={item.description} />
                <td data-label="Id">
                  <code>{item.id}</code>
                </td>
                <td data-label="Version">{item.version}</td>
                <td data-label="Updated">{formatDate(item.updatedAt ?? item.createdAt)}</td>
                <td data-label="Actions">
                  <div className="settings-row-actions">
                    <button type="button" className="secondary" onClick={() => open({ view: 'edit', item })}>
                      Edit<span className="visually-hidden"> {item.name}</span>
                    </button>
                    <button
                      type="button"
                      className="secondary"
                      onClick={() => open({ view: 'history', item })}
                    >
                      History<span className="visually-hidden"> of {item.name}</span>
                    </button>
                    <button type="button" className="secondary" onClick={() => setDeleting(item)}>
                      Delete<span className="visually-hidden"> {item.name}</span>
                    </button>
                  </div>
                </td>
              </tr>
            )}
          />
        </>
      ) : (
        <div className="settings-panel">
          <button type="button" className="link-button" onClick={() => backToList('')}>
            ← All {kind.title.toLowerCase()}
          </button>
          {mode.view === 'create' || mode.view === 'edit' ? (
            <>
              <h3>
                {mode.view === 'create'
                  ? `New ${kind.noun}`
                  : `Edit ${mode.item.name} (version ${mode.item.version})`}
              </h3>
              {mode.view === 'edit' ? <p className="hint">Saving a change makes a new version.</p> : null}
              {save.error ? <ErrorMessage error={save.error} /> : null}
              <Form
                key={mode.view === 'edit' ? `${mode.item.id}@${mode.item.version}` : 'new'}
                initial={mode.view === 'edit' ? mode.item : null}
                submitLabel={mode.view === 'create' ? `Create ${kind.noun}` : 'Save new version'}
                busy={save.busy}
                onSubmit={async (input) => {
                  const saved = await save.run(() =>
                    mode.view === 'edit' ? api.replace(mode.item.id, input) : api.create(input),
                  );
                  if (saved) backToList(`Saved ${saved.name}: version ${saved.version}.`);
                }}
              />
            </>
          ) : (
            <VersionHistory
              kind={kind}
              api={api}
              item={mode.item}
              onRestored={(restored) =>
                backToList(`Restored ${restored.name}: it is now version ${restored.version}.`)
              }
            />
          )}
        </div>
      )}
      {deleting ? (
        <ConfirmDialog
          title={`Delete ${deleting.name}?`}
          message={
            <p>
              Jobs can no longer be submitted with {kind.noun}Id <code>{deleting.id}</code>. Jobs already run
              keep their results.
            </p>
          }
          confirmLabel={`Delete ${kind.noun}`}
          onConfirm={async () => {
            await api.delete(deleting.id);
            backToList(`Deleted ${deleting.name}.`);
          }}
          onClose={() => setDeleting(null)}
        />
      ) : null}
    </section>
  );
}
