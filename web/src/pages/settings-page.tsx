import { useClient } from '../client-context.tsx';
import { ErrorMessage } from '../components/error-message.tsx';
import { useLoad } from '../use-load.ts';

/** The organisation's settings: its webhook, as the API reports it. */
export function SettingsPage(_props: { section: string | null }) {
  const client = useClient();
  const webhook = useLoad((signal) => client.webhooks.getSettings({ signal }), [client]);
  return (
    <section aria-labelledby="settings-title">
      <h1 id="settings-title">Settings</h1>
      <h2>Webhook</h2>
      {webhook.state === 'error' ? <ErrorMessage error={webhook.error} /> : null}
      {webhook.data ? <pre className="result-text">{JSON.stringify(webhook.data, null, 2)}</pre> : null}
    </section>
  );
}
