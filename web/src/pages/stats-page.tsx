import { useClient } from '../client-context.tsx';
import { ErrorMessage } from '../components/error-message.tsx';
import { useLoad } from '../use-load.ts';

/** The organisation's job statistics, as the API reports them. */
export function StatsPage() {
  const client = useClient();
  const stats = useLoad((signal) => client.stats({}, { signal }), [client]);
  return (
    <section aria-labelledby="stats-title">
      <h1 id="stats-title">Statistics</h1>
      {stats.state === 'error' ? <ErrorMessage error={stats.error} /> : null}
      {stats.data ? <pre className="result-text">{JSON.stringify(stats.data, null, 2)}</pre> : null}
    </section>
  );
}
