import { useState } from 'react';
import { useClient } from '../client-context.tsx';
import { ErrorMessage } from '../components/error-message.tsx';
import { formatDate, formatDuration } from '../format.ts';
import { useLoad } from '../use-load.ts';

/** This job's webhook deliveries (GET /v1/webhooks/deliveries?jobId=), each with a redeliver. */
export function JobWebhooksTab({ jobId }: { jobId: string }) {
  const client = useClient();
  const deliveries = useLoad(
    (signal) => client.webhooks.deliveriesPage({ jobId, limit: 50 }, { signal }),
    [client, jobId],
  );
  const [error, setError] = useState<Error | null>(null);
  const [sending, setSending] = useState<string | null>(null);
  const [said, setSaid] = useState('');

  async function redeliver(id: string) {
    setSending(id);
    setError(null);
    try {
      const delivery = await client.webhooks.redeliver(id);
      setSaid(`Delivery ${delivery.id} queued again.`);
      deliveries.reload();
    } catch (caught) {
      setError(caught instanceof Error ? caught : new Error(String(caught)));
    } finally {
      setSending(null);
    }
  }

  if (deliveries.state === 'error') return <ErrorMessage error={deliveries.error} />;
  if (!deliveries.data) return <p aria-live="polite">Loading the deliveries…</p>;
  const list = deliveries.data.deliveries;
  return (
    <div>
      {error ? <ErrorMessage error={error} /> : null}
      <p className="visually-hidden" aria-live="polite">
        {said}
      </p>
      {list.length === 0 ? (
        <p className="hint">
          No webhook was sent for this job (the organisation has no webhook URL, or the job has not ended).
        </p>
      ) : (
        <table className="responsive job-deliveries">
          <caption className="visually-hidden">Webhook deliveries of this job</caption>
          <thead>
            <tr>
              <th scope="col">Event</th>
              <th scope="col">Status</th>
              <th scope="col">Attempts</th>
              <th scope="col">Last answer</th>
              <th scope="col">Created</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {list.map((delivery) => (
              <tr key={delivery.id}>
                <td data-label="Event">
                  {delivery.event}
                  <div className="hint job-url">{delivery.url}</div>
                </td>
                <td data-label="Status">
                  <span className={`status job-delivery-${delivery.status}`}>{delivery.status}</span>
                </td>
                <td data-label="Attempts">{delivery.attemptCount}</td>
                <td data-label="Last answer">
                  {delivery.lastStatusCode ?? delivery.lastError ?? '—'}
                  {delivery.lastLatencyMs !== null ? ` in ${formatDuration(delivery.lastLatencyMs)}` : ''}
                </td>
                <td data-label="Created">{formatDate(delivery.createdAt)}</td>
                <td data-label="Actions">
                  <button
                    type="button"
                    className="secondary"
                    disabled={sending !== null}
                    onClick={() => redeliver(delivery.id)}
                  >
                    {sending === delivery.id ? 'Sending…' : 'Redeliver'}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
