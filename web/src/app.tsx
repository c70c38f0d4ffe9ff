import { useMemo, useState } from 'react';
import { SessionProvider } from './client-context.tsx';
import { Layout } from './layout.tsx';
import { JobPage } from './pages/job-page.tsx';
import { JobsPage } from './pages/jobs-page.tsx';
import { NotFoundPage } from './pages/not-found-page.tsx';
import { SettingsPage } from './pages/settings-page.tsx';
import { SignInPage } from './pages/sign-in-page.tsx';
import { StatsPage } from './pages/stats-page.tsx';
import { UploadPage } from './pages/upload-page.tsx';
import { type Route, useRoute } from './router.tsx';
import { clientFor, forgetApiKey, saveApiKey, savedApiKey } from './session.ts';
import { useLoad } from './use-load.ts';

export function App() {
  const [apiKey, setApiKey] = useState(savedApiKey);
  const route = useRoute();
  const session = useMemo(
    () =>
      apiKey
        ? {
            client: clientFor(apiKey),
            signOut: () => {
              forgetApiKey();
              setApiKey(null);
            },
          }
        : null,
    [apiKey],
  );
  // The organisation's name for the header (GET /v1/me); without it the header just leaves it out.
  // Only a `ready` answer: while another key's answer loads, the last one's name is not shown.
  const me = useLoad(
    (signal) => (session ? session.client.me({ signal }) : Promise.resolve(null)),
    [session],
  );

  if (!session) {
    return (
      <SignInPage
        onSignedIn={(key) => {
          saveApiKey(key);
          setApiKey(key);
        }}
      />
    );
  }
  return (
    <SessionProvider session={session}>
      <Layout route={route} organisation={me.state === 'ready' ? (me.data?.organisation.name ?? null) : null}>
        <Page route={route} />
      </Layout>
    </SessionProvider>
  );
}

function Page({ route }: { route: Route }) {
  switch (route.page) {
    case 'jobs':
      return <JobsPage query={route.query} />;
    case 'job':
      return <JobPage id={route.id} tab={route.tab} />;
    case 'upload':
      return <UploadPage />;
    case 'stats':
      return <StatsPage />;
    case 'settings':
      return <SettingsPage section={route.section} />;
    case 'not-found':
      return <NotFoundPage />;
  }
}
