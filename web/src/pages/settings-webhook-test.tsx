import type { Delivery } from '@docjobs/client';
import { useState } from 'react';
import { useClient } from '../client-context.tsx';
import { ErrorMessage } from '../components/error-message.tsx';
import { formatDate, formatDuration } from '../format.ts';
import { useAction } from './settings-dialog.tsx';

/**
 * Has the server send a signed test event now and shows how the receiver answered: to the saved
 * URL, or to the one typed above before it is saved (the server checks it as it would on save).
 */
export function SendTest({
  url,
  savedUrl,
  onSent,
}: {
  url: string;
  savedUrl: string | null;
  onSent: () => void;
}) {
  const client = useClient();
  const send = useAction();
  const [delivery, setDelivery] = useState<Delivery | null>(null);
  const test = async () => {
    setDelivery(null);
    const answered = await send.run(() => client.webhooks.test(url === savedUrl ? {} : { url }));
    if (answered) setDelivery(answered);
    onSent();
  };
  return (
    <div className="settings-test">
      <h3>Test</h3>
      <button type="button" onClick={test} disabled={send.busy}>
        {send.busy ? 'Sending…' : 'Send test'}
      </button>
      {url !== savedUrl ? <p className="hint">To the URL above, which is not saved yet.</p> : null}
      <div aria-live="polite">
        {send.busy ? <p>Sending a signed test event…</p> : null}
        {send.error ? <ErrorMessage error={send.error} /> : null}
        {delivery ? <TestOutcome delivery={delivery} /> : null}
      </div>
    </div>
  );
}

function TestOutcome({ delivery }: { delivery: Delivery }) {
  const attempt = delivery.attempts?.at(-1);
  const ok = delivery.status === 'delivered';
  return (
    <dl className={`facts settings-outcome ${ok ? 'ok' : 'bad'}`} aria-label="Test outcome">
      <dt>Outcome</dt>
      <dd>
        <strong>{ok ? 'Delivered' : delivery.status === 'failed' ? 'Failed' : 'Not delivered yet'}</strong>
      </dd>
      <dt>Status code</dt>
      <dd>{attempt?.statusCode ?? delivery.lastStatusCode ?? '—'}</dd>
      <dt>Time</dt>
      <dd>{formatDuration(attempt?.latencyMs ?? delivery.lastLatencyMs)}</dd>
      <dt>Sent</dt>
      <dd>{formatDate(attempt?.at ?? delivery.createdAt)}</dd>
      {(attempt?.error ?? delivery.lastError) ? (
        <>
          <dt>Error</dt>
          <dd>{attempt?.error ?? delivery.lastError}</dd>
        </>
      ) : null}
    </dl>
  );
}
