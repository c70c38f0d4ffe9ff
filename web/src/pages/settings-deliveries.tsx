import type { Delivery } from '@docjobs/client';
import { useState } from 'react';
import { useClient } from '../client-context.tsx';
import { ErrorMessage } from '../components/error-message.tsx';
import { formatDate, formatDuration } from '../format.ts';
import { Link } from '../router.tsx';
import { useAction } from './settings-dialog.tsx';
import { useCursorList } from './settings-paging.ts';

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
  const rows = list.rows;

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
      {list.error ? <ErrorMessage error={list.error} /> : null}
      {redeliver.error ? <ErrorMessage error={redeliver.error} /> : null}
      <p role="status" className="settings-notice">
        {redelivered}
      </p>
      {rows.length === 0 && list.state === 'ready' ? <p className="hint">No deliveries yet.</p> : null}
      {rows.length > 0 ? (
        <div className="settings-table-wrap">
          <table className="responsive" aria-labelledby="deliveries-title">
            <thead>
              <tr>
                <th scope="col">Event</th>
                <th scope="col">Job</th>
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
              {rows.map((delivery) => (
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
                    <button
                      type="button"
                      className="secondary"
                      disabled={redeliver.busy}
                      onClick={() => again(delivery)}
                      aria-label={`Redeliver ${delivery.event} ${delivery.id}`}
                    >
                      Redeliver
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      {list.more ? (
        <button type="button" className="secondary" onClick={list.more}>
          Show older deliveries
        </button>
      ) : null}
    </div>
  );
}
