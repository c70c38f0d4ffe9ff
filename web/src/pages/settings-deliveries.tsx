import type { Delivery } from '@docjobs/client';
import { useState } from 'react';
import { useClient } from '../client-context.tsx';
import { ErrorMessage } from '../components/error-message.tsx';
import { formatDate, formatDuration } from '../format.ts';
import { Link } from '../router.tsx';
import { useAction } from './settings-dialog.tsx';
import { useCursorList } from './settings-paging.ts';
import { CursorTable } from './settings-table.tsx';

const pageSize = 20;

/** The recent deliveries, newest first, each with a redeliver button; more by cursor. */
export function DeliveryLog({ round }: { round: number }) {
  const client = useClient();
  const list = useCursorList(
    (cursor, signal) =>
      client.webhooks
        .deliveriesPage({ limit: pageSize, cursor }, { signal })
        .then((page) => ({ ...page, items: page.deliveries })),
    [client, round],
  );
  const redeliver = useAction();
  const [redelivered, setRedelivered] = useState('');

  const again = async (delivery: Delivery) => {
    setRedelivered('');
    const queued = await redeliver.run(() => client.webhooks.redeliver(delivery.id));
    if (queued) setRedelivered(`Delivery ${delivery.id} is queued to be sent again.`);
  };

  return (
    <div className="settings-deliveries">
      <div className="settings-heading-row">
        <h3 id="deliveries-title">Recent deliveries</h3>
        <button type="button" className="secondary" onClick={list.restart}>
          Refresh
        </button>
      </div>
      {redeliver.error ? <ErrorMessage error={redeliver.error} /> : null}
      <p role="status" className="settings-notice">
        {redelivered}
      </p>
      <CursorTable
        list={list}
        labelledBy="deliveries-title"
        columns={['Event', 'Job', 'Status', 'Attempts', 'Last answer', 'Created']}
        empty="No deliveries yet."
        moreLabel="Show older deliveries"
        row={(delivery) => (
          <tr key={delivery.id}>
            <td data-label="Event">
              <code>{delivery.event}</code>
            </td>
            <td data-label="Job">
              {delivery.jobId ? <Link href={`/jobs/${delivery.jobId}`}>{delivery.jobId}</Link> : '—'}
            </td>
            <td data-label="Status">
              <span className={`status settings-delivery-${delivery.status}`}>{delivery.status}</span>
            </td>
            <td data-label="Attempts">{delivery.attemptCount}</td>
            <td data-label="Last answer">
              {delivery.lastStatusCode ?? '—'} · {formatDuration(delivery.lastLatencyMs)}
              {delivery.lastError ? <div className="hint">{delivery.lastError}</div> : null}
            </td>
            <td data-label="Created">{formatDate(delivery.createdAt)}</td>
            <td data-label="Actions">
              {/* A test is not redelivered (the server refuses): Send test makes a new one. */}
              {delivery.event === 'webhook.test' ? (
                '—'
              ) : (
                <button
                  type="button"
                  className="secondary"
                  disabled={redeliver.busy}
                  onClick={() => again(delivery)}
                  aria-label={`Redeliver ${delivery.event} ${delivery.id}`}
                >
                  Redeliver
                </button>
              )}
            </td>
          </tr>
        )}
      />
    </div>
  );
}
