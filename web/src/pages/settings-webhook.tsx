import type { WebhookEvent, WebhookSettings } from '@docjobs/client';
import { type FormEvent, useEffect, useState } from 'react';
import { useClient } from '../client-context.tsx';
import { ErrorMessage } from '../components/error-message.tsx';
import { useLoad } from '../use-load.ts';
import { DeliveryLog } from './settings-deliveries.tsx';
import { ConfirmDialog, CopyButton, useAction } from './settings-dialog.tsx';
import { SendTest } from './settings-webhook-test.tsx';

/** Every event the API sends; the type check below fails when the API offers one more. */
const events = [
  'job.completed',
  'job.partial',
  'job.failed',
  'job.timeout',
  'job.cancelled',
] as const satisfies readonly WebhookEvent[];
const everyEventListed: [Exclude<WebhookEvent, (typeof events)[number]>] extends [never] ? true : false =
  true;
void everyEventListed;

type SecretChoice = 'keep' | 'new' | 'own';

/** `whsec_AbCd…WxYz`: enough to tell two secrets apart, never enough to sign with. */
export function maskSecret(secret: string): string {
  const body = secret.replace(/^whsec_/, '').replace(/=+$/, '');
  return `whsec_${body.slice(0, 4)}…${body.slice(-4)}`;
}

export function WebhookSection() {
  const client = useClient();
  const settings = useLoad((signal) => client.webhooks.getSettings({ signal }), [client]);
  const [deliveriesRound, setDeliveriesRound] = useState(0);
  return (
    <section aria-labelledby="webhook-title">
      <h2 id="webhook-title">Webhook</h2>
      <p className="hint">
        Where docjobs sends a signed POST when a job ends. Verify it with the secret (Standard Webhooks: the{' '}
        <code>webhook-signature</code> header).
      </p>
      {settings.state === 'error' ? <ErrorMessage error={settings.error} /> : null}
      {settings.data ? (
        <WebhookForm
          settings={settings.data}
          onSaved={settings.reload}
          onSent={() => setDeliveriesRound((n) => n + 1)}
        />
      ) : settings.state === 'loading' ? (
        <p aria-live="polite">Loading…</p>
      ) : null}
      <DeliveryLog round={deliveriesRound} />
    </section>
  );
}

function WebhookForm({
  settings,
  onSaved,
  onSent,
}: {
  settings: WebhookSettings;
  onSaved: () => void;
  onSent: () => void;
}) {
  const client = useClient();
  const [url, setUrl] = useState(settings.url ?? '');
  const [chosen, setChosen] = useState<ReadonlySet<WebhookEvent>>(new Set(settings.events));
  const [secretChoice, setSecretChoice] = useState<SecretChoice>('keep');
  const [ownSecret, setOwnSecret] = useState('');
  const [notice, setNotice] = useState('');
  const [confirmDelete, setConfirmDelete] = useState(false);
  const save = useAction();
  // A reload after save or delete brings new settings: the form shows them.
  useEffect(() => {
    setUrl(settings.url ?? '');
    setChosen(new Set(settings.events));
  }, [settings]);

  const toggle = (event: WebhookEvent, on: boolean) => {
    const next = new Set(chosen);
    if (on) next.add(event);
    else next.delete(event);
    setChosen(next);
  };
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setNotice('');
    // PUT replaces the whole setting: without a secret the server makes a new one.
    const secret = secretChoice === 'keep' ? settings.secret : secretChoice === 'own' ? ownSecret : undefined;
    const saved = await save.run(() =>
      client.webhooks.updateSettings({
        url: url.trim(),
        events: events.filter((e) => chosen.has(e)),
        secret,
      }),
    );
    if (!saved) return;
    setNotice(
      saved.secret !== settings.secret
        ? `Saved. The secret is new (${maskSecret(saved.secret)}): copy it into your receiver.`
        : 'Saved.',
    );
    setSecretChoice('keep');
    setOwnSecret('');
    onSaved();
  };

  return (
    <>
      <form onSubmit={submit} className="settings-form" aria-describedby="webhook-notice">
        <label htmlFor="webhook-url">URL</label>
        <input
          id="webhook-url"
          type="url"
          required
          placeholder="https://example.com/docjobs-webhook"
          value={url}
          onChange={(event) => setUrl(event.target.value)}
        />
        <fieldset>
          <legend>Events</legend>
          {events.map((event) => (
            <label key={event} className="settings-check">
              <input
                type="checkbox"
                checked={chosen.has(event)}
                onChange={(change) => toggle(event, change.target.checked)}
              />
              <code>{event}</code>
            </label>
          ))}
          <p className="hint">None ticked: every event.</p>
        </fieldset>
        <fieldset>
          <legend>Signing secret</legend>
          <p className="settings-secret">
            Current (shortened): <code>{maskSecret(settings.secret)}</code>{' '}
            <CopyButton text={settings.secret} label="Copy secret" />
          </p>
          <SecretRadio value="keep" choice={secretChoice} onChange={setSecretChoice}>
            Keep it
          </SecretRadio>
          <SecretRadio value="new" choice={secretChoice} onChange={setSecretChoice}>
            Rotate: make a new one
          </SecretRadio>
          <SecretRadio value="own" choice={secretChoice} onChange={setSecretChoice}>
            Set my own
          </SecretRadio>
          {secretChoice === 'own' ? (
            <>
              <label htmlFor="webhook-secret">Your secret</label>
              <input
                id="webhook-secret"
                type="password"
                autoComplete="off"
                required
                placeholder="whsec_…"
                value={ownSecret}
                onChange={(event) => setOwnSecret(event.target.value)}
                aria-describedby="webhook-secret-hint"
              />
              <p id="webhook-secret-hint" className="hint">
                <code>whsec_</code> followed by the base64 of 24 to 64 random bytes.
              </p>
            </>
          ) : null}
        </fieldset>
        {save.error ? <ErrorMessage error={save.error} /> : null}
        <p id="webhook-notice" role="status" className="settings-notice">
          {notice}
        </p>
        <div className="settings-actions">
          <button type="submit" disabled={save.busy}>
            {save.busy ? 'Saving…' : 'Save webhook'}
          </button>
          {settings.url ? (
            <button type="button" className="secondary" onClick={() => setConfirmDelete(true)}>
              Delete webhook
            </button>
          ) : null}
        </div>
      </form>
      {url.trim() ? <SendTest url={url.trim()} savedUrl={settings.url} onSent={onSent} /> : null}
      {confirmDelete ? (
        <ConfirmDialog
          title="Delete the webhook?"
          message={<p>docjobs stops sending events to {settings.url}, and its secret is forgotten.</p>}
          confirmLabel="Delete webhook"
          onConfirm={async () => {
            await client.webhooks.deleteSettings();
            setNotice('Deleted.');
            onSaved();
          }}
          onClose={() => setConfirmDelete(false)}
        />
      ) : null}
    </>
  );
}

function SecretRadio({
  value,
  choice,
  onChange,
  children,
}: {
  value: SecretChoice;
  choice: SecretChoice;
  onChange: (choice: SecretChoice) => void;
  children: string;
}) {
  return (
    <label className="settings-check">
      <input
        type="radio"
        name="webhook-secret-choice"
        value={value}
        checked={choice === value}
        onChange={() => onChange(value)}
      />
      {children}
    </label>
  );
}
