import type { ApiKey, CreatedApiKey } from '@docjobs/client';
import { type FormEvent, useState } from 'react';
import { useClient, useSession } from '../client-context.tsx';
import { ErrorMessage } from '../components/error-message.tsx';
import { formatDate } from '../format.ts';
import { useLoad } from '../use-load.ts';
import { ConfirmDialog, CopyButton, SettingsDialog, useAction } from './settings-dialog.tsx';
import { InlineForm, SettingsTable } from './settings-table.tsx';

const shown = (key: ApiKey) => `${key.prefix}…${key.suffix ?? ''}`;

/** The organisation's API keys: list, create (the key is shown once), revoke. */
export function KeysSection() {
  const client = useClient();
  const { signOut } = useSession();
  const keys = useLoad((signal) => client.keys.list({ signal }), [client]);
  const create = useAction();
  const [name, setName] = useState('');
  const [created, setCreated] = useState<CreatedApiKey | null>(null);
  const [revoking, setRevoking] = useState<ApiKey | null>(null);
  const [notice, setNotice] = useState('');

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setNotice('');
    const made = await create.run(() => client.keys.create(name.trim() ? { name: name.trim() } : {}));
    if (!made) return;
    setName('');
    setCreated(made);
    keys.reload();
  };

  return (
    <section aria-labelledby="keys-title">
      <h2 id="keys-title">API keys</h2>
      <p className="hint">
        Every key acts for the whole organisation. docjobs keeps only a hash: a key is shown once, when it is
        made.
      </p>
      <InlineForm
        title="New key"
        submitLabel="Create key"
        busy={create.busy}
        error={create.error}
        onSubmit={submit}
      >
        <label htmlFor="key-name">Name</label>
        <input
          id="key-name"
          placeholder="e.g. billing-service"
          maxLength={200}
          value={name}
          onChange={(event) => setName(event.target.value)}
        />
      </InlineForm>
      <p role="status" className="settings-notice">
        {notice}
      </p>
      {keys.state === 'error' ? <ErrorMessage error={keys.error} /> : null}
      {keys.data ? (
        <SettingsTable labelledBy="keys-title" columns={['Name', 'Key', 'Created', 'Last used', 'State']}>
          {keys.data.map((key) => (
            <tr key={key.id} className={key.revokedAt ? 'settings-revoked' : undefined}>
              <th scope="row" data-label="Name">
                {key.name ?? <span className="hint">(no name)</span>}
                {key.current ? <span className="settings-tag">this console</span> : null}
              </th>
              <td data-label="Key">
                <code>{shown(key)}</code>
              </td>
              <td data-label="Created">{formatDate(key.createdAt)}</td>
              <td data-label="Last used">{formatDate(key.lastUsedAt)}</td>
              <td data-label="State">{key.revokedAt ? `Revoked ${formatDate(key.revokedAt)}` : 'Active'}</td>
              <td data-label="Actions">
                {key.revokedAt ? null : (
                  <button type="button" className="secondary" onClick={() => setRevoking(key)}>
                    Revoke<span className="visually-hidden"> {key.name ?? shown(key)}</span>
                  </button>
                )}
              </td>
            </tr>
          ))}
        </SettingsTable>
      ) : keys.state === 'loading' ? (
        <p aria-live="polite">Loading…</p>
      ) : null}
      {created ? <CreatedKeyDialog created={created} onClose={() => setCreated(null)} /> : null}
      {revoking ? (
        <ConfirmDialog
          title={`Revoke ${revoking.name ?? shown(revoking)}?`}
          message={
            <>
              <p>Requests with this key are refused from now on. This cannot be undone.</p>
              {revoking.current ? (
                <p>
                  <strong>This console signed in with it: you will be signed out.</strong>
                </p>
              ) : null}
            </>
          }
          confirmLabel="Revoke key"
          onConfirm={async () => {
            await client.keys.revoke(revoking.id, { self: revoking.current });
            if (revoking.current) signOut();
            else {
              setNotice(`Revoked ${revoking.name ?? shown(revoking)}.`);
              keys.reload();
            }
          }}
          onClose={() => setRevoking(null)}
        />
      ) : null}
    </section>
  );
}

/** The new key, this once: a read-only field (select it or copy it) and a warning. */
function CreatedKeyDialog({ created, onClose }: { created: CreatedApiKey; onClose: () => void }) {
  return (
    <SettingsDialog title="Your new API key" onClose={onClose}>
      <p className="settings-warning" role="note">
        <strong>Copy it now.</strong> This is the only time it is shown: docjobs keeps only its hash. If you
        lose it, revoke it and make another.
      </p>
      <label htmlFor="new-key">API key{created.name ? ` "${created.name}"` : ''}</label>
      <input
        id="new-key"
        className="settings-code settings-key-field"
        readOnly
        data-autofocus
        value={created.key}
        onFocus={(event) => event.target.select()}
      />
      <div className="settings-actions">
        <CopyButton text={created.key} label="Copy key" />
        <button type="button" onClick={onClose}>
          Done
        </button>
      </div>
    </SettingsDialog>
  );
}
