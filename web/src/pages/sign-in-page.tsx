import { DocjobsError } from '@docjobs/client';
import { type FormEvent, useState } from 'react';
import { ErrorMessage } from '../components/error-message.tsx';
import { clientFor } from '../session.ts';

/**
 * Sign-in by API key. The key is checked with one cheap authenticated call before it is kept;
 * a wrong key is said so here rather than on the first page.
 */
export function SignInPage({ onSignedIn }: { onSignedIn: (apiKey: string) => void }) {
  const [apiKey, setApiKey] = useState('');
  const [error, setError] = useState<Error | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    const key = apiKey.trim();
    if (!key) return;
    setBusy(true);
    setError(null);
    try {
      await clientFor(key).listPage({ limit: 1 });
      onSignedIn(key);
    } catch (caught) {
      const unauthorised = caught instanceof DocjobsError && caught.status === 401;
      setError(
        unauthorised
          ? new Error('This API key is not valid (revoked, or from another server). Check it and try again.')
          : caught instanceof Error
            ? caught
            : new Error(String(caught)),
      );
    } finally {
      setBusy(false);
    }
  }

  return (
    <main className="sign-in">
      <form onSubmit={submit} aria-labelledby="sign-in-title">
        <h1 id="sign-in-title">docjobs</h1>
        <p>Sign in with an API key of your organisation.</p>
        <label htmlFor="api-key">API key</label>
        <input
          id="api-key"
          name="api-key"
          type="password"
          autoComplete="current-password"
          value={apiKey}
          onChange={(event) => setApiKey(event.target.value)}
          required
        />
        <p className="hint">
          The first start of a local server prints one and leaves it in <code>DATA_DIR/api-key</code>. It is
          kept in this tab's session storage only.
        </p>
        {error ? <ErrorMessage error={error} /> : null}
        <button type="submit" disabled={busy}>
          {busy ? 'Checking…' : 'Sign in'}
        </button>
      </form>
    </main>
  );
}
